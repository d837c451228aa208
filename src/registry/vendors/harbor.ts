/**
 * Harbor's REST API (`/api/v2.0`, api/v2.0/swagger.yaml): Harbor gives the catalog to admins
 * only, but lists projects, the repositories of a project, the artifacts of a repository (one per
 * digest, with its tags, size and push times) and deletes a tag alone. Pages are `page` /
 * `page_size` (at most 100) with a `Link` header and `X-Total-Count`.
 *
 * A repository name inside a project goes into the path encoded twice (`a/b` → `a%252Fb`), as
 * the API asks; Basic auth, robot accounts included (`robot$name`). `identify` reads the system
 * info anonymously, for telling a self-hosted Harbor from another registry.
 */
import { drain, readJson } from '../transport/body';
import { isIndexMediaType } from '../oci';
import { isValidDigest, isValidTag, repositoryProblem } from '../imageReference';
import { LIMITS } from '../limits';
import { redactUrl } from '../redact';
import type { CallOptions, FetchResponse, PageOptions } from '../types';
import { byteCount, checkRepository, checkTag, isoTime, pageSize } from './fields';
import type { Call, Page, VendorHttp } from './http';
import type { VendorApi, VendorTag } from './types';

/** Harbor's project names: lowercase letters, digits, `._-`. */
const PROJECT = /^[a-z0-9][a-z0-9._-]{0,254}$/;

/** A project's name and the rest of the repository path, twice encoded for the API's paths. */
function split(repository: string): { project: string; path: string } {
  const slash = repository.indexOf('/');
  const rest = repository.slice(slash + 1);
  return { project: encodeURIComponent(repository.slice(0, slash)), path: encodeURIComponent(encodeURIComponent(rest)) };
}

export class HarborApi implements VendorApi {
  readonly kind = 'harbor';
  readonly untagsAlone = true;

  constructor(private readonly http: VendorHttp) {}

  get apiUrl(): string {
    return this.http.api.apiUrl;
  }

  async *repositories(project?: string, opts: PageOptions = {}): AsyncIterable<string[]> {
    const size = pageSize(opts.pageSize, 100);
    if (project !== undefined) {
      yield* this.repositoriesOf(project, size, opts.signal);
      return;
    }
    const c: Call = { operation: `list the projects on Harbor ${this.http.host}`, subject: 'projects', signal: opts.signal };
    const read = async (url: string): Promise<Page<string>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
      const items = list.map((p) => p?.name).filter((n): n is string => typeof n === 'string' && PROJECT.test(n));
      return { items, raw: list.length, next: this.next(res, url, c, list.length) };
    };
    for await (const projects of this.http.pages(this.http.url('/projects', { page: 1, page_size: size }), c, read, (p) => p)) {
      // A project's last page is not the listing's last while other projects follow: each page
      // leaves whether more follow unsaid (a fresh array), and the listing simply ends.
      for (const p of projects) for await (const page of this.repositoriesOf(p, size, opts.signal)) yield [...page];
    }
  }

  async *tags(repository: string, opts: PageOptions = {}): AsyncIterable<VendorTag[]> {
    const c: Call = { operation: `list the artifacts of ${repository} on Harbor`, subject: `repository ${repository}`, signal: opts.signal };
    checkRepository(repository, c.operation);
    if (!repository.includes('/')) throw this.http.notFound(c, `repository ${repository} (a Harbor repository is inside a project: project/name)`);
    const { project, path } = split(repository);
    // Only tagged artifacts: a repository full of untagged ones would otherwise read as endless empty pages.
    const first = this.http.url(`/projects/${project}/repositories/${path}/artifacts`, {
      with_tag: true,
      q: 'tags=*',
      page: 1,
      page_size: pageSize(opts.pageSize, 100),
    });
    const read = async (url: string): Promise<Page<VendorTag>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
      return { items: list.flatMap(tagsOf), raw: list.length, next: this.next(res, url, c, list.length) };
    };
    yield* this.http.pages(first, c, read, (t) => t.name);
  }

  async untag(repository: string, tag: string, opts: CallOptions = {}): Promise<void> {
    const c: Call = {
      operation: `delete the tag ${repository}:${tag} on Harbor`,
      subject: `tag ${repository}:${tag}`,
      signal: opts.signal,
      ok: [200, 202, 204],
    };
    checkRepository(repository, c.operation);
    checkTag(tag, c.operation);
    if (!repository.includes('/')) throw this.http.notFound(c, `repository ${repository} (a Harbor repository is inside a project: project/name)`);
    const { project, path } = split(repository);
    // An artifact's reference may be a tag: the tag names its own artifact, no lookup needed.
    const t = encodeURIComponent(tag);
    await drain(await this.http.request('DELETE', this.http.url(`/projects/${project}/repositories/${path}/artifacts/${t}/tags/${t}`), c));
  }

  /**
   * Harbor's version when the address answers Harbor's anonymous system info (it carries
   * `auth_mode`); undefined for anything else. Sends no credentials.
   */
  async identify(opts: CallOptions = {}): Promise<string | undefined> {
    const url = this.http.url('/systeminfo');
    const c: Call = { operation: `ask ${this.http.host} whether it is Harbor`, signal: opts.signal };
    const res = await this.http.anonymous('GET', url, c);
    if (res.status !== 200 || !/json/i.test(res.headers.get('content-type') ?? '')) {
      await drain(res);
      return undefined;
    }
    const info = (await readJson(res, LIMITS.vendorInfoBytes, {
      what: 'the system info',
      operation: c.operation,
      url: redactUrl(url),
      host: this.http.host,
    }).catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!info || typeof info.auth_mode !== 'string' || !/^[a-z_]{1,32}$/.test(info.auth_mode)) return undefined;
    const version = typeof info.harbor_version === 'string' && /^[\w.+-]{1,64}$/.test(info.harbor_version) ? ` ${info.harbor_version}` : '';
    return `Harbor${version}`;
  }

  private async *repositoriesOf(project: string, size: number, signal?: AbortSignal): AsyncIterable<string[]> {
    const c: Call = { operation: `list the repositories of the Harbor project ${project}`, subject: `project ${project}`, signal };
    if (!PROJECT.test(project)) throw this.http.notFound(c, `project "${project}" (not a Harbor project name)`);
    const read = async (url: string): Promise<Page<string>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
      // Names come whole (`project/name`); one of another project would be a lie.
      const items = list.map((r) => r?.name).filter((n): n is string => typeof n === 'string' && n.startsWith(`${project}/`) && !repositoryProblem(n));
      return { items, raw: list.length, next: this.next(res, url, c, list.length) };
    };
    yield* this.http.pages(this.http.url(`/projects/${encodeURIComponent(project)}/repositories`, { page: 1, page_size: size }), c, read, (n) => n);
  }

  /** The next page: `Link`, else from `X-Total-Count` when this page was full. */
  private next(res: FetchResponse, url: string, c: Call, got: number): string | undefined {
    const linked = this.http.nextFromLink(res, url, c);
    if (linked || res.headers.get('link') !== null) return linked;
    const u = new URL(url);
    const page = Number(u.searchParams.get('page') ?? 1);
    const size = Number(u.searchParams.get('page_size') ?? 10);
    const total = Number(res.headers.get('x-total-count') ?? NaN);
    if (!Number.isSafeInteger(total) || got < size || page * size >= total) return undefined;
    u.searchParams.set('page', String(page + 1));
    return u.toString();
  }
}

/** The tags of one artifact, each with the artifact's digest, size and media type. */
function tagsOf(a: Record<string, unknown>): VendorTag[] {
  const tags = (Array.isArray(a?.tags) ? a.tags : []) as Record<string, unknown>[];
  const names = tags.map((t) => t?.name).filter((n): n is string => typeof n === 'string' && isValidTag(n));
  const size = byteCount(a.size);
  const mediaType = typeof a.manifest_media_type === 'string' ? a.manifest_media_type : undefined;
  return tags
    .filter((t) => typeof t?.name === 'string' && isValidTag(t.name))
    .map((t) => {
      const name = t.name as string;
      const tag: VendorTag = { name, sameImage: names.filter((n) => n !== name) };
      if (isValidDigest(a.digest)) tag.digest = a.digest;
      const at = isoTime(t.push_time) ?? isoTime(a.push_time);
      if (at) tag.pushedAt = at;
      if (size !== undefined) Object.assign(tag, { size, sizeCounts: 'manifest+config+layers' as const });
      if (mediaType) tag.isIndex = isIndexMediaType(mediaType);
      return tag;
    });
}

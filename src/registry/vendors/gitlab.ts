/**
 * GitLab's REST API (`/api/v4`, doc/api/container_registry.md): GitLab refuses the catalog to
 * normal users, but lists the registry repositories of a group or project, the tags of one, the
 * details of a tag (digest, creation time, size) and deletes a single tag. Pages are `page` /
 * `per_page` (at most 100) with a `Link` header, or `X-Next-Page` where a proxy dropped it.
 *
 * A registry repository has an id inside a project, and its path (`group/project/name`) does not
 * say where the project ends: a listing gives the project's id with each repository, and a
 * repository not listed yet is found by trying its path's prefixes as projects, longest first.
 *
 * The token goes as `Authorization: Bearer` (GitLab accepts personal access tokens there) rather
 * than `PRIVATE-TOKEN`, because the redirect layer drops `Authorization` on a redirect to another
 * host and knows nothing of other headers.
 */
import { drain } from '../transport/body';
import { isRegistryError } from '../errors';
import { forEachLimited } from '../operations/concurrency';
import { isValidDigest, isValidTag, repositoryProblem } from '../imageReference';
import type { CallOptions, FetchResponse, PageOptions } from '../types';
import { byteCount, checkRepository, checkTag, isoTime, pageSize, requireNamespace } from './fields';
import type { Call, Page, VendorHttp } from './http';
import type { VendorApi, VendorTag } from './types';

/** Tag details asked for at once (one request per tag: the list has only names). */
const DETAILS_CONCURRENCY = 4;

/** Where a registry repository lives: its project (id or path) and its own id. */
interface Located {
  project: string;
  id: number;
}

interface Listed {
  path: string;
  located: Located;
}

const notFound = (e: unknown) => isRegistryError(e) && e.kind === 'not-found';

export class GitLabApi implements VendorApi {
  readonly kind = 'gitlab';
  readonly untagsAlone = true;
  private readonly located = new Map<string, Located>();

  constructor(private readonly http: VendorHttp) {}

  get apiUrl(): string {
    return this.http.api.apiUrl;
  }

  async *repositories(namespace?: string, opts: PageOptions = {}): AsyncIterable<string[]> {
    const ns = requireNamespace(namespace, 'a GitLab group or project path', `list registry repositories on GitLab`);
    const c: Call = { operation: `list the registry repositories of ${ns} on GitLab`, subject: `group or project ${ns}`, signal: opts.signal };
    const query = { per_page: pageSize(opts.pageSize, 100), page: 1 };
    let first = this.http.url(`/groups/${encodeURIComponent(ns)}/registry/repositories`, query);
    let page: Page<Listed>;
    try {
      page = await this.repositoryPage(first, c);
    } catch (e) {
      if (!notFound(e)) throw e;
      // Not a group (or not one the login sees): a project.
      first = this.http.url(`/projects/${encodeURIComponent(ns)}/registry/repositories`, query);
      page = await this.repositoryPage(first, c);
    }
    for await (const listed of this.http.pages(
      first,
      c,
      (url) => this.repositoryPage(url, c),
      (r) => r.path,
      page,
    )) {
      yield listed.map((r) => r.path);
    }
  }

  async *tags(repository: string, opts: PageOptions = {}): AsyncIterable<VendorTag[]> {
    const c: Call = { operation: `list the tags of ${repository} on GitLab`, subject: `registry repository ${repository}`, signal: opts.signal };
    checkRepository(repository, c.operation);
    const where = await this.locate(repository, c);
    const base = `/projects/${encodeURIComponent(where.project)}/registry/repositories/${where.id}/tags`;
    const read = async (url: string): Promise<Page<VendorTag>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
      const named = list.filter((t) => typeof t?.name === 'string' && isValidTag(t.name));
      return { items: await this.withDetails(base, named, c), raw: list.length, next: this.next(res, url, c) };
    };
    yield* this.http.pages(this.http.url(base, { per_page: pageSize(opts.pageSize, 100), page: 1 }), c, read, (t) => t.name);
  }

  async untag(repository: string, tag: string, opts: CallOptions = {}): Promise<void> {
    const c: Call = {
      operation: `delete the tag ${repository}:${tag} on GitLab`,
      subject: `tag ${repository}:${tag}`,
      signal: opts.signal,
      ok: [200, 202, 204],
    };
    checkRepository(repository, c.operation);
    checkTag(tag, c.operation);
    const where = await this.locate(repository, c);
    const res = await this.http.request(
      'DELETE',
      this.http.url(`/projects/${encodeURIComponent(where.project)}/registry/repositories/${where.id}/tags/${encodeURIComponent(tag)}`),
      c,
    );
    await drain(res);
  }

  /** A page of registry repositories; each one's project and id are remembered for its tags. */
  private async repositoryPage(url: string, c: Call): Promise<Page<Listed>> {
    const { json, res } = await this.http.json(url, c);
    const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
    const items: Listed[] = [];
    for (const r of list) {
      if (typeof r?.path !== 'string' || repositoryProblem(r.path) || !Number.isSafeInteger(r.id) || !Number.isSafeInteger(r.project_id)) continue;
      const located = { project: String(r.project_id), id: r.id as number };
      this.located.set(r.path, located);
      items.push({ path: r.path, located });
    }
    return { items, raw: list.length, next: this.next(res, url, c) };
  }

  /** The project and id of a registry repository not listed yet: each prefix of its path, longest first, as a project. */
  private async locate(repository: string, c: Call): Promise<Located> {
    const known = this.located.get(repository);
    if (known) return known;
    const parts = repository.split('/');
    for (let n = parts.length; n >= 2; n--) {
      const project = parts.slice(0, n).join('/');
      const look: Call = { ...c, subject: `project ${project}` };
      const first = this.http.url(`/projects/${encodeURIComponent(project)}/registry/repositories`, { per_page: 100, page: 1 });
      try {
        for await (const listed of this.http.pages(
          first,
          look,
          (u) => this.repositoryPage(u, look),
          (r) => r.path,
        )) {
          const hit = listed.find((r) => r.path === repository);
          if (hit) return hit.located;
        }
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    }
    throw this.http.notFound(c, `registry repository ${repository} (no project on its path lists it)`);
  }

  /** Tags with the details GitLab gives one tag at a time (a list that carries digests already is used as it is). */
  private async withDetails(base: string, listed: Record<string, unknown>[], c: Call): Promise<VendorTag[]> {
    const out = new Map<string, VendorTag>();
    await forEachLimited(listed, DETAILS_CONCURRENCY, async (t) => {
      const name = t.name as string;
      let info: Record<string, unknown> = t;
      if (t.digest === undefined) {
        try {
          info = (await this.http.json(this.http.url(`${base}/${encodeURIComponent(name)}`), { ...c, subject: `tag ${name}` })).json as Record<string, unknown>;
        } catch (e) {
          // Deleted between the list and its details: listed without them.
          if (!notFound(e)) throw e;
          info = {};
        }
      }
      out.set(name, toTag(name, info));
    });
    return listed.map((t) => out.get(t.name as string)!);
  }

  /** The next page: `Link`, else `X-Next-Page` (a page number) on the same URL. */
  private next(res: FetchResponse, url: string, c: Call): string | undefined {
    const linked = this.http.nextFromLink(res, url, c);
    if (linked) return linked;
    const n = Number(res.headers.get('x-next-page') || NaN);
    if (!Number.isSafeInteger(n) || n < 1) return undefined;
    const u = new URL(url);
    u.searchParams.set('page', String(n));
    return u.toString();
  }
}

function toTag(name: string, t: Record<string, unknown>): VendorTag {
  const tag: VendorTag = { name };
  if (isValidDigest(t.digest)) tag.digest = t.digest;
  const at = isoTime(t.created_at);
  if (at) tag.pushedAt = at;
  const size = byteCount(t.total_size);
  if (size !== undefined) Object.assign(tag, { size, sizeCounts: 'layers' as const });
  return tag;
}

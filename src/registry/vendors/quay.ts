/**
 * Quay's REST API (`/api/v1`, endpoints/api/repository.py and tag.py): the repositories of a
 * namespace, paged by an opaque `next_page` token that comes in the body; the active tags of a
 * repository (`page` / `limit`, at most 100, `has_additional`), each with its manifest digest,
 * layers size and start time; and deleting one tag. Auth: an OAuth application token as Bearer
 * (robot accounts log in to the registry only).
 */
import { drain } from '../transport/body';
import { isValidDigest, isValidTag, repositoryProblem } from '../imageReference';
import type { CallOptions, PageOptions } from '../types';
import { byteCount, checkRepository, checkTag, isoTime, pageSize, requireNamespace } from './fields';
import type { Call, Page, VendorHttp } from './http';
import type { VendorApi, VendorTag } from './types';

/** `ns/name` → the API's path `ns/name` with each part encoded (Quay reads the rest of the path as the repository). */
const repoPath = (repository: string) => repository.split('/').map(encodeURIComponent).join('/');

export class QuayApi implements VendorApi {
  readonly kind = 'quay';
  readonly untagsAlone = true;

  constructor(private readonly http: VendorHttp) {}

  get apiUrl(): string {
    return this.http.api.apiUrl;
  }

  async *repositories(namespace?: string, opts: PageOptions = {}): AsyncIterable<string[]> {
    const ns = requireNamespace(namespace, 'a Quay namespace (user or organisation)', 'list repositories on Quay');
    const c: Call = { operation: `list the repositories of ${ns} on Quay`, subject: `namespace ${ns}`, signal: opts.signal };
    const first = this.http.url('/repository', { namespace: ns });
    const read = async (url: string): Promise<Page<string>> => {
      const { json } = await this.http.json(url, c);
      const body = json as { repositories?: unknown; next_page?: unknown };
      const list = (Array.isArray(body.repositories) ? body.repositories : []) as Record<string, unknown>[];
      const items = list
        .filter((r) => typeof r?.name === 'string' && (r.namespace === undefined || r.namespace === ns))
        .map((r) => `${ns}/${r.name as string}`)
        .filter((n) => !repositoryProblem(n));
      // The token is opaque and goes back as it came, on the same address.
      const token = typeof body.next_page === 'string' && body.next_page && body.next_page.length <= 4096 ? body.next_page : undefined;
      return { items, raw: list.length, next: token ? this.http.url('/repository', { namespace: ns, next_page: token }) : undefined };
    };
    yield* this.http.pages(first, c, read, (n) => n);
  }

  async *tags(repository: string, opts: PageOptions = {}): AsyncIterable<VendorTag[]> {
    const c: Call = { operation: `list the tags of ${repository} on Quay`, subject: `repository ${repository}`, signal: opts.signal };
    checkRepository(repository, c.operation);
    const limit = pageSize(opts.pageSize, 100);
    const at = (page: number) => this.http.url(`/repository/${repoPath(repository)}/tag/`, { onlyActiveTags: true, limit, page });
    const read = async (url: string): Promise<Page<VendorTag>> => {
      const { json } = await this.http.json(url, c);
      const body = json as { tags?: unknown; has_additional?: unknown };
      const list = (Array.isArray(body.tags) ? body.tags : []) as Record<string, unknown>[];
      const page = Number(new URL(url).searchParams.get('page'));
      return {
        items: list.filter((t) => typeof t?.name === 'string' && isValidTag(t.name)).map(toTag),
        raw: list.length,
        next: body.has_additional === true ? at(page + 1) : undefined,
      };
    };
    yield* this.http.pages(at(1), c, read, (t) => t.name);
  }

  async untag(repository: string, tag: string, opts: CallOptions = {}): Promise<void> {
    const c: Call = { operation: `delete the tag ${repository}:${tag} on Quay`, subject: `tag ${repository}:${tag}`, signal: opts.signal, ok: [200, 202, 204] };
    checkRepository(repository, c.operation);
    checkTag(tag, c.operation);
    await drain(await this.http.request('DELETE', this.http.url(`/repository/${repoPath(repository)}/tag/${encodeURIComponent(tag)}`), c));
  }
}

function toTag(t: Record<string, unknown>): VendorTag {
  const tag: VendorTag = { name: t.name as string };
  if (isValidDigest(t.manifest_digest)) tag.digest = t.manifest_digest;
  const at = isoTime(t.start_ts);
  if (at) tag.pushedAt = at;
  const size = byteCount(t.size);
  if (size !== undefined) Object.assign(tag, { size, sizeCounts: 'layers' as const });
  if (typeof t.is_manifest_list === 'boolean') tag.isIndex = t.is_manifest_list;
  return tag;
}

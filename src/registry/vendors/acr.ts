/**
 * Azure Container Registry's own data-plane API on the registry host (`/acr/v1`;
 * azure-rest-api-specs, containerregistry data-plane 2021-07-01): the repositories (`_catalog`),
 * the tags of a repository with digest and times (`_tags`, newest first with
 * `orderby=timedesc`), and deleting one tag. Pages are `n` / `last` with a `Link` header; ACR
 * sends at most 1,000 tags a page whatever `n` says.
 *
 * ACR's API takes the registry's own Bearer tokens from its `oauth2/token` realm, so these
 * requests go through the client's auth layer with the scopes ACR challenges for:
 * `repository:R:metadata_read` to read tags, `repository:R:delete` to untag,
 * `registry:catalog:*` for the catalog.
 */
import { drain } from '../transport/body';
import { isValidDigest, isValidTag, repositoryProblem } from '../imageReference';
import { CATALOG_SCOPE, repositoryScope } from '../transport/scope';
import type { CallOptions, PageOptions } from '../types';
import { checkRepository, checkTag, isoTime, pageSize } from './fields';
import type { Call, Page, VendorHttp } from './http';
import type { VendorApi, VendorTag } from './types';

export class AcrApi implements VendorApi {
  readonly kind = 'acr';
  readonly untagsAlone = true;

  constructor(private readonly http: VendorHttp) {}

  get apiUrl(): string {
    return this.http.api.apiUrl;
  }

  async *repositories(_namespace?: string, opts: PageOptions = {}): AsyncIterable<string[]> {
    const c: Call = { operation: `list the repositories of ${this.http.host}`, subject: 'catalog', signal: opts.signal, scopes: [CATALOG_SCOPE] };
    const read = async (url: string): Promise<Page<string>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray((json as { repositories?: unknown }).repositories) ? (json as { repositories: unknown[] }).repositories : []) as unknown[];
      const items = list.filter((n): n is string => typeof n === 'string' && !repositoryProblem(n));
      return { items, raw: list.length, next: this.http.nextFromLink(res, url, c) };
    };
    yield* this.http.pages(this.http.url('/_catalog', { n: pageSize(opts.pageSize, 1000), last: opts.last }), c, read, (n) => n);
  }

  async *tags(repository: string, opts: PageOptions = {}): AsyncIterable<VendorTag[]> {
    const c: Call = {
      operation: `list the tags of ${repository}`,
      subject: `repository ${repository}`,
      signal: opts.signal,
      scopes: [repositoryScope(repository, 'metadata_read')],
      repository,
    };
    checkRepository(repository, c.operation);
    const read = async (url: string): Promise<Page<VendorTag>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray((json as { tags?: unknown }).tags) ? (json as { tags: unknown[] }).tags : []) as Record<string, unknown>[];
      return {
        items: list.filter((t) => typeof t?.name === 'string' && isValidTag(t.name)).map(toTag),
        raw: list.length,
        next: this.http.nextFromLink(res, url, c),
      };
    };
    yield* this.http.pages(
      this.http.url(`/${repository}/_tags`, { n: pageSize(opts.pageSize, 1000), orderby: 'timedesc', last: opts.last }),
      c,
      read,
      (t) => t.name,
    );
  }

  async untag(repository: string, tag: string, opts: CallOptions = {}): Promise<void> {
    const c: Call = {
      operation: `delete the tag ${repository}:${tag}`,
      subject: `tag ${repository}:${tag}`,
      signal: opts.signal,
      ok: [200, 202, 204],
      scopes: [repositoryScope(repository, 'delete')],
      repository,
    };
    checkRepository(repository, c.operation);
    checkTag(tag, c.operation);
    await drain(await this.http.request('DELETE', this.http.url(`/${repository}/_tags/${encodeURIComponent(tag)}`), c));
  }
}

function toTag(t: Record<string, unknown>): VendorTag {
  const tag: VendorTag = { name: t.name as string };
  if (isValidDigest(t.digest)) tag.digest = t.digest;
  // When the tag last moved; a tag never moved was last updated when it was created.
  const at = isoTime(t.lastUpdateTime) ?? isoTime(t.createdTime);
  if (at) tag.pushedAt = at;
  return tag;
}

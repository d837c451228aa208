/** Catalog and tag pages, and referrers. */
import { checkDigest, checkRepository, fail, repoUrl, type OpRequest, type RegistryContext } from './context';
import { RegistryError, isRegistryError } from './errors';
import { readErrorBody } from './http';
import { getManifest, MEDIA } from './manifests';
import { nextPageUrl } from './pagination';
import { redactUrl } from './redact';
import { referrersTagOf } from './reference';
import { CATALOG_SCOPE, repositoryScope } from './scope';
import type { Descriptor, PageOptions, ReferrersOptions } from './types';

function firstPageUrl(base: string, opts: PageOptions): string {
  const q = new URLSearchParams();
  if (opts.pageSize) q.set('n', String(opts.pageSize));
  if (opts.last) q.set('last', opts.last);
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

async function* pages(ctx: RegistryContext, first: OpRequest, field: 'repositories' | 'tags', subject: string): AsyncGenerator<string[]> {
  let url: string | undefined = first.url;
  const seen = new Set<string>();
  while (url) {
    if (seen.has(url)) return; // a registry linking a page to itself must not make us loop
    seen.add(url);
    const req: OpRequest = { ...first, url };
    const res = await ctx.request(req);
    if (res.status !== 200) await fail(ctx, res, req, subject);
    let json: any;
    try {
      json = JSON.parse(await res.text());
    } catch {
      throw new RegistryError({ kind: 'protocol', operation: req.operation, url: redactUrl(url), message: `${ctx.host} sent a listing that is not valid JSON.` });
    }
    const list = Array.isArray(json?.[field]) ? json[field].filter((x: unknown) => typeof x === 'string') : [];
    url = nextPageUrl(res.headers.get('link'), url, req.operation);
    yield list;
  }
}

export function catalog(ctx: RegistryContext, opts: PageOptions = {}): AsyncIterable<string[]> {
  const req: OpRequest = { method: 'GET', url: firstPageUrl(`${ctx.baseUrl}/v2/_catalog`, opts), scopes: [CATALOG_SCOPE], operation: `list the repositories of ${ctx.host}`, signal: opts.signal };
  return pages(ctx, req, 'repositories', `The catalog of ${ctx.host}`);
}

export function tags(ctx: RegistryContext, repository: string, opts: PageOptions = {}): AsyncIterable<string[]> {
  const operation = `list the tags of ${repository}`;
  checkRepository(repository, operation);
  const req: OpRequest = { method: 'GET', url: firstPageUrl(repoUrl(ctx, repository, 'tags/list'), opts), scopes: [repositoryScope(repository, 'pull')], repository, operation, signal: opts.signal };
  return pages(ctx, req, 'tags', `The repository ${repository}`);
}

/** OCI 1.1 referrers API; without it (404), the `sha256-<hex>` tag of the fallback tag schema. */
export async function referrers(ctx: RegistryContext, repository: string, digest: string, opts: ReferrersOptions = {}): Promise<Descriptor[]> {
  const operation = `list the referrers of ${repository}@${digest}`;
  checkRepository(repository, operation);
  checkDigest(digest, operation);
  const q = opts.artifactType ? `?${new URLSearchParams({ artifactType: opts.artifactType })}` : '';
  const req: OpRequest = { method: 'GET', url: repoUrl(ctx, repository, `referrers/${digest}${q}`), scopes: [repositoryScope(repository, 'pull')], repository, operation, headers: { accept: MEDIA.ociIndex }, signal: opts.signal };
  let manifests: unknown;
  const res = ctx.noReferrersApi ? undefined : await ctx.request(req);
  if (res?.status === 200) {
    try {
      manifests = JSON.parse(await res.text())?.manifests;
    } catch {
      throw new RegistryError({ kind: 'protocol', operation, url: redactUrl(req.url), message: `${ctx.host} sent a referrers list that is not valid JSON.` });
    }
  } else if (!res || res.status === 404) {
    // A registry with the API answers 404 only for an unknown repository (a registry error body);
    // a bare 404 means the route does not exist.
    if (res && !isRegistryErrorBody(await readErrorBody(res))) ctx.noReferrersApi = true;
    const fallbackTag = referrersTagOf(digest);
    if (opts.knownTags && !opts.knownTags.has(fallbackTag)) return [];
    try {
      manifests = (await getManifest(ctx, repository, fallbackTag, opts)).json?.manifests;
    } catch (e) {
      if (isRegistryError(e) && e.kind === 'not-found') return [];
      throw e;
    }
  } else {
    return fail(ctx, res, req);
  }
  const list = Array.isArray(manifests) ? (manifests as Descriptor[]).filter((d) => d && typeof d.digest === 'string') : [];
  return opts.artifactType ? list.filter((d) => d.artifactType === opts.artifactType) : list;
}

/** Whether a response body is the distribution spec's `{ "errors": [...] }`. */
function isRegistryErrorBody(body: string): boolean {
  try {
    return Array.isArray(JSON.parse(body)?.errors);
  } catch {
    return false;
  }
}

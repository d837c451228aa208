/**
 * Catalog and tag pages, and referrers.
 *
 * A listing ends, whatever the registry does: a `Link` back to a page already read ends it, as
 * does a page that only repeats names already listed (a `last` that does not advance), and no
 * name is listed twice; a chain of empty
 * pages or one past `LIMITS.listPages` stops with a message. A page-size refusal (ECR's 400
 * "maxResults … ≤ 1000", distribution's PAGINATION_NUMBER_INVALID) is retried with a size the
 * registry accepts, which is remembered. Names that cannot be a tag or repository are dropped:
 * they would go into URLs later.
 */
import { readErrorBody, readJson } from '../transport/body';
import { checkDigest, checkRepository, fail, repoUrl, type OpRequest, type RegistryContext } from './registryContext';
import { RegistryError, isRegistryError, parseErrorBody } from '../errors';
import { LIMITS, formatCount } from '../limits';
import { getManifest, MEDIA } from './manifests';
import { asDescriptor, isImageIndex, referrersTagOf, type Descriptor } from '../oci';
import { nextPageUrl } from './pagination';
import { isValidTag, repositoryProblem } from '../imageReference';
import { redactUrl } from '../redact';
import { CATALOG_SCOPE, repositoryScope } from '../transport/scope';
import type { ReferrersOptions } from '../api';
import type { NamePage, PageOptions } from '../types';

/** A page marked with whether another follows; not enumerable, so the page still compares as the plain list of names. */
export function withHasNext(names: string[], hasNext: boolean): NamePage {
  return Object.defineProperty(names, 'hasNext', { value: hasNext, enumerable: false, configurable: true, writable: true });
}

/** Asked for when the caller names no page size: distribution's and ACR's largest page. */
export const DEFAULT_PAGE_SIZE = 1000;

function firstPageUrl(ctx: RegistryContext, base: string, opts: PageOptions): string {
  const q = new URLSearchParams();
  const max = ctx.learned.maxPageSize;
  const n = Math.min(opts.pageSize ?? DEFAULT_PAGE_SIZE, max ?? Infinity);
  q.set('n', String(n));
  if (opts.last) q.set('last', opts.last);
  return `${base}?${q}`;
}

interface Listing {
  field: 'repositories' | 'tags';
  /** Lower-case words for messages: `the tag list of foo/bar`. */
  what: string;
  /** For not-found sentences: `The repository foo/bar`. */
  subject: string;
  valid: (name: string) => boolean;
}

async function* pages(ctx: RegistryContext, first: OpRequest, l: Listing): AsyncGenerator<NamePage> {
  let url: string | undefined = first.url;
  const seenUrls = new Set<string>();
  const seenNames = new Set<string>();
  let read = 0;
  let emptyInARow = 0;
  let yielded = false;
  let sizeRetries = 0;
  while (url) {
    if (seenUrls.has(url)) return; // a Link back to a page already read
    seenUrls.add(url);
    if (read >= LIMITS.listPages) throw stopped(ctx, first, url, `${l.what} goes on past ${formatCount(LIMITS.listPages)} pages; stopped listing it`);
    const req: OpRequest = { ...first, url };
    const res = await ctx.request(req);
    if (res.status === 400 && sizeRetries < 2) {
      const body = await readErrorBody(res);
      const smaller = acceptedPageSize(url, body);
      if (smaller) {
        sizeRetries++;
        ctx.learned.maxPageSize = smaller;
        seenUrls.delete(url);
        const u: URL = new URL(url);
        u.searchParams.set('n', String(smaller));
        url = u.toString();
        continue;
      }
      return fail(ctx, res, req, l.subject, body);
    }
    if (res.status !== 200) return fail(ctx, res, req, l.subject);
    read++;
    const json = (await readJson(res, LIMITS.listPageBytes, { what: l.what, operation: req.operation, url: redactUrl(url), host: ctx.host })) as Record<
      string,
      unknown
    > | null;
    const raw: unknown[] = json && Array.isArray(json[l.field]) ? (json[l.field] as unknown[]) : [];
    const names = raw.filter((x): x is string => typeof x === 'string' && l.valid(x));
    const fresh = names.filter((n) => !seenNames.has(n));
    if (names.length > 0 && fresh.length === 0) return; // the page only repeats what came before
    for (const n of fresh) seenNames.add(n);
    const next = nextPageUrl(res.headers.get('link'), url, req.operation);
    emptyInARow = fresh.length === 0 ? emptyInARow + 1 : 0;
    if (next && emptyInARow >= LIMITS.emptyPagesInARow)
      throw stopped(ctx, first, url, `${ctx.host} kept sending empty pages of ${l.what} (${emptyInARow} in a row); stopped listing it`);
    if (fresh.length > 0 || (!next && !yielded)) {
      yielded = true;
      yield withHasNext(fresh, !!next);
    }
    url = next;
  }
}

function stopped(ctx: RegistryContext, req: OpRequest, url: string, why: string): RegistryError {
  return new RegistryError({
    kind: 'protocol',
    operation: req.operation,
    url: redactUrl(url),
    message: `${why.charAt(0).toUpperCase()}${why.slice(1)}.`,
    hint: `The paging of ${ctx.host} is broken, or the list is larger than this client reads. The names before it are listed.`,
  });
}

/**
 * A page size the registry accepts, when a 400 refused the one asked for: the largest it names
 * ("less than or equal to 1000", "≤ 1000", "maximum 100"), else 1000, then 100.
 */
function acceptedPageSize(url: string, body: string): number | undefined {
  const asked = Number(new URL(url).searchParams.get('n'));
  if (!Number.isSafeInteger(asked) || asked <= 1) return undefined;
  const entries = parseErrorBody(body);
  const text = entries.map((e) => `${e.message ?? ''} ${JSON.stringify(e.detail ?? '')}`).join(' ');
  const aboutSize = entries.some((e) => e.code === 'PAGINATION_NUMBER_INVALID') || /max ?results|page size|\bn\b|number of results|limit/i.test(text);
  if (!aboutSize) return undefined;
  const named = /(?:≤|<=|less than or equal to|at most|maximum(?: of| is)?|max(?:imum)?:?)\s*(\d{1,7})/i.exec(text);
  const limit = named ? Number(named[1]) : undefined;
  const next = limit && limit < asked ? limit : asked > 1000 ? 1000 : asked > 100 ? 100 : undefined;
  return next && next >= 1 ? next : undefined;
}

export function catalog(ctx: RegistryContext, opts: PageOptions = {}): AsyncIterable<NamePage> {
  const req: OpRequest = {
    method: 'GET',
    url: firstPageUrl(ctx, `${ctx.baseUrl}/v2/_catalog`, opts),
    scopes: [CATALOG_SCOPE],
    operation: `list the repositories of ${ctx.host}`,
    signal: opts.signal,
  };
  return pages(ctx, req, {
    field: 'repositories',
    what: `the catalog of ${ctx.host}`,
    subject: `The catalog of ${ctx.host}`,
    valid: (n) => !repositoryProblem(n),
  });
}

export function tags(ctx: RegistryContext, repository: string, opts: PageOptions = {}): AsyncIterable<NamePage> {
  const operation = `list the tags of ${repository}`;
  checkRepository(repository, operation);
  const req: OpRequest = {
    method: 'GET',
    url: firstPageUrl(ctx, repoUrl(ctx, repository, 'tags/list'), opts),
    scopes: [repositoryScope(repository, 'pull')],
    repository,
    operation,
    signal: opts.signal,
  };
  return pages(ctx, req, { field: 'tags', what: `the tag list of ${repository}`, subject: `The repository ${repository}`, valid: isValidTag });
}

/** OCI 1.1 referrers API; without it (404), the `sha256-<hex>` tag of the fallback tag schema. */
export async function referrers(ctx: RegistryContext, repository: string, digest: string, opts: ReferrersOptions = {}): Promise<Descriptor[]> {
  const operation = `list the referrers of ${repository}@${digest}`;
  checkRepository(repository, operation);
  checkDigest(digest, operation);
  const q = opts.artifactType ? `?${new URLSearchParams({ artifactType: opts.artifactType })}` : '';
  const req: OpRequest = {
    method: 'GET',
    url: repoUrl(ctx, repository, `referrers/${digest}${q}`),
    scopes: [repositoryScope(repository, 'pull')],
    repository,
    operation,
    headers: { accept: MEDIA.ociIndex },
    signal: opts.signal,
  };
  let listed: unknown;
  const res = ctx.noReferrersApi ? undefined : await ctx.request(req);
  if (res?.status === 200) {
    const json = (await readJson(res, LIMITS.referrersBytes, {
      what: `the referrers list of ${repository}@${digest}`,
      operation,
      url: redactUrl(req.url),
      host: ctx.host,
    })) as { manifests?: unknown } | null;
    listed = json?.manifests;
  } else if (!res || res.status === 404) {
    // A registry with the API answers 404 only for an unknown repository (a registry error body);
    // a bare 404 means the route does not exist.
    if (res && !isRegistryErrorBody(await readErrorBody(res))) ctx.noReferrersApi = true;
    const fallbackTag = referrersTagOf(digest);
    if (opts.knownTags && !opts.knownTags.has(fallbackTag)) return [];
    try {
      const index = (await getManifest(ctx, repository, fallbackTag, opts)).manifest;
      listed = isImageIndex(index) ? index.manifests : [];
    } catch (e) {
      if (isRegistryError(e) && e.kind === 'not-found') return [];
      throw e;
    }
  } else {
    return fail(ctx, res, req);
  }
  const list = (Array.isArray(listed) ? listed : []).map(asDescriptor).filter((d): d is Descriptor => !!d);
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

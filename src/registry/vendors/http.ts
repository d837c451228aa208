/**
 * What every vendor API client shares: requests through the client's plain sender (redirects,
 * retries, log, timeouts) with the API token attached only on the API's own origin and never over
 * plain http to another machine; every body read under a cap; every failure a RegistryError that
 * names the vendor API and says why; and paging that ends, on the API's origin only.
 */
import { discard, readErrorBody, readJson } from '../transport/body';
import type { OpRequest } from '../operations/registryContext';
import { assertMaySendBasic, type CredentialResolver } from '../transport/credentialResolver';
import { RegistryError } from '../errors';
import type { Sender } from '../transport/http';
import { LIMITS, formatCount } from '../limits';
import { parseLinkHeader } from '../operations/pagination';
import { redactUrl, scrubText } from '../redact';
import type { CallOptions, Credentials, FetchResponse } from '../types';

/** What a vendor API client gets from the registry client. */
export interface VendorDeps {
  /** Layers 2–6 of the transport: redirects (Authorization dropped on another host), retries, log, timeouts. */
  send: Sender;
  /** A request to the registry through its auth layer (ACR's API takes the registry's own Bearer tokens). */
  registryRequest: (r: OpRequest) => Promise<FetchResponse>;
  credentials: CredentialResolver;
  host: string;
  baseUrl: string;
  insecure: boolean;
  userAgent: string;
}

export interface ApiSpec {
  /** For sentences: `GitLab's API`. */
  name: string;
  /** Origin and path, no trailing slash. */
  apiUrl: string;
  /** Headers every request carries (Accept, API version). */
  headers?: Record<string, string>;
  /** The Authorization value for a login; undefined: the request goes anonymous. */
  authorization?: (c: Credentials) => string | undefined;
  /** What to do when the API refuses the login. */
  loginHint: string;
}

export interface Call extends CallOptions {
  /** What the client is doing, in words: `list the tags of foo/bar`. */
  operation: string;
  /** For not-found sentences: `the project foo/bar`. */
  subject?: string;
  /** Statuses that are success (default 200). */
  ok?: number[];
  /** Through the registry's auth layer (ACR): the scopes the request needs. */
  scopes?: string[];
  repository?: string;
}

/** The secret half of a login: what vendor APIs take as their token. */
export const tokenOf = (c: Credentials): string => ('password' in c ? c.password : c.identityToken);

/** One page as a vendor client read it: what it lists, how many entries the API sent (before checks), and the next page. */
export interface Page<T> {
  items: T[];
  raw: number;
  next?: string;
}

/**
 * What still works when this call failed, said after the hint: a listing of repositories falls
 * back to the catalog or the repositories added by hand, a listing of tags to the registry's own
 * tag list; other calls (a delete) have nothing to fall back to, and say nothing.
 */
function withFallback(hint: string | undefined, operation: string): string | undefined {
  const fallback = /^list the (tags|artifacts|versions) /.test(operation)
    ? 'The tree can still read the tags through the registry itself.'
    : /^list /.test(operation)
      ? 'The tree can still list the registry’s catalog, or repositories added by hand.'
      : '';
  return [hint, fallback].filter(Boolean).join(' ') || undefined;
}

export class VendorHttp {
  readonly origin: string;
  readonly host: string;

  constructor(
    private readonly d: VendorDeps,
    readonly api: ApiSpec,
    private readonly login: CredentialResolver = d.credentials,
    /** ACR: requests go through the registry's auth layer instead of carrying a token of their own. */
    private readonly viaRegistry = false,
  ) {
    const u = new URL(api.apiUrl);
    this.origin = u.origin;
    this.host = u.host;
  }

  /** `apiUrl` + path + query (values encoded; undefined ones left out). */
  url(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return `${this.api.apiUrl}${path}${s ? `?${s}` : ''}`;
  }

  /** One request; an answer outside `c.ok` becomes the RegistryError that says why. */
  async request(method: string, url: string, c: Call): Promise<FetchResponse> {
    const target = new URL(url);
    // The token belongs to the API: never to another origin, whatever a page or link says.
    if (target.origin !== this.origin) throw this.refuse(c, `refused to send a request for ${this.api.name} to ${target.host}`);
    const headers: Record<string, string> = { 'user-agent': this.d.userAgent, accept: 'application/json', ...this.api.headers };
    let res: FetchResponse;
    if (this.viaRegistry) {
      res = await this.d
        .registryRequest({ method, url, headers, scopes: c.scopes ?? [], repository: c.repository, operation: c.operation, signal: c.signal })
        .catch((e: unknown) => {
          // The auth layer's sentence names the host only; say which API it was.
          if (e instanceof RegistryError && (e.kind === 'unauthorized' || e.kind === 'denied')) {
            throw new RegistryError({
              kind: e.kind,
              operation: e.operation,
              status: e.status,
              codes: e.codes,
              url: e.url,
              message: `${this.api.name} at ${this.host}: ${e.message}`,
              hint: withFallback(e.hint ?? this.api.loginHint, e.operation),
            });
          }
          throw e;
        });
    } else {
      const login = this.api.authorization ? await this.login.get() : undefined;
      const authorization = login && this.api.authorization?.(login);
      if (authorization) {
        assertMaySendBasic(url, this.d.insecure, { host: this.host, operation: c.operation });
        headers.authorization = authorization;
      }
      res = await this.d.send({ method, url, headers, signal: c.signal, operation: c.operation, target: 'registry' });
    }
    if ((c.ok ?? [200]).includes(res.status)) return res;
    throw await this.failure(res, url, c);
  }

  /** A request without any login, whatever it answers (for probes: nothing secret may go to an address not yet known). */
  async anonymous(method: string, url: string, c: Call): Promise<FetchResponse> {
    if (new URL(url).origin !== this.origin) throw this.refuse(c, `refused to send a request for ${this.api.name} to another address`);
    return this.d.send({
      method,
      url,
      headers: { 'user-agent': this.d.userAgent, accept: 'application/json', ...this.api.headers },
      signal: c.signal,
      operation: c.operation,
      target: 'registry',
    });
  }

  /** A JSON answer (an object or array), read under the vendor page cap; a web page is refused by name. */
  async json(url: string, c: Call): Promise<{ json: unknown; res: FetchResponse }> {
    const res = await this.request('GET', url, c);
    const type = res.headers.get('content-type') ?? '';
    if (/text\/html/i.test(type)) {
      discard(res);
      throw this.htmlInstead(url, c, res.status);
    }
    const json = await readJson(res, LIMITS.vendorPageBytes, {
      what: `the answer of ${this.api.name} to ${c.operation}`,
      operation: c.operation,
      url: redactUrl(url),
      host: this.host,
    });
    if (!json || typeof json !== 'object') throw this.refuse(c, `answered ${c.operation} with something that is neither a JSON object nor a list`, url);
    return { json, res };
  }

  /** The absolute URL of the next page from a `Link` header, on the API's origin only. */
  nextFromLink(res: FetchResponse, url: string, c: Call): string | undefined {
    const next = parseLinkHeader(res.headers.get('link')).find((l) => l.rels.includes('next'));
    return next ? this.sameOrigin(next.url, url, c) : undefined;
  }

  /** `next` resolved against `base`; refused when it leaves the API's origin or is not http(s). */
  sameOrigin(next: string, base: string, c: Call): string {
    let u: URL;
    try {
      u = new URL(next, base);
    } catch {
      throw this.refuse(c, 'named a next page that is not an address; the listing stops here');
    }
    if (u.origin !== this.origin || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
      throw this.refuse(
        c,
        `pointed the next page at another address (${u.protocol === 'https:' || u.protocol === 'http:' ? u.host : 'not http'}); refusing to follow it with your token`,
      );
    }
    return u.toString();
  }

  /**
   * The pages of a listing, lazily. It ends whatever the API does: a page already read, a page
   * that only repeats what came before, too many pages, or a chain of empty ones stop it.
   */
  async *pages<T>(first: string, c: Call, read: (url: string) => Promise<Page<T>>, key: (item: T) => string, firstPage?: Page<T>): AsyncGenerator<T[]> {
    const seenUrls = new Set<string>();
    const seenKeys = new Set<string>();
    let emptyInARow = 0;
    let url: string | undefined = first;
    let ready = firstPage;
    while (url) {
      if (seenUrls.has(url)) return;
      seenUrls.add(url);
      if (seenUrls.size > LIMITS.listPages) throw this.refuse(c, `sent more than ${formatCount(LIMITS.listPages)} pages; stopped listing`, url);
      const page: Page<T> = ready ?? (await read(url));
      ready = undefined;
      const fresh = page.items.filter((i) => !seenKeys.has(key(i)));
      if (page.items.length > 0 && fresh.length === 0) return;
      for (const i of fresh) seenKeys.add(key(i));
      emptyInARow = page.raw === 0 ? emptyInARow + 1 : 0;
      if (page.next && emptyInARow >= LIMITS.emptyPagesInARow) throw this.refuse(c, `kept sending empty pages (${emptyInARow} in a row); stopped listing`, url);
      // Whether more follows, so a caller can tell the last page without asking again (not enumerable: the page stays a plain list).
      if (fresh.length) yield Object.defineProperty(fresh, 'hasNext', { value: !!page.next });
      url = page.next;
    }
  }

  /** `not-found` for something the API's answers did not contain (not a 404 of its own). */
  notFound(c: Call, what: string): RegistryError {
    return new RegistryError({
      kind: 'not-found',
      operation: c.operation,
      message: `${this.api.name} at ${this.host} knows no ${what}.`,
      hint: withFallback('Check the name.', c.operation),
    });
  }

  /** A protocol failure of this API, in one sentence. */
  refuse(c: Call, what: string, url?: string): RegistryError {
    return new RegistryError({
      kind: 'protocol',
      operation: c.operation,
      url: url && redactUrl(url),
      message: `${this.api.name} at ${this.host} ${what} (while trying to ${c.operation}).`,
      hint: withFallback(undefined, c.operation),
    });
  }

  private htmlInstead(url: string, c: Call, status: number): RegistryError {
    return new RegistryError({
      kind: 'protocol',
      operation: c.operation,
      status,
      url: redactUrl(url),
      message: `${this.api.name} at ${this.host} answered with a web page instead of JSON (${status}) while trying to ${c.operation}: a login page, a proxy, or not the API's address.`,
      hint: withFallback('Check the API address of this registry (a single sign-on proxy in front of it answers with its login page).', c.operation),
    });
  }

  private async failure(res: FetchResponse, url: string, c: Call): Promise<RegistryError> {
    const text = await readErrorBody(res);
    const base = { operation: c.operation, status: res.status, url: redactUrl(url) };
    if (/text\/html/i.test(res.headers.get('content-type') ?? '') || /^\s*</.test(text)) return this.htmlInstead(url, c, res.status);
    const said = vendorSaid(text);
    const quoted = said ? `: “${said}”` : '';
    const where = `${this.api.name} at ${this.host}`;
    if (res.status === 401) {
      return new RegistryError({
        ...base,
        kind: 'unauthorized',
        message: `${where} did not accept the login to ${c.operation} (401)${quoted}.`,
        hint: withFallback(this.api.loginHint, c.operation),
      });
    }
    if (res.status === 403) {
      return new RegistryError({
        ...base,
        kind: 'denied',
        message: `${where} refused to ${c.operation} (403)${quoted}: the login is not allowed to.`,
        hint: withFallback(this.api.loginHint, c.operation),
      });
    }
    if (res.status === 404) {
      return new RegistryError({
        ...base,
        kind: 'not-found',
        message: `${where} knows no ${c.subject ?? 'such thing'} (404)${quoted}.`,
        hint: withFallback('Check the name, and that the API address is right (some APIs answer 404 for what the login may not see).', c.operation),
      });
    }
    if (res.status === 429)
      return new RegistryError({
        ...base,
        kind: 'rate-limited',
        message: `${where} is rate limiting requests (429)${quoted}.`,
        hint: 'Wait a while before trying again.',
      });
    if (res.status >= 500)
      return new RegistryError({
        ...base,
        kind: 'server',
        message: `${where} failed with a server error (${res.status})${quoted} while trying to ${c.operation}.`,
        hint: withFallback('Try again later.', c.operation),
      });
    return new RegistryError({
      ...base,
      kind: 'protocol',
      message: `${where} answered ${res.status}${quoted} to ${c.operation}.`,
      hint: withFallback(undefined, c.operation),
    });
  }
}

/**
 * What the vendor said, from the error shapes they use: GitLab and GitHub `message`, Quay
 * `error_message`/`detail`, Harbor and ACR `errors[0].message`, OAuth `error_description`.
 * One line, cut, URLs redacted, token-like text masked.
 */
export function vendorSaid(text: string): string | undefined {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = Array.isArray(json?.errors) ? json.errors[0] : undefined;
  const said = [json?.message, json?.error_message, json?.detail, json?.error_description, json?.error, first?.message, first?.code].find(
    (v) => typeof v === 'string' && v.trim(),
  );
  return said ? scrubText(said.trim(), [], 200) : undefined;
}

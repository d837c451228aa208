/**
 * Docker Hub's own API (hub.docker.com). The registry protocol has no catalog on Docker Hub, but
 * Hub lists the repositories of a namespace (a user or an organisation): public ones to anyone,
 * private ones with a short-lived access token that Hub trades for the user name and password or
 * personal access token (`POST /v2/auth/token`), reused until shortly before it expires.
 * It also lists the tags of a repository with what Hub knows of each (digest, push time, size).
 * Requests go through the client's plain transport (redirects, retries, log, timeouts); the
 * token is sent only to the API's own origin.
 */
import { drain, readErrorBody, readJson } from '../transport/body';
import { CredentialResolver, assertMaySendBasic } from '../transport/credentialResolver';
import { RegistryError, httpError } from '../errors';
import type { Sender } from '../transport/http';
import { LIMITS } from '../limits';
import { redactUrl } from '../redact';
import { isValidDigest, isValidTag, repositoryProblem } from '../imageReference';
import { isIndexMediaType } from '../oci';
import { withHasNext } from '../operations/listing';
import { isSendableToken, type Secrets } from '../transport/secrets';
import type { NamePage, PageOptions } from '../types';
import { byteCount, checkRepository, isoTime, pageSize } from './fields';
import type { VendorTag } from './types';

export const HUB_API_URL = 'https://hub.docker.com';

/** A Docker Hub namespace: a user or organisation name (lowercase letters, digits, `.`, `_`, `-`). */
export function isHubNamespace(name: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/.test(name);
}

/** Hub's access tokens live 10 minutes; one is reused for 9. */
const TOKEN_REUSE_MS = 9 * 60_000;

export interface HubApiDeps {
  send: Sender;
  apiUrl: string;
  credentials: CredentialResolver;
  userAgent: string;
  now: () => number;
  secrets: Secrets;
}

export class HubApi {
  private token?: Promise<{ value: string; until: number } | undefined>;
  private readonly origin: string;

  constructor(private readonly d: HubApiDeps) {
    this.origin = new URL(d.apiUrl).origin;
  }

  /**
   * The tags of `namespace/name` (a name without a namespace is an official image, `library/…`)
   * with Hub's digest, push time (`tag_last_pushed`, else `last_updated`) and size (`full_size`:
   * the compressed layers), a page at a time. `GET /v2/namespaces/{namespace}/
   * repositories/{repository}/tags`, at most 100 a page, in Hub's order.
   */
  async *tags(repository: string, opts: PageOptions = {}): AsyncIterable<VendorTag[]> {
    const operation = `list the tags of ${repository} on Docker Hub`;
    checkRepository(repository, operation);
    const parts = repository.split('/');
    const [ns, name] = parts.length === 1 ? ['library', parts[0]] : [parts[0], parts.slice(1).join('/')];
    if (!isHubNamespace(ns) || name.includes('/')) {
      throw new RegistryError({ kind: 'invalid-reference', operation, message: `"${repository}" is not a Docker Hub repository (namespace/name).` });
    }
    const query = new URLSearchParams({ page_size: String(pageSize(opts.pageSize, 100)) });
    const first = `${this.origin}/v2/namespaces/${ns}/repositories/${encodeURIComponent(name)}/tags?${query}`;
    for await (const results of this.pages(first, operation, opts.signal, `The repository ${ns}/${name}`, `the tags of ${ns}/${name}`)) {
      const tags = results.map(hubTag).filter((t): t is VendorTag => !!t);
      if (tags.length) yield Object.defineProperty(tags, 'hasNext', { value: results.hasNext });
    }
  }

  /** `namespace/name` of every repository in the namespace, a page at a time, by name. */
  async *repositories(namespace: string, opts: PageOptions = {}): AsyncIterable<NamePage> {
    const ns = namespace.trim().toLowerCase();
    const operation = `list the repositories of ${ns} on Docker Hub`;
    if (!isHubNamespace(ns)) {
      throw new RegistryError({ kind: 'invalid-reference', operation, message: `"${namespace}" is not a Docker Hub namespace (a user or organisation name).` });
    }
    const first = `${this.origin}/v2/namespaces/${ns}/repositories?${new URLSearchParams({ page_size: String(opts.pageSize ?? 100), ordering: 'name' })}`;
    for await (const results of this.pages(first, operation, opts.signal, `The namespace ${ns}`, `the repository list of the namespace ${ns}`, true)) {
      const names = results
        .map((r) => r as { name?: unknown; namespace?: unknown })
        .filter((r) => typeof r.name === 'string')
        .map((r) => `${typeof r.namespace === 'string' ? r.namespace : ns}/${r.name as string}`)
        .filter((name) => !repositoryProblem(name));
      if (names.length) yield withHasNext(names, results.hasNext);
    }
  }

  /**
   * The `results` of each page of a Hub listing, following `next` on Hub's own origin. Hub's
   * `next` must end: a link back, a chain of empty pages or too many pages stops it.
   */
  private async *pages(
    first: string,
    operation: string,
    signal: AbortSignal | undefined,
    subject: string,
    what: string,
    endQuietly = false,
  ): AsyncGenerator<unknown[] & { hasNext: boolean }> {
    let url: string | undefined = first;
    const seen = new Set<string>();
    let emptyInARow = 0;
    while (url) {
      if (seen.has(url)) {
        if (endQuietly) return;
        throw new RegistryError({
          kind: 'protocol',
          operation,
          url: redactUrl(url),
          message: `Docker Hub's list of ${what} pointed back at a page already read; stopped listing it.`,
        });
      }
      seen.add(url);
      if (seen.size > LIMITS.listPages || emptyInARow >= LIMITS.emptyPagesInARow) {
        throw new RegistryError({
          kind: 'protocol',
          operation,
          url: redactUrl(url),
          message: `Docker Hub's list of ${what} does not end (${emptyInARow ? 'empty pages' : 'too many pages'}); stopped listing it.`,
        });
      }
      const body = await this.getJson(url, operation, signal, subject, what);
      const results: unknown[] = Array.isArray(body?.results) ? body.results : [];
      emptyInARow = results.length ? 0 : emptyInARow + 1;
      url = typeof body?.next === 'string' && body.next ? this.sameOrigin(body.next, operation) : undefined;
      yield Object.assign(results, { hasNext: !!url });
    }
  }

  private sameOrigin(next: string, operation: string): string {
    let u: URL;
    try {
      u = new URL(next, this.origin);
    } catch {
      throw new RegistryError({ kind: 'protocol', operation, message: 'Docker Hub named a next page that is not an address; the listing stops here.' });
    }
    if (u.origin !== this.origin) {
      throw new RegistryError({
        kind: 'protocol',
        operation,
        url: redactUrl(u.toString()),
        message: `Docker Hub pointed the next page at another host (${u.host}); refusing to follow it.`,
      });
    }
    return u.toString();
  }

  private async getJson(url: string, operation: string, signal: AbortSignal | undefined, subject: string, what: string): Promise<any> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(operation, signal);
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.d.userAgent };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await this.d.send({ method: 'GET', url, headers, signal, operation, target: 'registry' });
      if (res.status === 401 && token && attempt === 0) {
        // The token expired early or was revoked: trade again, once.
        await drain(res);
        this.token = undefined;
        continue;
      }
      if (res.status !== 200) {
        throw httpError({ operation, host: 'hub.docker.com', status: res.status, url: redactUrl(url), body: await readErrorBody(res), subject });
      }
      return readJson(res, LIMITS.hubPageBytes, { what, operation, url: redactUrl(url), host: new URL(url).host });
    }
  }

  /** The access token for the caller's user name and password (or PAT); undefined: anonymous. */
  private async accessToken(operation: string, signal?: AbortSignal): Promise<string | undefined> {
    const now = this.d.now();
    const cached = this.token && (await this.token.catch(() => undefined));
    if (cached && cached.until > now) return cached.value;
    this.token = this.fetchToken(operation, signal);
    this.token.catch(() => (this.token = undefined));
    return (await this.token)?.value;
  }

  private async fetchToken(operation: string, signal?: AbortSignal): Promise<{ value: string; until: number } | undefined> {
    const c = await this.d.credentials.get();
    if (!c || !('password' in c)) return undefined; // an identity token is for the registry, not for Hub's API
    const url = `${this.origin}/v2/auth/token`;
    // The password travels in the body: https only (loopback excepted, for tests).
    assertMaySendBasic(url, false, { host: new URL(url).host, operation: `sign in to Docker Hub to ${operation}` });
    const res = await this.d.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': this.d.userAgent },
      body: Buffer.from(JSON.stringify({ identifier: c.username, secret: c.password })),
      signal,
      operation: `sign in to Docker Hub to ${operation}`,
      target: 'token',
    });
    if (res.status === 401 || res.status === 403) {
      await drain(res);
      throw new RegistryError({
        kind: 'unauthorized',
        operation,
        status: res.status,
        url: redactUrl(url),
        message: `Docker Hub did not accept the password or access token of ${c.username}.`,
        hint: 'Sign in again; with SSO enforced, use a personal access token as the password.',
      });
    }
    if (res.status !== 200)
      throw httpError({ operation: `sign in to Docker Hub`, host: 'hub.docker.com', status: res.status, url: redactUrl(url), body: await readErrorBody(res) });
    const json = (await readJson(res, LIMITS.tokenResponseBytes, { what: 'the sign-in answer', operation, url: redactUrl(url), host: new URL(url).host }).catch(
      () => undefined,
    )) as { access_token?: unknown } | undefined;
    const value = json?.access_token;
    if (typeof value !== 'string' || !value)
      throw new RegistryError({ kind: 'protocol', operation, url: redactUrl(url), message: 'Docker Hub answered the sign-in without an access token.' });
    if (!isSendableToken(value))
      throw new RegistryError({
        kind: 'protocol',
        operation,
        url: redactUrl(url),
        message: 'Docker Hub answered the sign-in with an access token that cannot go in an HTTP header; refusing it.',
      });
    this.d.secrets.add(value);
    return { value, until: this.d.now() + TOKEN_REUSE_MS };
  }
}

/**
 * One entry of Hub's tag list as a `VendorTag`; undefined for one without a usable name. The
 * digest is the tag's own (`digest`): `images[]` holds each platform's, which is the tag's only
 * for a single image, so it is not taken for it. `full_size` is the compressed layers.
 */
export function hubTag(entry: unknown): VendorTag | undefined {
  const t = entry as Record<string, unknown> | null;
  if (!t || typeof t.name !== 'string' || !isValidTag(t.name)) return undefined;
  const tag: VendorTag = { name: t.name };
  if (isValidDigest(t.digest)) tag.digest = t.digest;
  const at = isoTime(t.tag_last_pushed) ?? isoTime(t.last_updated);
  if (at) tag.pushedAt = at;
  const size = byteCount(t.full_size);
  if (size !== undefined) Object.assign(tag, { size, sizeCounts: 'layers' as const });
  const images = Array.isArray(t.images) ? t.images.filter((i) => i && typeof i === 'object' && (i as { os?: unknown }).os !== 'unknown') : undefined;
  if (typeof t.media_type === 'string' && t.media_type) tag.isIndex = isIndexMediaType(t.media_type);
  else if (images && images.length > 1) tag.isIndex = true;
  return tag;
}

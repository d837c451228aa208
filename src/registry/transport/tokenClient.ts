/**
 * Asks a token server for a Bearer token (distribution docs/spec/auth/token.md and oauth.md).
 *
 * - GET realm?service=S&scope=s1&scope=s2 with Basic credentials, or anonymous; one scope per
 *   resource with its actions merged, newly challenged scopes first (some servers read only the
 *   first); `account=<user>` because some servers (GitLab) want it.
 * - OAuth2 POST (form) when we hold an identity / refresh token; servers without it answer
 *   404 (and in practice 400/401/405), and then we fall back to GET.
 * - The answer carries `token` or `access_token`. A refresh token in it goes back only to the realm.
 */
import { readBody, readErrorBody } from './body';
import { RegistryError, parseErrorBody } from '../errors';
import { basicHeader } from './credentialResolver';
import type { HttpRequest, Sender } from './http';
import { LIMITS } from '../limits';
import { redactUrl } from '../redact';
import { ScopeSet } from './scope';
import { isSendableToken, type Secrets } from './secrets';
import { tokenLifetime, type CachedToken } from './tokenCache';
import type { Credentials, FetchResponse } from '../types';

export const CLIENT_ID = 'registry-explorer';

/** What every request to a token realm carries: the address checks of realm.ts. */
export type RealmChecks = Pick<HttpRequest, 'checkAddress' | 'allowIp'>;

export interface TokenRequest {
  realm: string;
  service?: string;
  /** Scope strings, already merged per resource, in the order to send. */
  scopes: string[];
  credentials?: Credentials;
  /** The registry host, for messages. */
  host: string;
  signal?: AbortSignal;
  userAgent: string;
}

export class TokenClient {
  constructor(
    private readonly send: Sender,
    private readonly now: () => number,
    private readonly secrets: Secrets,
    private readonly checks: RealmChecks = {},
  ) {}

  async fetch(r: TokenRequest): Promise<CachedToken> {
    const c = r.credentials;
    if (c && 'identityToken' in c) {
      const res = await this.post(r, c.identityToken);
      if (res) return res;
    }
    return this.get(r);
  }

  private async get(r: TokenRequest): Promise<CachedToken> {
    const { url, text } = await this.realmGet(
      r,
      (q) => {
        for (const s of r.scopes) q.append('scope', s);
      },
      'get a token',
    );
    return this.parse(r, text, url);
  }

  /** GET realm?service=…[&extra]&account=… with Basic credentials (or none); the body of a 200, else the error. */
  private async realmGet(r: TokenRequest, extra: (q: URLSearchParams) => void, operation: string): Promise<{ url: string; text: string }> {
    const u = new URL(r.realm);
    if (r.service) u.searchParams.set('service', r.service);
    extra(u.searchParams);
    const user = r.credentials?.username;
    if (user) u.searchParams.set('account', user);
    const headers: Record<string, string> = { 'user-agent': r.userAgent, accept: 'application/json' };
    if (r.credentials) headers.authorization = basicHeader(r.credentials);
    const url = u.toString();
    const res = await this.send({ method: 'GET', url, headers, signal: r.signal, operation, target: 'token', ...this.checks });
    if (res.status !== 200) throw await this.failure(r, res.status, await readErrorBody(res), url);
    return { url, text: await this.body(r, res, url) };
  }

  /** A token response, read under its cap. */
  private async body(r: Pick<TokenRequest, 'host'>, res: FetchResponse, url: string): Promise<string> {
    const bytes = await readBody(res, LIMITS.tokenResponseBytes, {
      what: `the token server's answer for ${r.host}`,
      operation: 'get a token',
      url: redactUrl(url),
      host: new URL(url).host,
    });
    return bytes.toString('utf8');
  }

  /**
   * Trades a user name and password for a refresh (identity) token, as `docker login` does:
   * `offline_token=true` with the client id. Undefined when the server offers none (then the
   * password stays the credential).
   */
  async offline(r: Omit<TokenRequest, 'scopes'>): Promise<string | undefined> {
    const { text } = await this.realmGet(
      { ...r, scopes: [] },
      (q) => {
        q.set('offline_token', 'true');
        q.set('client_id', CLIENT_ID);
      },
      'get an identity token',
    );
    const json = tokenJson(text);
    const refresh = typeof json?.refresh_token === 'string' && json.refresh_token ? (json.refresh_token as string) : undefined;
    this.secrets.add(refresh);
    return refresh;
  }

  /** OAuth2 POST; undefined when the server does not do it (fall back to GET). */
  private async post(r: TokenRequest, refreshToken: string): Promise<CachedToken | undefined> {
    const form = new URLSearchParams();
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', refreshToken);
    if (r.service) form.set('service', r.service);
    form.set('client_id', CLIENT_ID);
    form.set('access_type', 'offline');
    if (r.scopes.length) form.set('scope', r.scopes.join(' '));
    const body = Buffer.from(form.toString());
    const res = await this.send({
      method: 'POST',
      url: r.realm,
      headers: {
        'user-agent': r.userAgent,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(body.length),
        accept: 'application/json',
      },
      body,
      signal: r.signal,
      operation: 'get a token',
      target: 'token',
      ...this.checks,
    });
    if ([400, 401, 404, 405].includes(res.status)) {
      await readErrorBody(res);
      return undefined;
    }
    if (res.status !== 200) throw await this.failure(r, res.status, await readErrorBody(res), r.realm);
    return this.parse(r, await this.body(r, res, r.realm), r.realm);
  }

  private parse(r: TokenRequest, text: string, url: string): CachedToken {
    const json = tokenJson(text);
    const token =
      typeof json?.token === 'string' && json.token ? json.token : typeof json?.access_token === 'string' && json.access_token ? json.access_token : undefined;
    if (!token) {
      throw new RegistryError({
        kind: 'protocol',
        operation: 'get a token',
        url: redactUrl(url),
        message: `The token server of ${r.host} answered without a token (neither "token" nor "access_token").`,
        hint: 'The token server is misconfigured or is not a Docker token server.',
      });
    }
    if (!isSendableToken(token)) {
      throw new RegistryError({
        kind: 'protocol',
        operation: 'get a token',
        url: redactUrl(url),
        message: `The token server of ${r.host} sent a token with characters that cannot go in an HTTP header (or one absurdly long); refusing it.`,
        hint: 'The token server is misconfigured or is not a Docker token server.',
      });
    }
    this.secrets.add(token, typeof json.refresh_token === 'string' ? json.refresh_token : undefined);
    const { expiresAt, renewAt } = tokenLifetime(this.now(), json.expires_in, json.issued_at);
    return { token, scopes: grantedScopes(token, r.scopes), requested: new ScopeSet(r.scopes), expiresAt, renewAt };
  }

  private async failure(r: TokenRequest, status: number, body: string, url: string): Promise<RegistryError> {
    const entries = parseErrorBody(body);
    const codes = entries.map((e) => e.code);
    const realmHost = new URL(r.realm).host;
    const user = r.credentials?.username;
    const base = { operation: 'get a token', status, codes, url: redactUrl(url) };
    if (status === 401 || status === 403) {
      return new RegistryError({
        ...base,
        kind: 'unauthorized',
        message: user
          ? `The token server of ${r.host} (${realmHost}) rejected the credentials of ${user} (${status}).`
          : `The token server of ${r.host} (${realmHost}) refused an anonymous token (${status}): this registry needs you to sign in.`,
        hint: user ? 'Check the user name and password (or token), then sign in again.' : 'Sign in with a user name and password or token.',
      });
    }
    return new RegistryError({
      ...base,
      kind: status === 429 ? 'rate-limited' : status >= 500 ? 'server' : 'protocol',
      message: `The token server of ${r.host} (${realmHost}) answered ${status} when asked for ${r.scopes.join(' ') || 'a token'}.`,
      hint: status === 400 ? 'The token server may not accept one of the requested actions.' : 'Try again later.',
    });
  }
}

/**
 * What the token really grants: a distribution-style JWT lists it in its `access` claim, which
 * lets the cache avoid reusing a token for an action the server refused. Opaque tokens are
 * assumed to grant what was asked; the registry's challenge corrects us if not.
 */
export function grantedScopes(token: string, requested: string[]): ScopeSet {
  const parts = token.split('.');
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (Array.isArray(claims?.access)) {
        const set = new ScopeSet();
        for (const a of claims.access) {
          if (a && typeof a.type === 'string' && typeof a.name === 'string' && Array.isArray(a.actions)) {
            set.add(`${a.type}:${a.name}:${a.actions.filter((x: unknown) => typeof x === 'string').join(',')}`);
          }
        }
        return set;
      }
    } catch {
      /* not a readable JWT: fall through */
    }
  }
  return new ScopeSet(requested);
}

/** A token response's JSON; undefined when it is not JSON. */
function tokenJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

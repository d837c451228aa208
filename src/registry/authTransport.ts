/**
 * Challenge-driven authentication (registry-protocol.md, "Algorithm").
 *
 * A request states the scopes it needs; this layer attaches credentials, and when the registry
 * challenges (a 401, or a 403 carrying a Bearer `insufficient_scope`, the way Keppel did) it merges
 * what was sent with what was asked for, fetches a token only if that adds something (or the
 * token is invalid or expired), and retries exactly once. It never guesses a scope and stops.
 *
 * DELETE is special: token servers differ on the `delete` action (Quay rejects it, GCR challenges
 * without a scope), so the first DELETE goes out with whatever live token already touches the
 * repository, or with none, and the challenge says what is needed. That is remembered per request
 * method (`learned.challengedScopes`, repository as `$repo`), so the next DELETE on any repository
 * asks for it up front.
 */
import { parseChallenges, selectChallenge, type AuthChallenge } from './challenge';
import { RegistryError, parseErrorBody } from './errors';
import { assertMaySendBasic, basicHeader, identityOf, type CredentialResolver } from './credentials';
import { drain, readErrorBody } from './body';
import { finalUrls, headerLines, type HttpRequest, type Sender } from './http';
import type { PingCache } from './pingCache';
import { resolveRealm } from './realm';
import { redactUrl } from './redact';
import { ScopeSet, parseScope, repositoryScope } from './scope';
import type { CachedToken, TokenCache } from './tokenCache';
import type { TokenClient } from './tokenClient';
import type { Credentials, FetchResponse, LearnedState } from './types';

export interface AuthRequest extends HttpRequest {
  /** Scopes the request needs up front (`repository:R:pull`…); empty for a DELETE (learned or challenged). */
  scopes: string[];
  /** The repository the request is about, for `$repo` in learned scopes. */
  repository?: string;
}

export interface AuthDeps {
  send: Sender;
  ping: PingCache;
  tokens: TokenCache;
  tokenClient: TokenClient;
  credentials: CredentialResolver;
  host: string;
  baseUrl: string;
  insecure: boolean;
  learned: LearnedState;
  userAgent: string;
  now: () => number;
}

type Scheme = { kind: 'none' } | { kind: 'basic' } | { kind: 'bearer'; realm: string; service?: string };

/** What went out with an attempt. */
interface Sent {
  header?: string;
  basic?: boolean;
  token?: CachedToken;
  /** The scopes this request asked for (needed ∪ learned ∪ challenged). */
  asked: ScopeSet;
}

const REPO = '$repo';

/** A scope fit to quote in a message (it comes from a header): `type:name:actions` of plain characters. */
const SHOWABLE_SCOPE = /^[a-z0-9()]{1,32}:[a-z0-9._/:-]{1,255}:[a-z*,]{1,64}$/;
/** The error codes of RFC 6750 §3.1, the only `error=` values quoted. */
const RFC6750_ERRORS = new Set(['invalid_request', 'invalid_token', 'insufficient_scope']);

/** The actions a request of this method needs on its repository, when the registry does not say. */
function actionsFor(method: string): string[] {
  if (method === 'GET' || method === 'HEAD') return ['pull'];
  if (method === 'DELETE') return ['delete', 'pull'];
  return ['pull', 'push'];
}

export class AuthTransport {
  private scheme?: Scheme;

  constructor(private readonly d: AuthDeps) {}

  /** The scheme in use, for verifyCredentials. */
  async currentScheme(signal?: AbortSignal): Promise<Scheme> {
    if (!this.scheme) {
      const ping = await this.d.ping.get({ signal });
      if (!this.scheme) this.adopt(ping.challenge, `${this.d.baseUrl}/v2/`, 'connect');
    }
    return this.scheme!;
  }

  /** A refresh (identity) token for the caller's user name and password, when the token server offers one. */
  async identityToken(signal?: AbortSignal): Promise<string | undefined> {
    const s = await this.currentScheme(signal);
    const creds = await this.d.credentials.get();
    if (s.kind !== 'bearer' || !creds || !('password' in creds)) return undefined;
    assertMaySendBasic(s.realm, this.d.insecure, { host: this.d.host, operation: 'get an identity token' });
    return this.d.tokenClient.offline({ realm: s.realm, service: s.service, credentials: creds, host: this.d.host, signal, userAgent: this.d.userAgent });
  }

  /** Fetches (or reuses) a token for these scopes; used by verifyCredentials. */
  async token(scopes: string[], signal?: AbortSignal): Promise<CachedToken | undefined> {
    const s = await this.currentScheme(signal);
    if (s.kind !== 'bearer') return undefined;
    const creds = await this.d.credentials.get();
    return this.tokenFor(s, creds, new ScopeSet(scopes), signal);
  }

  async send(req: AuthRequest): Promise<FetchResponse> {
    // Credentials and tokens belong to the registry host: an upload Location or a Link on
    // another host gets none.
    if (new URL(req.url).host !== this.d.host) return this.d.send(withAuth(req, undefined));
    await this.currentScheme(req.signal);
    const creds = this.scheme!.kind === 'none' ? undefined : await this.d.credentials.get();
    const first = await this.authorize(req, creds);
    const res = await this.d.send(withAuth(req, first.header));
    const ch = this.challengeOf(req, res);
    if (!ch) return res;

    // Without auth at the ping nobody was asked for credentials yet; the challenge needs them.
    const known = creds ?? (await this.d.credentials.get());
    const second = await this.answer(req, ch, first, res, known);
    if (!second) throw await this.failure(req, ch, first, res, known);
    await drain(res);
    const again = await this.d.send(withAuth(req, second.header));
    const ch2 = this.challengeOf(req, again);
    if (!ch2) return again;
    throw await this.failure(req, ch2, second, again, known); // at most one retry: never loop
  }

  private async authorize(req: AuthRequest, creds: Credentials | undefined): Promise<Sent> {
    const s = this.scheme!;
    const asked = this.neededScopes(req);
    if (s.kind === 'none') return { asked };
    if (s.kind === 'basic') return { header: this.basic(req, creds), basic: true, asked };
    const key = this.tokenKey(s, creds);
    if (req.method === 'DELETE' && !this.d.learned.challengedScopes?.DELETE) {
      // Learn from the challenge rather than fetch a token only to have it rejected.
      const token = req.repository ? this.d.tokens.findTouching(key, 'repository', req.repository) : undefined;
      return { header: token && `Bearer ${token.token}`, token, asked };
    }
    const token = await this.tokenFor(s, creds, asked, req.signal);
    return { header: `Bearer ${token.token}`, token, asked };
  }

  /** Decides the second attempt, or undefined when a retry cannot help (then the error surfaces). */
  private async answer(req: AuthRequest, ch: AuthChallenge, sent: Sent, res: FetchResponse, creds: Credentials | undefined): Promise<Sent | undefined> {
    if (ch.scheme === 'basic') {
      if (sent.basic) return undefined; // the credentials themselves were rejected
      this.scheme = { kind: 'basic' };
      return { header: this.basic(req, creds), basic: true, asked: sent.asked };
    }
    const realm = resolveRealm(ch.realm, finalUrls.get(res) ?? req.url, { host: this.d.host, operation: req.operation });
    const prev = this.scheme;
    this.scheme = { kind: 'bearer', realm, service: ch.service };
    const realmChanged = prev?.kind !== 'bearer' || prev.realm !== realm || prev.service !== ch.service;

    const challenged = new ScopeSet(ch.scopes);
    this.learn(req, challenged, sent.asked);
    // Newly challenged scopes first: some token servers read only the first scope.
    const merged = ScopeSet.of(challenged, sent.asked);
    if (sent.token && req.repository) merged.addAll(sent.token.scopes.toStrings().filter((s) => parseScope(s)?.name === req.repository));
    // A challenge without any scope (GCR): ask for what this kind of request needs — also when a
    // token for the repository is already held (the tree read the image before the delete).
    if (challenged.isEmpty && req.repository) merged.add(repositoryScope(req.repository, ...actionsFor(req.method)));

    const invalid = ch.error === 'invalid_token';
    const expired = !!sent.token && this.d.now() >= sent.token.expiresAt;
    // Asking again for what the token server was already asked (or granted) cannot give more.
    const grows = !sent.token || !(sent.token.scopes.covers(merged) || (sent.token.requested?.covers(merged) ?? false));
    if (sent.token && !grows && !invalid && !expired && !realmChanged) return undefined;

    const key = this.tokenKey(this.scheme, creds);
    if (sent.token && (invalid || expired)) this.d.tokens.evict(key, sent.token.token);
    const token = await this.tokenFor(this.scheme, creds, merged, req.signal, invalid || expired);
    return { header: `Bearer ${token.token}`, token, asked: merged };
  }

  /** Needed scopes plus what this kind of request was challenged for before. */
  private neededScopes(req: AuthRequest): ScopeSet {
    const set = new ScopeSet(req.scopes);
    for (const t of this.d.learned.challengedScopes?.[req.method] ?? []) {
      if (!t.includes(REPO)) set.add(t);
      else if (req.repository) set.add(t.split(`:${REPO}:`).join(`:${req.repository}:`));
    }
    return set;
  }

  /** Remembers what the challenge added beyond what we asked, with the repository as `$repo`. */
  private learn(req: AuthRequest, challenged: ScopeSet, asked: ScopeSet): void {
    const added = asked.missingFrom(challenged);
    if (!added.length) return;
    const templates = added.map((s) => {
      const p = parseScope(s);
      return p && req.repository && p.name === req.repository ? `${p.type}:${REPO}:${s.slice(s.lastIndexOf(':') + 1)}` : s;
    });
    const all = (this.d.learned.challengedScopes ??= {});
    all[req.method] = ScopeSet.of(all[req.method] ?? [], templates).toStrings();
  }

  private async tokenFor(s: Extract<Scheme, { kind: 'bearer' }>, creds: Credentials | undefined, scopes: ScopeSet, signal?: AbortSignal, force = false): Promise<CachedToken> {
    if (creds && 'password' in creds) assertMaySendBasic(s.realm, this.d.insecure, { host: this.d.host, operation: 'get a token' });
    return this.d.tokens.get(
      this.tokenKey(s, creds),
      scopes,
      () => this.d.tokenClient.fetch({ realm: s.realm, service: s.service, scopes: scopes.toStrings(), credentials: creds, host: this.d.host, signal, userAgent: this.d.userAgent }),
      force,
      signal,
    );
  }

  private tokenKey(s: Extract<Scheme, { kind: 'bearer' }>, creds: Credentials | undefined): string {
    return [this.d.host, s.realm, s.service ?? '', identityOf(creds)].join('\u0000');
  }

  private basic(req: AuthRequest, creds: Credentials | undefined): string {
    if (!creds) {
      throw new RegistryError({
        kind: 'unauthorized',
        operation: req.operation,
        url: redactUrl(req.url),
        message: `${this.d.host} requires a user name and password (Basic authentication), and none is set.`,
        hint: 'Sign in to this registry.',
      });
    }
    assertMaySendBasic(req.url, this.d.insecure, { host: this.d.host, operation: req.operation });
    return basicHeader(creds);
  }

  /** The challenge to act on: a 401, or a 403 with a Bearer insufficient_scope; only from the registry itself. */
  private challengeOf(req: AuthRequest, res: FetchResponse): AuthChallenge | undefined {
    if (res.status !== 401 && res.status !== 403) return undefined;
    const from = finalUrls.get(res) ?? req.url;
    if (new URL(from).host !== this.d.host) return undefined; // never answer a third party with our credentials
    const ch = selectChallenge(parseChallenges(headerLines(res, 'www-authenticate')), { host: this.d.host, operation: req.operation });
    if (!ch) return undefined;
    if (res.status === 403 && !(ch.scheme === 'bearer' && ch.error === 'insufficient_scope')) return undefined;
    return ch;
  }

  /** The error after a retry that could not help: denied (signed in, not allowed) or unauthorized. */
  private async failure(req: AuthRequest, ch: AuthChallenge, sent: Sent, res: FetchResponse, creds: Credentials | undefined): Promise<RegistryError> {
    const body = req.method === 'HEAD' ? '' : await readErrorBody(res);
    const entries = parseErrorBody(body);
    const codes = entries.map((e) => e.code);
    const said = entries.length ? ` The registry said: ${entries.map((e) => e.message ?? e.code).join('; ')}.` : '';
    const user = creds?.username ?? (creds ? 'the token holder' : undefined);
    const base = { operation: req.operation, status: res.status, codes, url: redactUrl(req.url) };
    if (ch.scheme === 'bearer' && ch.error === 'insufficient_scope') {
      const wanted = new ScopeSet(ch.scopes.length ? ch.scopes : sent.asked.toStrings());
      const granted = sent.token?.scopes ?? new ScopeSet();
      const missing = granted.missingFrom(wanted);
      // Scopes come from a header: only ones that read as scopes are quoted.
      const shown = (missing.length ? missing : wanted.toStrings()).filter((x) => SHOWABLE_SCOPE.test(x)).slice(0, 8);
      const actions = [...new Set(shown.map((s) => s.slice(s.lastIndexOf(':') + 1)))].join(', ') || 'this';
      const where = req.repository ? ` in ${req.repository}` : '';
      if (!creds) {
        return new RegistryError({
          ...base,
          kind: 'unauthorized',
          message: `Anonymous access is not allowed to ${actions}${where} on ${this.d.host} (it needs ${shown.join(' ') || 'more access'}).${said}`,
          hint: 'Sign in to this registry with an account that has access.',
        });
      }
      return new RegistryError({
        ...base,
        kind: 'denied',
        message: `${user} is not allowed to ${actions}${where} on ${this.d.host} (the token server did not grant ${shown.join(' ') || 'it'}).${said}`,
        hint: `Ask the registry administrator to grant ${user} this permission, or sign in as another user.`,
      });
    }
    if (creds && ch.scheme === 'bearer' && sent.token && !ch.error && ch.scopes.length === 0) {
      // The token server accepted the login and issued a token; the registry refuses it without
      // saying for what (GCR does this for a missing permission): not a rejected password.
      return new RegistryError({
        ...base,
        kind: 'denied',
        message: `${this.d.host} refused to let ${user} ${req.operation} (${res.status}), although its token server accepted the login; the account probably lacks this permission.${said}`,
        hint: `Ask the registry administrator to grant ${user} this permission, or sign in as another user.`,
      });
    }
    return new RegistryError({
      ...base,
      kind: 'unauthorized',
      message: creds
        ? `${this.d.host} did not accept the credentials of ${user} (${res.status}${ch.scheme === 'bearer' && ch.error && RFC6750_ERRORS.has(ch.error) ? ' ' + ch.error : ''}).${said}`
        : `${this.d.host} requires you to sign in to ${req.operation}.${said}`,
      hint: creds ? 'Check the user name and password (or token), then sign in again.' : 'Sign in to this registry.',
    });
  }

  private adopt(ch: AuthChallenge | undefined, url: string, operation: string): void {
    if (!ch) this.scheme = { kind: 'none' };
    else if (ch.scheme === 'basic') this.scheme = { kind: 'basic' };
    else this.scheme = { kind: 'bearer', realm: resolveRealm(ch.realm, url, { host: this.d.host, operation }), service: ch.service };
  }
}

function withAuth(req: HttpRequest, header: string | undefined): HttpRequest {
  const headers = { ...req.headers };
  if (header) headers.authorization = header;
  else delete headers.authorization;
  return { ...req, headers };
}

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
import { RegistryError, parseErrorBody } from '../errors';
import { authFailure } from '../authErrors';
import { assertMaySendBasic, basicHeader, identityOf, type CredentialResolver } from './credentialResolver';
import { drain, readErrorBody } from './body';
import { finalUrls, headerLines, type HttpRequest, type Sender } from './http';
import type { PingCache } from './ping';
import { resolveRealm } from './realm';
import { redactUrl } from '../redact';
import { ScopeSet, parseScope, repositoryScope } from './scope';
import type { CachedToken, TokenCache } from './tokenCache';
import type { TokenClient } from './tokenClient';
import type { Credentials, FetchResponse, LearnedState } from '../types';

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

/** The actions a request of this method needs on its repository, when the registry does not say. */
function actionsFor(method: string): string[] {
  if (method === 'GET' || method === 'HEAD') return ['pull'];
  if (method === 'DELETE') return ['delete', 'pull'];
  return ['pull', 'push'];
}

export class AuthLayer {
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
    const used: { creds?: Credentials } = {};
    try {
      return await this.sendOnce(req, used);
    } catch (e) {
      // Rejected credentials that the source can replace (a token command's token): once more with the new ones.
      if (!(e instanceof RegistryError) || e.kind !== 'unauthorized' || !used.creds || !(await this.d.credentials.renew(used.creds))) throw e;
      return this.sendOnce(req, {});
    }
  }

  private async sendOnce(req: AuthRequest, used: { creds?: Credentials }): Promise<FetchResponse> {
    // Credentials and tokens belong to the registry host: an upload Location or a Link on
    // another host gets none.
    if (new URL(req.url).host !== this.d.host) return this.d.send(withAuth(req, undefined));
    await this.currentScheme(req.signal);
    const creds = this.scheme!.kind === 'none' ? undefined : await this.d.credentials.get();
    used.creds = creds;
    const first = await this.authorize(req, creds);
    const res = await this.d.send(withAuth(req, first.header));
    const ch = this.challengeOf(req, res);
    if (!ch) return res;

    // Without auth at the ping nobody was asked for credentials yet; the challenge needs them.
    const known = creds ?? (await this.d.credentials.get());
    used.creds = known;
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

  private async tokenFor(
    s: Extract<Scheme, { kind: 'bearer' }>,
    creds: Credentials | undefined,
    scopes: ScopeSet,
    signal?: AbortSignal,
    force = false,
  ): Promise<CachedToken> {
    if (creds && 'password' in creds) assertMaySendBasic(s.realm, this.d.insecure, { host: this.d.host, operation: 'get a token' });
    return this.d.tokens.get(
      this.tokenKey(s, creds),
      scopes,
      () =>
        this.d.tokenClient.fetch({
          realm: s.realm,
          service: s.service,
          scopes: scopes.toStrings(),
          credentials: creds,
          host: this.d.host,
          signal,
          userAgent: this.d.userAgent,
        }),
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

  /** The error after a retry that could not help (the sentences are in authErrors.ts, beside the other error texts). */
  private async failure(req: AuthRequest, ch: AuthChallenge, sent: Sent, res: FetchResponse, creds: Credentials | undefined): Promise<RegistryError> {
    const body = req.method === 'HEAD' ? '' : await readErrorBody(res);
    return authFailure({
      host: this.d.host,
      operation: req.operation,
      repository: req.repository,
      url: redactUrl(req.url),
      status: res.status,
      entries: parseErrorBody(body),
      challenge: ch,
      asked: sent.asked,
      granted: sent.token?.scopes,
      hadToken: !!sent.token,
      user: creds ? (creds.username ?? 'the token holder') : undefined,
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

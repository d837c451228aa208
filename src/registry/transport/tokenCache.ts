/**
 * Bearer tokens kept per (registry, realm, service, credential identity), each with the scopes
 * it was granted and its expiry. A live token whose scopes cover a request is reused; a token is
 * renewed a little before it expires (clock skew, slow requests); and only one fetch per key and
 * scope set is in flight, so ten concurrent 401s cause one token request.
 */
import { LIMITS } from '../limits';
import { untilAborted } from './retryLayer';
import { ScopeSet } from './scope';

export interface CachedToken {
  token: string;
  /** What the token server granted (from the JWT), or what was asked when unreadable. */
  scopes: ScopeSet;
  /** What was asked for: asking again for a subset of it cannot give more. */
  requested?: ScopeSet;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms after which the token is no longer handed out for new requests. */
  renewAt: number;
}

export const MIN_LIFETIME_S = 60;

/**
 * Works out expiry from a token response: `expires_in` missing, unreadable (a string, negative)
 * or under 60 means 60 s, and more than a day is believed as a day (an absurd lifetime must
 * neither keep a token forever nor break the arithmetic that decides reuse); the start is
 * `issued_at`, unless it is absent, unreadable, in the future, or so old the token would already
 * be dead (a skewed clock), in which case it is now.
 */
export function tokenLifetime(now: number, expiresIn: unknown, issuedAt: unknown): { expiresAt: number; renewAt: number } {
  const given = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= MIN_LIFETIME_S ? expiresIn : MIN_LIFETIME_S;
  const seconds = Math.min(given, LIMITS.tokenLifetimeS);
  const lifetime = seconds * 1000;
  let start = now;
  if (typeof issuedAt === 'string' && issuedAt) {
    const t = Date.parse(issuedAt);
    if (Number.isFinite(t) && t <= now && t + lifetime > now) start = t;
  }
  const expiresAt = start + lifetime;
  // Renew 10% of the lifetime early, at least 5 s.
  const margin = Math.max(5000, lifetime * 0.1);
  return { expiresAt, renewAt: expiresAt - margin };
}

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken[]>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A live token whose granted scopes cover `needed`, preferring the one expiring last. */
  find(key: string, needed: ScopeSet): CachedToken | undefined {
    const live = this.prune(key);
    return live.filter((t) => t.scopes.covers(needed)).sort((a, b) => b.expiresAt - a.expiresAt)[0];
  }

  /** A live token that grants anything at all on a resource (used to try a DELETE without fetching). */
  findTouching(key: string, type: string, name: string): CachedToken | undefined {
    return this.prune(key)
      .filter((t) => t.scopes.touches(type, name))
      .sort((a, b) => b.scopes.toStrings().length - a.scopes.toStrings().length || b.expiresAt - a.expiresAt)[0];
  }

  store(key: string, token: CachedToken): void {
    const list = this.prune(key).filter((t) => t.token !== token.token);
    list.push(token);
    this.tokens.set(key, list);
  }

  /** Forgets a token the registry called invalid. */
  evict(key: string, token: string): void {
    this.tokens.set(
      key,
      (this.tokens.get(key) ?? []).filter((t) => t.token !== token),
    );
  }

  /**
   * Returns a live covering token, or runs `fetch` — once for concurrent callers asking for the
   * same scopes — and stores what it returns. `force` skips the lookup (invalid or expired token).
   */
  async get(key: string, needed: ScopeSet, fetch: () => Promise<CachedToken>, force = false, signal?: AbortSignal): Promise<CachedToken> {
    if (!force) {
      const hit = this.find(key, needed);
      if (hit) return hit;
    }
    const flightKey = `${key}\u0000${needed.key()}`;
    const pending = this.inFlight.get(flightKey);
    if (pending) return untilAborted(pending, signal, { operation: 'get a token', host: key.split('\u0000')[0] });
    const p = (async () => {
      try {
        const t = await fetch();
        this.store(key, t);
        return t;
      } finally {
        this.inFlight.delete(flightKey);
      }
    })();
    this.inFlight.set(flightKey, p);
    return p;
  }

  private prune(key: string): CachedToken[] {
    const now = this.now();
    const live = (this.tokens.get(key) ?? []).filter((t) => now < t.renewAt);
    this.tokens.set(key, live);
    return live;
  }
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScopeSet } from '../../../src/registry/transport/scope';
import { TokenCache, tokenLifetime, type CachedToken } from '../../../src/registry/transport/tokenCache';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function clock(start = T0) {
  const c = { t: start, now: () => c.t };
  return c;
}

function token(name: string, scopes: string[], now: number, expiresIn?: number): CachedToken {
  return { token: name, scopes: new ScopeSet(scopes), ...tokenLifetime(now, expiresIn, undefined) };
}

describe('token lifetime', () => {
  it('defaults expires_in to 60 s when missing, not a number, or under 60', () => {
    for (const v of [undefined, null, 'x', 0, 10, 59, Number.NaN]) assert.equal(tokenLifetime(T0, v, undefined).expiresAt, T0 + 60_000, String(v));
    assert.equal(tokenLifetime(T0, 300, undefined).expiresAt, T0 + 300_000);
  });

  it('renews 10% early, at least 5 s', () => {
    assert.equal(tokenLifetime(T0, 60, undefined).renewAt, T0 + 54_000);
    assert.equal(tokenLifetime(T0, 3600, undefined).renewAt, T0 + 3_240_000);
    // 10% of 60 s is 6 s; the 5 s floor only matters for shorter lifetimes, which 60 s prevents.
    assert.ok(tokenLifetime(T0, 60, undefined).expiresAt - tokenLifetime(T0, 60, undefined).renewAt >= 5000);
  });

  it('starts from issued_at unless it is absent, unreadable, in the future, or already dead', () => {
    assert.equal(tokenLifetime(T0, 300, new Date(T0 - 100_000).toISOString()).expiresAt, T0 + 200_000, 'past, still valid');
    assert.equal(tokenLifetime(T0, 300, new Date(T0 + 100_000).toISOString()).expiresAt, T0 + 300_000, 'future → now');
    assert.equal(tokenLifetime(T0, 300, new Date(T0 - 400_000).toISOString()).expiresAt, T0 + 300_000, 'would be expired → now');
    assert.equal(tokenLifetime(T0, 300, 'yesterday-ish').expiresAt, T0 + 300_000, 'unreadable → now');
    assert.equal(tokenLifetime(T0, 300, '').expiresAt, T0 + 300_000, 'empty → now');
  });
});

describe('token cache', () => {
  it('reuses a live token whose scopes cover the need, and only then', () => {
    const c = clock();
    const cache = new TokenCache(c.now);
    cache.store('k', token('t1', ['repository:a:pull,push'], c.t, 300));
    assert.equal(cache.find('k', new ScopeSet(['repository:a:pull']))?.token, 't1');
    assert.equal(cache.find('k', new ScopeSet(['repository:a:delete'])), undefined);
    assert.equal(cache.find('k', new ScopeSet(['repository:b:pull'])), undefined);
    assert.equal(cache.find('other-identity', new ScopeSet(['repository:a:pull'])), undefined);
  });

  it('stops handing out a token at its renewal time, before expiry', () => {
    const c = clock();
    const cache = new TokenCache(c.now);
    cache.store('k', token('t1', ['repository:a:pull'], c.t)); // 60 s → renew at 54 s
    c.t = T0 + 53_999;
    assert.equal(cache.find('k', new ScopeSet(['repository:a:pull']))?.token, 't1');
    c.t = T0 + 54_000;
    assert.equal(cache.find('k', new ScopeSet(['repository:a:pull'])), undefined);
  });

  it('fetches when nothing covers, and reuses the result afterwards', async () => {
    const c = clock();
    const cache = new TokenCache(c.now);
    let fetches = 0;
    const fetch = async () => token(`t${++fetches}`, ['repository:a:pull'], c.t, 300);
    const need = new ScopeSet(['repository:a:pull']);
    assert.equal((await cache.get('k', need, fetch)).token, 't1');
    assert.equal((await cache.get('k', need, fetch)).token, 't1');
    assert.equal(fetches, 1);
    c.t += 300_000;
    assert.equal((await cache.get('k', need, fetch)).token, 't2', 'expired: fetched again');
    assert.equal((await cache.get('k', need, fetch, true)).token, 't3', 'forced');
  });

  it('runs one fetch for ten concurrent callers with the same need', async () => {
    const c = clock();
    const cache = new TokenCache(c.now);
    let fetches = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = async () => {
      fetches++;
      await gate;
      return token('shared', ['repository:a:pull'], c.t, 300);
    };
    const callers = Array.from({ length: 10 }, () => cache.get('k', new ScopeSet(['repository:a:pull']), fetch));
    release();
    const results = await Promise.all(callers);
    assert.equal(fetches, 1);
    assert.ok(results.every((t) => t.token === 'shared'));
  });

  it('does not share a flight between different scope sets or keys, and forgets failed flights', async () => {
    const c = clock();
    const cache = new TokenCache(c.now);
    let fetches = 0;
    const fetch = (s: string) => async () => {
      fetches++;
      return token(`t${fetches}`, [s], c.t, 300);
    };
    await Promise.all([
      cache.get('k', new ScopeSet(['repository:a:pull']), fetch('repository:a:pull')),
      cache.get('k', new ScopeSet(['repository:b:pull']), fetch('repository:b:pull')),
      cache.get('k2', new ScopeSet(['repository:a:pull']), fetch('repository:a:pull')),
    ]);
    assert.equal(fetches, 3);
    await assert.rejects(cache.get('k3', new ScopeSet(['repository:x:pull']), async () => Promise.reject(new Error('boom'))));
    assert.equal((await cache.get('k3', new ScopeSet(['repository:x:pull']), fetch('repository:x:pull'))).token, 't4');
  });

  it('evicts a token and finds one touching a repository', () => {
    const c = clock();
    const cache = new TokenCache(c.now);
    cache.store('k', token('t1', ['repository:a:pull'], c.t, 300));
    assert.equal(cache.findTouching('k', 'repository', 'a')?.token, 't1');
    assert.equal(cache.findTouching('k', 'repository', 'b'), undefined);
    cache.evict('k', 't1');
    assert.equal(cache.findTouching('k', 'repository', 'a'), undefined);
  });
});

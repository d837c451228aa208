// Waits a registry asks for: capped, cancellable at once, and visible while they last.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError, type WaitEvent } from '../../../src/registry';
import { LIMITS } from '../../../src/registry/limits';
import { MINIMAL_MANIFEST, startFaultServer, type FaultServer } from '../../fixtures/faultServer';

const isKind = (kind: string, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof RegistryError, String(e));
  assert.equal(e.kind, kind, e.message);
  if (re) assert.match(e.message, re);
  return true;
};

describe('waits before retries', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  /** Answers the first `busy` manifest requests with `status` and `Retry-After: retryAfter`, then the manifest. */
  const busyServer = async (busy: number, status: number, retryAfter: string) => {
    let n = 0;
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      if (n++ < busy) {
        res.writeHead(status, { 'retry-after': retryAfter, 'content-type': 'application/json' });
        return res.end(JSON.stringify({ errors: [{ code: status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: 'slow down' }] }));
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(MINIMAL_MANIFEST);
    });
    servers.push(s);
    return s;
  };

  it('a cancel during a Retry-After wait ends the call at once, and nothing more is sent', async () => {
    const s = await busyServer(1, 503, '20');
    const client = new RegistryClient({ registry: s.url });
    const ac = new AbortController();
    const waits: WaitEvent[] = [];
    let abortedAt = 0;
    // Cancelled once the wait has begun (not after a fixed time: a loaded machine may be slower to get there).
    const onWait = (w: WaitEvent) => {
      waits.push(w);
      setTimeout(() => {
        abortedAt = Date.now();
        ac.abort();
      }, 100);
    };
    await assert.rejects(client.getManifest('foo/bar', 'v1', { signal: ac.signal, onWait }), isKind('cancelled'));
    assert.ok(abortedAt > 0 && Date.now() - abortedAt < 1000, `ended ${Date.now() - abortedAt} ms after the cancel, in a 20 s wait`);
    assert.equal(s.seen.filter((r) => r.url.includes('/manifests/')).length, 1);
    assert.deepEqual(
      waits.map((w) => [w.ms, w.reason, w.status]),
      [[20_000, 'retry-after', 503]],
    );
  });

  it('every wait of a second or more is reported, to the client and to the call', async () => {
    const s = await busyServer(2, 429, '3');
    const all: WaitEvent[] = [];
    const mine: WaitEvent[] = [];
    const slept: number[] = [];
    const client = new RegistryClient({ registry: s.url, onWait: (w) => all.push(w), sleep: async (ms) => void slept.push(ms) });
    await client.getManifest('foo/bar', 'v1', { onWait: (w) => mine.push(w) });
    assert.deepEqual(slept, [3000, 3000]);
    assert.equal(all.length, 2);
    assert.deepEqual(mine, all);
    assert.equal(all[0].operation, 'read manifest foo/bar:v1');
    assert.match(all[0].url, /\/v2\/foo\/bar\/manifests\/v1$/);
    // Another call on the same client does not get the first call's events.
    const other: WaitEvent[] = [];
    await client.ping({ onWait: (w) => other.push(w), force: true });
    assert.equal(other.length, 0);
  });

  it('a wait longer than the cap is not waited for: the error says when to try again', async () => {
    const s = await busyServer(1, 429, '600');
    const slept: number[] = [];
    const client = new RegistryClient({ registry: s.url, sleep: async (ms) => void slept.push(ms) });
    await assert.rejects(client.getManifest('foo/bar', 'v1'), isKind('rate-limited', /It asks to wait 10 min before trying again/));
    assert.deepEqual(slept, []);
    assert.equal(s.seen.filter((r) => r.url.includes('/manifests/')).length, 1);
  });

  it('all waits of one request together stay under the total cap', async () => {
    const s = await busyServer(10, 503, String(LIMITS.retryWaitMs / 1000 - 1));
    const slept: number[] = [];
    const client = new RegistryClient({ registry: s.url, retries: 10, sleep: async (ms) => void slept.push(ms) });
    await assert.rejects(client.getManifest('foo/bar', 'v1'), isKind('server'));
    assert.ok(slept.reduce((a, b) => a + b, 0) <= LIMITS.totalWaitMs, `slept ${slept}`);
    assert.equal(slept.length, Math.floor(LIMITS.totalWaitMs / (LIMITS.retryWaitMs - 1000)));
  });

  it('a call waiting for a token another call is fetching is cancelled on its own signal', async () => {
    let release: () => void = () => undefined;
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"` });
        return res.end();
      }
      if (req.url?.startsWith('/token')) {
        // The token server takes its time.
        release = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ token: 'tok-tok-tok', expires_in: 300 }));
        };
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(MINIMAL_MANIFEST);
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    const first = client.getManifest('foo/bar', 'v1');
    await new Promise((r) => setTimeout(r, 100));
    const ac = new AbortController();
    const second = client.getManifest('foo/bar', 'v1', { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    await assert.rejects(second, isKind('cancelled'));
    assert.ok(Date.now() - started < 1000);
    release();
    assert.equal((await first).bytes.toString(), MINIMAL_MANIFEST);
  });
});

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { RegistryClient, RegistryError, type RequestLogEntry } from '../../../src/registry';
import { errorBody, send, startServer, type TinyServer } from '../../fixtures/httpServer';

const isKind = (kind: string) => (e: unknown) => e instanceof RegistryError && e.kind === kind;

describe('connection layer (tiny local servers)', () => {
  const servers: TinyServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('retries GET on 503 honouring Retry-After, with the injected sleep', async () => {
    let n = 0;
    const s = await startServer((_r, res) =>
      ++n <= 2 ? send(res, 503, { 'retry-after': '3' }) : send(res, 200, { 'docker-distribution-api-version': 'registry/2.0' }, '{}'),
    );
    servers.push(s);
    const waits: number[] = [];
    const client = new RegistryClient({ registry: s.url, sleep: async (ms) => void waits.push(ms) });
    const ping = await client.ping();
    assert.deepEqual(ping, { status: 200, scheme: 'none', apiVersion: 'registry/2.0' });
    assert.deepEqual(waits, [3000, 3000]);
    assert.equal(s.seen.length, 3);
  });

  it('gives up after the configured retries and reports a server error', async () => {
    const s = await startServer((_r, res) => send(res, 502, {}, 'bad gateway'));
    servers.push(s);
    const waits: number[] = [];
    const client = new RegistryClient({ registry: s.url, retries: 1, sleep: async (ms) => void waits.push(ms) });
    await assert.rejects(client.ping(), isKind('server'));
    assert.equal(s.seen.length, 2);
    assert.equal(waits.length, 1);
  });

  it('never retries a DELETE on 503', async () => {
    const s = await startServer((r, res) => (r.url === '/v2/' ? send(res, 200) : send(res, 503, { 'retry-after': '1' })));
    servers.push(s);
    const client = new RegistryClient({ registry: s.url, sleep: async () => undefined });
    await assert.rejects(client.deleteManifest('foo', 'sha256:' + 'a'.repeat(64)), isKind('server'));
    assert.equal(s.seen.filter((r) => r.method === 'DELETE').length, 1);
  });

  it('times out a request that gets no answer', async () => {
    const s = await startServer(() => undefined); // never answers
    servers.push(s);
    const client = new RegistryClient({ registry: s.url, timeoutMs: 150, retries: 0 });
    const start = Date.now();
    await assert.rejects(client.ping(), (e: unknown) => isKind('timeout')(e) && /did not answer/.test((e as Error).message));
    assert.ok(Date.now() - start < 2000);
  });

  it('cancels with the caller’s AbortSignal', async () => {
    const s = await startServer(() => undefined);
    servers.push(s);
    const client = new RegistryClient({ registry: s.url, timeoutMs: 10_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(client.ping({ signal: ac.signal }), isKind('cancelled'));
    const already = new AbortController();
    already.abort();
    await assert.rejects(client.ping({ signal: already.signal, force: true }), isKind('cancelled'));
  });

  it('says a refused connection in words', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const client = new RegistryClient({ registry: `http://127.0.0.1:${port}`, retries: 0 });
    await assert.rejects(
      client.ping(),
      (e: unknown) => isKind('network')(e) && /Cannot reach 127\.0\.0\.1:\d+: connection refused\. Is the registry running/.test((e as Error).message),
    );
  });

  it('answers 404 on /v2/ with "not a v2 registry"', async () => {
    const s = await startServer((_r, res) => send(res, 404));
    servers.push(s);
    await assert.rejects(
      new RegistryClient({ registry: s.url }).ping(),
      (e: unknown) => isKind('protocol')(e) && /not a v2 registry/.test((e as Error).message),
    );
  });

  it('logs one redacted entry per request, without headers', async () => {
    const s = await startServer((r, res) => {
      if (r.url === '/v2/') return send(res, 200);
      if (r.url.startsWith('/v2/foo/blobs/uploads/') && r.method === 'POST') return send(res, 202, { location: '/v2/foo/blobs/uploads/u1?_state=SECRETSTATE' });
      return send(res, 201);
    });
    servers.push(s);
    const log: RequestLogEntry[] = [];
    const client = new RegistryClient({ registry: s.url, onRequest: (e) => log.push(e) });
    const bytes = Buffer.from('hello');
    await client.uploadBlob('foo', 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', bytes.length, () => bytes);
    assert.deepEqual(
      log.map((e) => `${e.target} ${e.method} ${e.status}`),
      ['registry GET 200', 'registry POST 202', 'registry PUT 201'],
    );
    assert.match(log[2].url, /_state=\*\*\*/);
    assert.ok(!JSON.stringify(log).includes('SECRETSTATE'));
    assert.equal(s.seen[2].body, 'hello');
    assert.equal(s.seen[2].headers['content-length'], '5');
  });

  it('records Docker Hub rate limits', async () => {
    const s = await startServer((_r, res) =>
      send(res, 200, { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '99;w=21600', 'docker-ratelimit-source': '203.0.113.9' }),
    );
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    await client.ping();
    assert.deepEqual(client.rateLimit, { limit: 100, remaining: 99, windowSeconds: 21600, source: '203.0.113.9' });
  });

  it('turns registry error bodies into sentences: delete disabled, not found', async () => {
    const s = await startServer((r, res) => {
      if (r.url === '/v2/') return send(res, 200);
      if (r.url.includes('aaaa')) return send(res, 405, { 'content-type': 'application/json' }, errorBody('UNSUPPORTED', 'The operation is unsupported.'));
      return send(res, 404, {}, errorBody('MANIFEST_UNKNOWN'));
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    await assert.rejects(
      client.deleteManifest('foo', 'sha256:' + 'a'.repeat(64)),
      (e: unknown) =>
        isKind('unsupported')(e) &&
        (e as RegistryError).message === `Deleting is disabled on ${client.host} (405 UNSUPPORTED); for distribution set storage.delete.enabled: true.` &&
        (e as RegistryError).codes[0] === 'UNSUPPORTED',
    );
    await assert.rejects(
      client.deleteManifest('foo', 'sha256:' + 'b'.repeat(64)),
      (e: unknown) => isKind('not-found')(e) && /already gone/.test((e as Error).message),
    );
    assert.equal(await client.headManifest('foo', 'nope'), undefined);
  });
});

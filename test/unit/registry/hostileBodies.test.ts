// Bodies from a broken or hostile registry: every read stops at its cap, counted while reading
// and after decompression; a body cut short or undecodable fails at once as a RegistryError
// that says what was being read; a body that will be retried is not read.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { endless, MIB, MINIMAL_MANIFEST, peakGrowth, startFaultServer, type FaultServer } from '../../fixtures/faultServer';

const isError = (kind: string, re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof RegistryError, `not a RegistryError: ${e instanceof Error ? e.stack : String(e)}`);
  assert.equal(e.kind, kind, e.message);
  assert.match(e.message, re);
  return true;
};

const MANIFEST_HEADERS = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' };

describe('bodies are read under caps counted while reading', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const serve = async (handler: Parameters<typeof startFaultServer>[0]) => {
    const s = await startFaultServer((req, res) => (req.url === '/v2/' ? res.end() : handler(req, res)));
    servers.push(s);
    return { s, client: new RegistryClient({ registry: s.url, retries: 0, timeoutMs: 20_000 }) };
  };

  it('an endless manifest stops at 4 MiB, holding little more than that', async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200, MANIFEST_HEADERS);
      endless(res, Buffer.alloc(64 * 1024, 0x20));
    });
    const started = Date.now();
    const { error, peak } = await peakGrowth(() => client.getManifest('foo/bar', 'v1'));
    isError('too-large', /^The manifest foo\/bar:v1 from 127\.0\.0\.1:\d+ is larger than 4 MiB; refusing to load it\.$/)(error);
    assert.ok(peak < 4 * MIB + 8 * MIB, `live memory grew by ${(peak / MIB).toFixed(1)} MiB`);
    assert.ok(Date.now() - started < 10_000);
  });

  it('a gzip bomb is counted after decompression: 100 MiB of zeros in ~100 KB stops at the cap', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(100 * MIB), { level: 9 });
    assert.ok(bomb.length < 200 * 1024);
    for (const [encoding, body] of [
      ['gzip', bomb],
      ['deflate', zlib.deflateSync(Buffer.alloc(100 * MIB))],
      ['br', zlib.brotliCompressSync(Buffer.alloc(100 * MIB), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })],
    ] as const) {
      const { client } = await serve((_req, res) => {
        res.writeHead(200, { ...MANIFEST_HEADERS, 'content-encoding': encoding, 'content-length': String(body.length) });
        res.end(body);
      });
      const { error, peak } = await peakGrowth(() => client.getManifest('foo/bar', 'v1'));
      isError('too-large', /is larger than 4 MiB/)(error);
      assert.ok(peak < 4 * MIB + 8 * MIB, `${encoding}: live memory grew by ${(peak / MIB).toFixed(1)} MiB`);
    }
  });

  it('a compressed answer within its cap is read as what it inflates to', async () => {
    const { client } = await serve((req, res) => {
      const tags = JSON.stringify({ name: 'foo/bar', tags: ['a', 'b'] });
      const manifest = zlib.gzipSync(MINIMAL_MANIFEST);
      if (req.url?.includes('/tags/')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
        return res.end(zlib.brotliCompressSync(tags));
      }
      res.writeHead(200, { ...MANIFEST_HEADERS, 'content-encoding': 'gzip', 'content-length': String(manifest.length) });
      res.end(manifest);
    });
    const pages: string[][] = [];
    for await (const p of client.tags('foo/bar')) pages.push(p);
    assert.deepEqual(pages, [['a', 'b']]);
    const m = await client.getManifest('foo/bar', 'v1');
    assert.equal(m.bytes.toString(), MINIMAL_MANIFEST);
  });

  it('a tag list page over 16 MiB, a referrers list over 4 MiB, a token answer over 1 MiB: each says which cap', async () => {
    const { s, client } = await serve((req, res) => {
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return endless(res, Buffer.alloc(64 * 1024, 0x20));
      }
      if (req.url?.includes('/tags/') || req.url?.includes('/referrers/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return endless(res, Buffer.alloc(64 * 1024, 0x20));
      }
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"` });
      res.end();
    });
    await assert.rejects(allOf(client.tags('foo/bar')), isError('too-large', /^The tag list of foo\/bar from .* is larger than 16 MiB/));
    await assert.rejects(
      client.referrers('foo/bar', `sha256:${'b'.repeat(64)}`),
      isError('too-large', /^The referrers list of foo\/bar@sha256:b+ from .* is larger than 4 MiB/),
    );
    const tokenClient = new RegistryClient({ registry: `${s.url}/`, retries: 0, credentials: { username: 'alice', password: 'pw-pw-pw' } });
    await assert.rejects(tokenClient.getManifest('foo/other', 'v1'), isError('too-large', /^The token server's answer for .* is larger than 1 MiB/));
  });

  it('an endless error body is not read past 64 KiB: the error comes at once', async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.write('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"');
      endless(res, Buffer.alloc(16 * 1024, 0x61));
    });
    const started = Date.now();
    const { error, peak } = await peakGrowth(() => client.getManifest('foo/bar', 'v1'));
    isError('not-found', /foo\/bar:v1 was not found/)(error);
    assert.ok(peak < 8 * MIB, `live memory grew by ${(peak / MIB).toFixed(1)} MiB`);
    assert.ok(Date.now() - started < 5000);
  });

  it('a 503 that will be retried is not read at all: an endless one costs nothing', async () => {
    let n = 0;
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/' || n++ > 0) return res.end(n > 1 ? MINIMAL_MANIFEST : undefined);
      res.writeHead(503, { 'retry-after': '0' });
      endless(res, Buffer.alloc(64 * 1024, 0x20));
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url, retries: 1, sleep: async () => undefined });
    const { result, peak } = await peakGrowth(() => client.getManifest('foo/bar', 'v1'));
    assert.equal(result?.bytes.toString(), MINIMAL_MANIFEST);
    assert.ok(peak < 8 * MIB, `live memory grew by ${(peak / MIB).toFixed(1)} MiB`);
  });
});

describe('a body that breaks off fails at once, saying what was being read', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const serve = async (handler: Parameters<typeof startFaultServer>[0]) => {
    const s = await startFaultServer((req, res) => (req.url === '/v2/' ? res.end() : handler(req, res)));
    servers.push(s);
    return new RegistryClient({ registry: s.url, retries: 0, timeoutMs: 30_000 });
  };

  it('shorter than its Content-Length: "closed the connection after 1,024 of 4,096 bytes of the manifest", when the socket closes', async () => {
    const client = await serve((_req, res) => {
      res.writeHead(200, { ...MANIFEST_HEADERS, 'content-length': '4096' });
      res.write(Buffer.alloc(1024, 0x20));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const started = Date.now();
    await assert.rejects(
      client.getManifest('foo/bar', 'v1'),
      isError('network', /^127\.0\.0\.1:\d+ closed the connection after 1,024 of 4,096 bytes of the manifest foo\/bar:v1\.$/),
    );
    assert.ok(Date.now() - started < 3000, 'noticed when the socket closed, not after the 30 s idle timeout');
  });

  it('a chunked body reset halfway, and a blob stream cut short, are RegistryErrors too', async () => {
    const client = await serve((req, res) => {
      res.writeHead(200, req.url?.includes('/blobs/') ? { 'content-length': String(1024 * 1024) } : MANIFEST_HEADERS);
      res.write(Buffer.alloc(2048, 0x20));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    await assert.rejects(client.getManifest('foo/bar', 'v1'), isError('network', /closed the connection after 2,048 bytes of the manifest foo\/bar:v1/));
    const blob = await client.getBlob('foo/bar', `sha256:${'c'.repeat(64)}`);
    await assert.rejects(
      allOf(blob.stream as AsyncIterable<Buffer>),
      isError('network', /closed the connection after 2,048 of 1,048,576 bytes of the answer to read blob foo\/bar@sha256:c+/),
    );
  });

  it('a broken gzip stream and a body that is not JSON say so', async () => {
    const client = await serve((req, res) => {
      if (req.url?.includes('gz')) {
        res.writeHead(200, { ...MANIFEST_HEADERS, 'content-encoding': 'gzip' });
        return res.end('this is not gzip');
      }
      res.writeHead(200, MANIFEST_HEADERS);
      res.end('<html>Sign in to your proxy</html>');
    });
    await assert.rejects(client.getManifest('foo/bar', 'gz'), isError('protocol', /sent the manifest foo\/bar:gz compressed, but it does not decompress/));
    await assert.rejects(client.getManifest('foo/bar', 'v1'), isError('protocol', /^The manifest foo\/bar:v1 from .* is not valid JSON\./));
  });

  it('an answer that is not HTTP, and an unknown Content-Encoding', async () => {
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      if (req.url?.includes('zz')) {
        res.writeHead(200, { ...MANIFEST_HEADERS, 'content-encoding': 'zstd-from-the-future' });
        return res.end('xx');
      }
      res.socket?.end('SSH-2.0-OpenSSH_9.2\r\n\r\n');
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url, retries: 0 });
    await assert.rejects(client.getManifest('foo/bar', 'v1'), isError('network', /not HTTP|connection/));
    await assert.rejects(client.getManifest('foo/bar', 'zz'), isError('protocol', /does not decompress/));
  });
});

async function allOf<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

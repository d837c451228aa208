import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { close, listen } from '../../fixtures/tools';

// A server that sends headers and part of a body, then goes silent; and one that sends slowly but steadily.
describe('a body that stops coming', () => {
  let server: http.Server;
  let url = '';
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/v2/') {
        res.writeHead(200, { 'content-length': '2' });
        res.end('{}');
      } else if (req.url?.startsWith('/v2/stall/manifests/')) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': '1000' });
        res.write('{"schemaVersion": 2,'); // and nothing more
      } else if (req.url?.startsWith('/v2/slow/blobs/')) {
        const chunk = Buffer.alloc(1024, 1);
        let n = 0;
        res.writeHead(200, { 'content-length': String(chunk.length * 8) });
        const t = setInterval(() => {
          res.write(chunk);
          if (++n === 8) {
            clearInterval(t);
            res.end();
          }
        }, 100);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    url = `http://127.0.0.1:${await listen(server, '127.0.0.1')}`;
  });
  after(async () => {
    await close(server);
  });

  it('fails with a timeout that says the registry stopped sending', async () => {
    const client = new RegistryClient({ registry: url, timeoutMs: 400, retries: 0 });
    const started = Date.now();
    await assert.rejects(client.getManifest('stall', 'v1'), (e: unknown) => {
      assert.ok(e instanceof RegistryError, String(e));
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /stopped sending its answer for 0 s|stopped sending its answer/);
      return true;
    });
    assert.ok(Date.now() - started < 5000, 'within a few idle periods');
  });

  it('a body that keeps moving is not cut, though it takes longer than the timeout; nor is a slow reader', async () => {
    const client = new RegistryClient({ registry: url, timeoutMs: 300, retries: 0 });
    const blob = await client.getBlob('slow', 'sha256:' + '0'.repeat(64));
    let got = 0;
    // The reader takes each chunk late (longer than the idle time): backpressure is not a stall.
    const slowSink = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _e, done) {
        got += chunk.length;
        setTimeout(done, 350);
      },
    });
    await pipeline(blob.stream as NodeJS.ReadableStream, new PassThrough({ highWaterMark: 1 }), slowSink);
    assert.equal(got, 8 * 1024);
  });
});

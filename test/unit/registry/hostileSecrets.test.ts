// No secret in any message, URL, hint or log event, whatever produced the text: Node, a library,
// the token server or the registry itself; and a token or credential that cannot go in a header
// is refused without being quoted.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { RegistryClient, RegistryError, type FetchLike, type RequestLogEntry } from '../../../src/registry';
import { MINIMAL_MANIFEST, startFaultServer, type FaultServer } from '../../fixtures/faultServer';

const PASSWORD = 'hunter2-very-secret';
const alice = { username: 'alice', password: PASSWORD };
const BASIC = Buffer.from(`alice:${PASSWORD}`).toString('base64');
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

/** The error's every text, and the request log, hold none of `secrets`. */
function assertClean(e: unknown, log: RequestLogEntry[], secrets: string[]): RegistryError {
  assert.ok(e instanceof RegistryError, `not a RegistryError: ${String(e)}`);
  const texts = JSON.stringify({ message: e.message, hint: e.hint, url: e.url, codes: e.codes, operation: e.operation, log });
  for (const s of secrets) assert.ok(!texts.includes(s), `"${s}" leaked into: ${texts}`);
  return e;
}

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a failure');
}

describe('no secret in any message', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const serve = async (handler: Parameters<typeof startFaultServer>[0]) => {
    const s = await startFaultServer(handler);
    servers.push(s);
    return s;
  };

  it("a library's error text (full signed URL, Authorization value) never reaches the message", async () => {
    const log: RequestLogEntry[] = [];
    const fetch: FetchLike = async (url) => {
      if (url.endsWith('/v2/'))
        return { status: 200, headers: { get: () => null }, body: null, arrayBuffer: async () => new ArrayBuffer(0), text: async () => '' };
      throw Object.assign(
        new Error(`request to https://s3.example/b?X-Amz-Signature=SIG123456 failed, reason: header Authorization: Bearer ${TOKEN} rejected`),
        { code: 'ECONNRESET' },
      );
    };
    const client = new RegistryClient({ registry: 'https://r.example', fetch, retries: 0, onRequest: (e) => log.push(e) });
    const e = assertClean(await failureOf(client.getManifest('foo', 'v1')), log, ['SIG123456', TOKEN, 's3.example']);
    assert.equal(e.kind, 'network');
    assert.match(e.message, /^Cannot reach r\.example: connection reset\./);
  });

  it('an unexpected foreign error (here a credential helper that throws) becomes a RegistryError with its text scrubbed', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' });
      res.end();
    });
    const client = new RegistryClient({
      registry: s.url,
      retries: 0,
      credentials: async () => {
        throw new TypeError(`Cannot read properties of undefined (reading 'x') at https://r.example/v2/?token=${TOKEN}&sig=SIG999999`);
      },
    });
    const e = assertClean(await failureOf(client.getManifest('foo', 'v1')), [], [TOKEN, 'SIG999999']);
    assert.equal(e.kind, 'protocol');
    assert.match(e.message, /^Unexpected failure while trying to read manifest foo:v1 on 127\.0\.0\.1:\d+: Cannot read properties of undefined/);
  });

  it('a storage redirect to a signed URL where nothing listens: the signature is in no message and no log line', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const s = await serve((req, res) => {
      if (req.url === '/v2/') return res.end();
      res.writeHead(307, { location: `http://127.0.0.1:${closed}/bucket/blob?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=STORAGESIG` });
      res.end();
    });
    const log: RequestLogEntry[] = [];
    const client = new RegistryClient({ registry: s.url, retries: 0, onRequest: (e) => log.push(e) });
    const e = assertClean(await failureOf(client.getBlobBytes('foo', `sha256:${'d'.repeat(64)}`)), log, ['STORAGESIG', 'AKIAEXAMPLE']);
    assert.equal(e.kind, 'network');
    assert.ok(log.length >= 2 && log.every((l) => !l.url.includes('STORAGESIG')));
  });

  it('a registry echoing the password, the Basic value and the token in its error body: masked', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/v2/') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"` });
        return res.end();
      }
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
      }
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: [{ code: 'DENIED', message: `no: ${req.headers.authorization} for alice:${PASSWORD} (Basic ${BASIC}) token=${TOKEN.replace(/\./g, '.')}` }],
        }),
      );
    });
    const log: RequestLogEntry[] = [];
    const client = new RegistryClient({ registry: s.url, credentials: alice, onRequest: (e) => log.push(e) });
    const e = assertClean(await failureOf(client.getManifest('foo', 'v1')), log, [PASSWORD, BASIC, TOKEN, TOKEN.split('.')[2]]);
    assert.equal(e.kind, 'denied');
    assert.match(e.message, /DENIED/);
  });

  it('a token with a line break in it is refused without being quoted', async () => {
    const evil = 'abc\r\nX-Injected: yes';
    const s = await serve((req, res) => {
      if (req.url === '/v2/') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"` });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: evil }));
    });
    const client = new RegistryClient({ registry: s.url, credentials: alice });
    const e = assertClean(await failureOf(client.getManifest('foo', 'v1')), [], [evil, 'X-Injected', PASSWORD]);
    assert.equal(e.kind, 'protocol');
    assert.match(e.message, /token with characters that cannot go in an HTTP header/);
    assert.equal(s.seen.filter((r) => r.url.includes('/manifests/') && r.headers['x-injected']).length, 0);
  });

  it('a stored password or user name with a line break is refused before anything is sent, without being quoted', async () => {
    const s = await serve((req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' });
      res.end();
    });
    const client = new RegistryClient({ registry: s.url, credentials: { username: 'alice', password: 'pw\nX-Evil: 1' } });
    const e = assertClean(await failureOf(client.getManifest('foo', 'v1')), [], ['X-Evil', 'pw\n']);
    assert.equal(e.kind, 'unauthorized');
    assert.match(e.message, /contains a line break or another control character/);
    assert.ok(s.seen.every((r) => !r.headers.authorization));
  });

  it('header values are not quoted: a realm that is not a URL, a garbage Docker-Content-Digest', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/v2/') return res.end();
      if (req.url?.includes('realm')) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://[broken-SECRETREALM",service="s"' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': 'sha256:SECRETDIGEST/../../etc' });
      res.end(MINIMAL_MANIFEST);
    });
    const client = new RegistryClient({ registry: s.url, credentials: alice });
    const e = assertClean(await failureOf(client.getManifest('foo', 'realm')), [], ['SECRETREALM']);
    assert.equal(e.kind, 'protocol');
    // A digest header that is not a digest is ignored: the digest is computed from the bytes.
    const m = await client.getManifest('foo', 'v1');
    assert.match(m.digest, /^sha256:[0-9a-f]{64}$/);
  });
});

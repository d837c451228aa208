// Secrets a registry hands back: error bodies that echo the request's Authorization header, the
// token, the password and the Basic pair (from the registry, and from a token realm), and a blob
// redirect to a signed storage URL that cannot be reached. None of it may reach the error's
// message, hint or URL, nor the request log — while the registry's own words are still quoted.
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { afterEach, before, describe, it } from 'node:test';
import { custom, on, redirect } from '../fixtures/faults';
import { assertNoSecrets, stopwatch } from '../fixtures/hostileChecks';
import { useTestBed, TestBed } from '../fixtures/testbed';
import { freePort } from '../fixtures/tools';
import { clientFor, expectRegistryError, requestLines } from '../fixtures/registryClient';

/** Everything secret a request carried, and alice's password in every form, in one sentence. */
function echo(bed: TestBed, req: http.IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  const { username, password } = bed.users.alice;
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  return `bad token ${auth} (${auth.replace(/^\S+ /, '')}) for ${username}:${password}; try Basic ${basic} or password=${encodeURIComponent(password)}`;
}

function errorBody(code: string, message: string, detail: unknown = null): Buffer {
  return Buffer.from(JSON.stringify({ errors: [{ code, message, detail }] }));
}

describe('hostile secrets (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  before(async () => {
    await bed.pushImage('foo/s-echo', 'v1');
  });
  afterEach(() => {
    bed.quirks.fault = undefined;
    bed.quirks.realm = undefined;
  });

  it('a 403 whose body echoes the Bearer token and alice:password: denied, the registry quoted, no secret in message, hint, url or log', async () => {
    const fault = (bed.quirks.fault = custom((req, ctx, hit) => {
      if (!on('GET', /\/manifests\/v1$/)(req, ctx.url) || !req.headers.authorization) return false;
      hit();
      const message = echo(bed, req);
      ctx.send({
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: errorBody('DENIED', message, { authorization: req.headers.authorization }),
      });
      return true;
    }));
    const { client, requestLog } = clientFor(bed, 'alice');
    const error = await expectRegistryError(client.getManifest('foo/s-echo', 'v1'), 'denied');

    assert.equal(fault.hits, 1);
    assert.match(error.message, /DENIED: bad token Bearer \*\*\*/, `the registry's words are still quoted, masked: ${error.message}`);
    assertNoSecrets(bed, { error, requestLog });
  });

  it('a 401 invalid_token whose body echoes them: one retry with a new token, unauthorized, and still no secret anywhere', async () => {
    const challenge = `Bearer realm="${bed.realm}",service="${bed.service}",error="invalid_token"`;
    const fault = (bed.quirks.fault = custom((req, ctx, hit) => {
      if (!on('GET', /\/manifests\/v1$/)(req, ctx.url) || !req.headers.authorization) return false;
      hit();
      ctx.send({
        status: 401,
        headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
        body: errorBody('UNAUTHORIZED', echo(bed, req)),
      });
      return true;
    }));
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'alice');
    const error = await expectRegistryError(client.getManifest('foo/s-echo', 'v1'), 'unauthorized');

    assert.equal(fault.hits, 2, `the first token, then a fresh one, both echoed:\n${requestLines(bed)}`);
    assert.equal(bed.tokenRequests.length, 2, 'an invalid token is replaced once');
    assert.match(error.message, /did not accept the credentials of alice \(401 invalid_token\)/, error.message);
    assertNoSecrets(bed, { error, requestLog });
  });

  it('a token realm whose 401 echoes the Basic header and the password: unauthorized, no secret anywhere', async () => {
    // The realm is announced on the registry's own host, where the layer answers it.
    bed.quirks.realm = `${bed.url}/token-echo`;
    const fault = (bed.quirks.fault = custom((req, ctx, hit) => {
      if (ctx.url.pathname !== '/token-echo') return false;
      hit();
      const body = Buffer.from(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: echo(bed, req) }], error_description: echo(bed, req) }));
      ctx.send({ status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="token"' }, body });
      return true;
    }));
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'alice');
    const error = await expectRegistryError(client.getManifest('foo/s-echo', 'v1'), 'unauthorized');

    assert.equal(fault.hits, 1, 'the realm was asked once');
    assert.match(error.message, /^The token server of .* rejected the credentials of alice \(401\)/, error.message);
    assert.equal(bed.tokenRequests.length, 0, 'the real token server was not involved');
    assertNoSecrets(bed, { error, requestLog });
  });

  it('a blob redirect to a signed storage URL where nothing listens: network, and no part of the signature anywhere', async () => {
    const image = await bed.pushImage('foo/s-blob', 'v1');
    const port = await freePort();
    const location =
      `http://127.0.0.1:${port}/bucket/${image.configDigest}?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
      '&X-Amz-Credential=AKIASECRETKEYID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=SECRETSIGNATURE0123456789abcdef';
    const fault = (bed.quirks.fault = redirect(on('GET', /\/blobs\/sha256:/), 307, () => location));
    const { client, requestLog } = clientFor(bed, 'alice');
    const took = stopwatch();
    const error = await expectRegistryError(client.getBlobBytes('foo/s-blob', image.configDigest!), 'network');
    const ms = took();

    assert.equal(fault.hits, 1);
    assert.match(error.message, new RegExp(`^Cannot reach 127\\.0\\.0\\.1:${port}: connection refused\\b`), error.message);
    assert.ok(
      requestLog.some((e) => e.url.startsWith(`http://127.0.0.1:${port}/bucket/`)),
      'the client did try the storage URL',
    );
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
    assertNoSecrets(bed, { error, requestLog }, ['SECRET']);
  });
});

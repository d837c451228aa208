import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { createServerCertificate } from '../../fixtures/keys';
import { close, listen } from '../../fixtures/tools';

describe('TLS settings (a self-signed https server on 127.0.0.1)', () => {
  let dir = '';
  let server: https.Server;
  let url = '';
  let cert = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 're-tls-'));
    const pair = createServerCertificate(dir, '127.0.0.1');
    cert = pair.cert;
    server = https.createServer({ key: pair.key, cert }, (_req, res) => {
      res.writeHead(200, { 'content-length': '2' });
      res.end('{}');
    });
    url = `https://127.0.0.1:${await listen(server, '127.0.0.1')}`;
  });

  after(async () => {
    if (server) await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an untrusted certificate with a sentence that says what to do', async () => {
    await assert.rejects(new RegistryClient({ registry: url, retries: 0 }).ping(), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'tls');
      assert.match(e.message, /certificate of 127\.0\.0\.1:\d+ is not trusted/);
      assert.match(e.hint ?? '', /add its CA certificate or turn on skip verification in Edit Connection/);
      return true;
    });
  });

  it('trusts it with the CA option, and with skip verification', async () => {
    assert.equal((await new RegistryClient({ registry: url, ca: cert }).ping()).status, 200);
    assert.equal((await new RegistryClient({ registry: url, skipTlsVerify: true }).ping()).status, 200);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, RegistryError } from '../../../src/registry';

describe('TLS settings (a self-signed https server on 127.0.0.1)', () => {
  let dir = '';
  let server: https.Server;
  let url = '';
  let cert = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 're-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`openssl is needed for this test (apt-get install -y openssl): ${(e as Error).message}`);
    }
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => {
      res.writeHead(200, { 'content-length': '2' });
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
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

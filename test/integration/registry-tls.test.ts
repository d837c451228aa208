// The real registry behind HTTPS with a self-signed certificate on 127.0.0.2 (test/fixtures/tlsFront):
// the connection settings (custom CA, skip verification) carry through token auth end to end.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError } from '../../src/registry';
import { useTestBed } from '../fixtures/testbed';
import { startTlsFront, TlsFront } from '../fixtures/tlsFront';
import { allPages } from '../fixtures/tools';

describe('a registry behind https with a private CA (real docker-registry 2.8, token auth)', () => {
  const bed = useTestBed({ seed: false });
  let front: TlsFront;
  before(async () => {
    await bed.pushImage('foo/tls', ['a', 'b']);
    front = await startTlsFront(bed);
  });
  after(async () => {
    await front?.stop();
    await bed?.stop();
  });

  const tagsOf = async (client: RegistryClient) => (await allPages(client.tags('foo/tls'))).flat().sort();

  it('refuses the untrusted certificate with a sentence that says what to do', async () => {
    await assert.rejects(tagsOf(new RegistryClient({ registry: front.url, credentials: bed.users.alice, retries: 0 })), (e: unknown) => {
      assert.ok(e instanceof RegistryError, String(e));
      assert.equal(e.kind, 'tls');
      assert.match(e.message, /certificate of 127\.0\.0\.2:\d+ is not trusted/);
      return true;
    });
  });

  for (const [name, opts] of [
    ['the CA certificate', { ca: '' }],
    ['skip verification', { skipTlsVerify: true }],
  ] as const) {
    it(`with ${name}: signs in through the https realm and lists tags`, async () => {
      bed.resetLogs();
      const client = new RegistryClient({ registry: front.url, credentials: bed.users.alice, ...('ca' in opts ? { ca: front.ca } : opts) });
      assert.deepEqual(await tagsOf(client), ['a', 'b']);
      assert.equal(bed.tokenRequests.length, 1, 'one token, through the front');
      assert.deepEqual(bed.tokenRequests[0].scopes, ['repository:foo/tls:pull']);
    });
  }
});

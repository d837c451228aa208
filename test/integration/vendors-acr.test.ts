// ACR's data-plane API (`/acr/v1`) through a stand-in written from azure-rest-api-specs
// (test/fixtures/vendors/acrApi.ts): the registry host itself, fronting the real docker-registry 2.8
// of the test bed with ACR's `oauth2/token` realm, so the requests go through the client's auth
// layer with ACR's scopes (metadata_read, delete) and the real registry decides.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError, type VendorTag } from '../../src/registry';
import { useTestBed } from '../fixtures/testbed';
import { RealRegistry, type BedUser } from '../fixtures/vendors/realRegistry';
import { startAcr } from '../fixtures/vendors/acrApi';
import { allPages } from '../fixtures/tools';

describe("ACR's API (stand-in registry host) over the real docker-registry 2.8", () => {
  const bed = useTestBed();
  let real: RealRegistry;
  let acr: Awaited<ReturnType<typeof startAcr>>;

  before(async () => {
    real = new RealRegistry(bed);
    acr = await startAcr(real);
  });
  after(async () => {
    await acr?.stop();
    await bed?.stop();
  });

  const client = (user: BedUser) => new RegistryClient({ registry: acr.url, credentials: { ...bed.users[user] }, retries: 0 });
  const flat = async (pages: AsyncIterable<VendorTag[]>) => {
    const out: VendorTag[][] = [];
    for await (const p of pages) out.push(p);
    return out;
  };

  it('the catalog through /acr/v1/_catalog, paged by Link, with a token for registry:catalog:* from the oauth2/token realm', async () => {
    acr.tokenRequests.length = 0;
    const pages = await allPages(client('admin').vendor('acr').repositories(undefined, { pageSize: 10 }));
    assert.ok(pages.length >= 4 && pages.every((p) => p.length <= 10));
    assert.deepEqual(pages.flat().sort(), await real.repositories());
    assert.deepEqual(acr.tokenRequests, [['registry:catalog:*']]);
  });

  it('tags newest first with the real digests and push times; one metadata_read token serves every page', async () => {
    const a = await real.push('foo/acr-order', ['a']);
    await real.push('foo/acr-order', ['b'], { seed: 'b' });
    const c = await real.push('foo/acr-order', ['c'], { seed: 'c' });
    acr.tokenRequests.length = 0;
    const pages = await flat(client('alice').vendor('acr').tags('foo/acr-order', { pageSize: 2 }));
    assert.deepEqual(
      pages.map((p) => p.map((t) => t.name)),
      [['c', 'b'], ['a']],
    );
    assert.equal(pages[0][0].digest, c.digest);
    assert.equal(pages[1][0].digest, a.digest);
    assert.equal(pages[1][0].pushedAt, real.pushedAt('foo/acr-order', 'a'));
    assert.deepEqual(acr.tokenRequests, [['repository:foo/acr-order:metadata_read']]);
  });

  it('untag removes exactly that tag (the delete scope learned from the challenge): the other tag on the digest survives', async () => {
    const pushed = await real.push('foo/acr-untag', ['keep', 'drop']);
    const alice = client('alice');
    await alice.vendor('acr').untag('foo/acr-untag', 'drop');
    const plain = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, retries: 0 });
    assert.deepEqual((await allPages(plain.tags('foo/acr-untag'))).flat(), ['keep']);
    assert.equal((await plain.headManifest('foo/acr-untag', 'keep'))?.digest, pushed.digest);
    assert.ok(
      acr.tokenRequests.some((s) => s.includes('repository:foo/acr-untag:delete')),
      JSON.stringify(acr.tokenRequests),
    );
    // The registry protocol works through the same client and realm.
    assert.deepEqual((await allPages(alice.tags('foo/acr-untag'))).flat(), ['keep']);
  });

  it("a user the registry does not let delete: denied, naming ACR's API; an unknown repository: not found", async () => {
    await real.push('foo/acr-keep', ['x', 'y']);
    await assert.rejects(client('carol').vendor('acr').untag('foo/acr-keep', 'x'), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'denied');
      assert.match(e.message, /^ACR's API at 127\.0\.0\.1:\d+: carol is not allowed to delete in foo\/acr-keep/);
      return true;
    });
    assert.deepEqual(await real.tags('foo/acr-keep'), ['x', 'y']);
    await assert.rejects(
      flat(client('alice').vendor('acr').tags('foo/no-such-repository')),
      (e: unknown) =>
        e instanceof RegistryError && e.kind === 'not-found' && /^ACR's API at .* knows no repository foo\/no-such-repository \(404\)/.test(e.message),
    );
  });
});

// Quay's REST API through a stand-in written from Quay's API endpoints (test/fixtures/vendors/
// quayApi.ts), in front of the real docker-registry 2.8 of the test bed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError, type VendorApi, type VendorTag } from '../../src/registry';
import { useTestBed } from '../fixtures/testbed';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startQuayApi } from '../fixtures/vendors/quayApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { allPages } from '../fixtures/tools';

const ALICE_TOKEN = 'quay-oauth-token-of-alice-0123456789';
const CAROL_TOKEN = 'quay-oauth-token-of-carol-0123456789';

describe("Quay's API (stand-in) over the real docker-registry 2.8", () => {
  const bed = useTestBed();
  let real: RealRegistry;
  let quay: StandIn;

  before(async () => {
    real = new RealRegistry(bed);
    quay = await startQuayApi(
      real,
      { [ALICE_TOKEN]: { user: 'alice', namespaces: ['foo'] }, [CAROL_TOKEN]: { user: 'carol', namespaces: ['foo'] } },
      { publicNamespaces: ['public'], repositoriesPerPage: 6 },
    );
  });
  after(async () => {
    await quay?.stop();
    await bed?.stop();
  });

  // Quay's convention for an OAuth token as a login: the user name `$oauthtoken`.
  const api = (token = ALICE_TOKEN): VendorApi =>
    new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice }, retries: 0 }).vendor('quay', {
      apiUrl: quay.url,
      credentials: { username: '$oauthtoken', password: token },
    });
  const flat = async (pages: AsyncIterable<VendorTag[]>) => {
    const out: VendorTag[][] = [];
    for await (const p of pages) out.push(p);
    return out;
  };

  it("lists a namespace's repositories, following Quay's opaque next_page token: exactly the real catalog under it", async () => {
    quay.log.length = 0;
    const expected = (await real.repositories()).filter((r) => r.startsWith('foo/'));
    const pages = await allPages(api().repositories('foo'));
    assert.equal(pages.length, Math.ceil(expected.length / 6));
    assert.deepEqual(pages.flat().sort(), expected);
    assert.equal(quay.log.filter((r) => r.path.includes('next_page=')).length, pages.length - 1);
    assert.ok(quay.log.every((r) => r.auth === 'Bearer' && !r.path.includes(ALICE_TOKEN)));
  });

  it('active tags newest first, a page at a time, with the real digest, the layers size and the push time (to the second)', async () => {
    const first = await real.push('foo/qy-order', ['a'], { layers: 2 });
    await real.push('foo/qy-order', ['b'], { seed: 'b' });
    const third = await real.push('foo/qy-order', ['c'], { seed: 'c' });
    const pages = await flat(api().tags('foo/qy-order', { pageSize: 2 }));
    assert.deepEqual(
      pages.map((p) => p.map((t) => t.name)),
      [['c', 'b'], ['a']],
    );
    const [c, , a] = pages.flat();
    assert.equal(c.digest, third.digest);
    assert.equal(a.digest, first.digest);
    assert.equal(a.size, (await real.image('foo/qy-order', 'a')).layerBytes);
    assert.equal(a.sizeCounts, 'layers');
    assert.equal(a.isIndex, false);
    assert.equal(a.pushedAt, new Date(Math.floor(Date.parse(real.pushedAt('foo/qy-order', 'a')) / 1000) * 1000).toISOString());
  });

  it('untag removes exactly that tag: the other tag on the same digest survives (checked on the registry)', async () => {
    const pushed = await real.push('foo/qy-untag', ['keep', 'drop']);
    await api().untag('foo/qy-untag', 'drop');
    const plain = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, retries: 0 });
    assert.deepEqual((await allPages(plain.tags('foo/qy-untag'))).flat(), ['keep']);
    assert.equal((await plain.headManifest('foo/qy-untag', 'keep'))?.digest, pushed.digest);
  });

  it("refusals name Quay's API: no delete right in the registry (403), an invalid token (401), a private namespace without one (401)", async () => {
    await real.push('foo/qy-keep', ['x', 'y']);
    await assert.rejects(
      api(CAROL_TOKEN).untag('foo/qy-keep', 'x'),
      (e: unknown) =>
        e instanceof RegistryError && e.kind === 'denied' && /^Quay's API at 127\.0\.0\.1:\d+ refused to delete the tag foo\/qy-keep:x/.test(e.message),
    );
    assert.deepEqual(await real.tags('foo/qy-keep'), ['x', 'y']);
    await assert.rejects(allPages(api('not-a-token-at-all').repositories('foo')), (e: unknown) => {
      assert.ok(e instanceof RegistryError && e.kind === 'unauthorized');
      assert.match(e.message, /“The access token provided is invalid”/);
      assert.match(e.hint ?? '', /OAuth access token/);
      return true;
    });
    const anonymous = new RegistryClient({ registry: bed.url, retries: 0 }).vendor('quay', { apiUrl: quay.url });
    await assert.rejects(
      flat(anonymous.tags('foo/bar')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'unauthorized' && /^Quay's API/.test(e.message),
    );
    assert.deepEqual((await allPages(anonymous.repositories('public'))).flat(), ['public/hello']);
  });
});

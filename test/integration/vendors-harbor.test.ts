// Harbor's REST API through a stand-in written from Harbor's swagger (test/fixtures/vendors/
// harborApi.ts), in front of the real docker-registry 2.8 of the test bed: listings, artifact
// metadata and an untag checked against what the registry holds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError, type VendorApi, type VendorTag } from '../../src/registry';
import { useTestBed } from '../fixtures/testbed';
import { RealRegistry, type RealImage } from '../fixtures/vendors/realRegistry';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { allPages } from '../fixtures/tools';

const ROBOT = { username: 'robot$foo+ci', password: 'robot-secret-1' };

describe("Harbor's API (stand-in) over the real docker-registry 2.8", () => {
  const bed = useTestBed();
  let real: RealRegistry;
  let harbor: StandIn;

  before(async () => {
    real = new RealRegistry(bed);
    harbor = await startHarborApi(
      real,
      {
        [ROBOT.username]: { password: ROBOT.password, user: 'alice', projects: ['foo'] },
        carol: { password: bed.users.carol.password, user: 'carol', projects: ['foo'] },
      },
      ['public'],
    );
  });
  after(async () => {
    await harbor?.stop();
    await bed?.stop();
  });

  /** The registry's client signed in as carol; the API with the robot's login unless told otherwise (a second login for one host). */
  const api = (credentials: { username: string; password: string } | null = ROBOT): VendorApi =>
    new RegistryClient({ registry: bed.url, credentials: { ...bed.users.carol }, retries: 0 }).vendor('harbor', {
      apiUrl: harbor.url,
      credentials: credentials ?? undefined,
    });
  const flat = async (pages: AsyncIterable<VendorTag[]>) => {
    const out: VendorTag[] = [];
    for await (const p of pages) out.push(...p);
    return out;
  };
  const harborSize = (i: RealImage): number => i.manifestBytes + i.configBytes + i.layerBytes + i.children.reduce((n, c) => n + harborSize(c), 0);

  it('without a project: every project the login sees, then their repositories, matching the real catalog', async () => {
    const catalog = await real.repositories();
    const pages = await allPages(api().repositories(undefined, { pageSize: 4 }));
    assert.ok(pages.every((p) => p.length <= 4));
    assert.deepEqual(
      pages.flat().sort(),
      catalog.filter((r) => r.startsWith('foo/') || r.startsWith('public/')),
    );
    // Anonymous: the public project only.
    const anonymous = new RegistryClient({ registry: bed.url, retries: 0 }).vendor('harbor', { apiUrl: harbor.url });
    assert.deepEqual(
      (await allPages(anonymous.repositories())).flat(),
      catalog.filter((r) => r.startsWith('public/')),
    );
  });

  it('a nested repository (its name encoded twice in paths): tags with the real digest, Harbor size and push time, and the tags sharing an image', async () => {
    const shared = await real.push('foo/team/app', ['one', 'two'], { layers: 3 });
    const other = await real.push('foo/team/app', ['three'], { seed: 'another image' });
    const tags = await flat(api().tags('foo/team/app', { pageSize: 1 }));
    assert.deepEqual(tags.map((t) => t.name).sort(), ['one', 'three', 'two']);
    const byName = new Map(tags.map((t) => [t.name, t]));
    assert.equal(byName.get('one')?.digest, shared.digest);
    assert.equal(byName.get('three')?.digest, other.digest);
    assert.deepEqual(byName.get('one')?.sameImage, ['two']);
    assert.equal(byName.get('one')?.size, harborSize(await real.image('foo/team/app', 'one')));
    assert.equal(byName.get('one')?.sizeCounts, 'manifest+config+layers');
    for (const t of tags) assert.equal(t.pushedAt, real.pushedAt('foo/team/app', t.name));
    assert.ok(
      harbor.log.some((r) => r.path.includes('/repositories/team%252Fapp/artifacts')),
      'the name went encoded twice',
    );
  });

  it('an index: flagged, its size counting its images', async () => {
    const [multi] = await flat(api().tags('foo/multi'));
    const image = await real.image('foo/multi', 'latest');
    assert.equal(multi.digest, image.digest);
    assert.equal(multi.isIndex, true);
    assert.equal(multi.size, harborSize(image));
    assert.ok(image.children.length > 1 && multi.size! > image.manifestBytes + image.children[0].manifestBytes);
  });

  it('untag removes exactly that tag: the other tag on the same digest survives (checked on the registry)', async () => {
    const pushed = await real.push('foo/hb-untag', ['keep', 'drop']);
    await api().untag('foo/hb-untag', 'drop');
    const plain = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, retries: 0 });
    assert.deepEqual((await allPages(plain.tags('foo/hb-untag'))).flat(), ['keep']);
    assert.equal((await plain.headManifest('foo/hb-untag', 'keep'))?.digest, pushed.digest);
  });

  it("refusals name Harbor's API: a login the registry does not let delete (403), anonymous on a private project (401), a wrong robot secret (401)", async () => {
    await real.push('foo/hb-keep', ['x', 'y']);
    const carol = api({ ...bed.users.carol, username: 'carol' });
    await assert.rejects(
      carol.untag('foo/hb-keep', 'x'),
      (e: unknown) =>
        e instanceof RegistryError && e.kind === 'denied' && /^Harbor's API at 127\.0\.0\.1:\d+ refused to delete the tag foo\/hb-keep:x/.test(e.message),
    );
    assert.deepEqual(await real.tags('foo/hb-keep'), ['x', 'y']);
    const anonymous = new RegistryClient({ registry: bed.url, retries: 0 }).vendor('harbor', { apiUrl: harbor.url });
    await assert.rejects(
      allPages(anonymous.repositories('foo')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'unauthorized' && /^Harbor's API/.test(e.message),
    );
    await assert.rejects(allPages(api({ username: ROBOT.username, password: 'wrong-secret' }).repositories('foo')), (e: unknown) => {
      assert.ok(e instanceof RegistryError && e.kind === 'unauthorized');
      assert.match(e.hint ?? '', /robot account/);
      assert.ok(!`${e.message} ${e.hint} ${e.url}`.includes('wrong-secret'));
      return true;
    });
  });

  it('identify: the system info answers as Harbor, asked without any credentials', async () => {
    harbor.log.length = 0;
    assert.equal(await api().identify?.(), 'Harbor');
    assert.deepEqual(
      harbor.log.map((r) => [r.path, r.auth]),
      [['/api/v2.0/systeminfo', '']],
    );
  });
});

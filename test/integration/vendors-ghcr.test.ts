// GitHub's packages API (GHCR) through a stand-in written from github/rest-api-description
// (test/fixtures/vendors/githubPackagesApi.ts, laid out as GitHub Enterprise), in front of the real
// docker-registry 2.8 of the test bed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError, type VendorApi, type VendorTag } from '../../src/registry';
import { useTestBed } from '../fixtures/testbed';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startGitHubPackagesApi } from '../fixtures/vendors/githubPackagesApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { allPages } from '../fixtures/tools';

const READ_ONLY = 'ghp_readOnlyTokenOfAlice000000000000';

describe("GitHub's packages API for GHCR (stand-in) over the real docker-registry 2.8", () => {
  const bed = useTestBed();
  let real: RealRegistry;
  let github: StandIn & { apiUrl: string };

  before(async () => {
    real = new RealRegistry(bed);
    const full = ['read:packages', 'delete:packages'];
    // The personal access token is the registry password too, as on ghcr.io.
    github = await startGitHubPackagesApi(
      real,
      {
        [bed.users.alice.password]: { user: 'alice', login: 'alice', scopes: full, owners: ['foo', 'public'] },
        [bed.users.carol.password]: { user: 'carol', login: 'carol', scopes: full, owners: ['foo'] },
        [READ_ONLY]: { user: 'alice', login: 'alice', scopes: ['read:packages'], owners: ['foo'] },
      },
      ['foo'],
    );
  });
  after(async () => {
    await github?.stop();
    await bed?.stop();
  });

  const api = (user: 'alice' | 'carol' = 'alice', token?: string): VendorApi =>
    new RegistryClient({ registry: bed.url, credentials: { ...bed.users[user] }, retries: 0 }).vendor('ghcr', {
      apiUrl: github.url,
      credentials: token ? { username: 'alice', password: token } : undefined,
    });
  const flat = async (pages: AsyncIterable<VendorTag[]>) => {
    const out: VendorTag[] = [];
    for await (const p of pages) out.push(...p);
    return out;
  };

  it("an organisation's container packages page by page (Link), and a user's after the organisation route says 404", async () => {
    github.log.length = 0;
    const expected = (await real.repositories()).filter((r) => r.startsWith('foo/'));
    const pages = await allPages(api().repositories('foo', { pageSize: 5 }));
    assert.equal(pages.length, Math.ceil(expected.length / 5));
    assert.deepEqual(pages.flat().sort(), expected);
    assert.deepEqual((await allPages(api().repositories('public'))).flat(), ['public/hello']);
    const owners = github.log.filter((r) => /\/packages\?/.test(r.path)).map((r) => `${r.path.split('/')[3]} ${r.status}`);
    assert.deepEqual(owners.slice(-2), ['orgs 404', 'users 200']);
    assert.ok(github.log.every((r) => r.path.startsWith('/api/v3/') && !r.path.includes(bed.users.alice.password)));
  });

  it('versions become tags with the real digest, the image they share, and the push time', async () => {
    const shared = await real.push('foo/gh-meta', ['v1', 'v1.0', 'latest']);
    const other = await real.push('foo/gh-meta', ['old'], { seed: 'older image' });
    const tags = await flat(api().tags('foo/gh-meta', { pageSize: 1 }));
    const byName = new Map(tags.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ['latest', 'old', 'v1', 'v1.0']);
    assert.equal(byName.get('v1')?.digest, shared.digest);
    assert.equal(byName.get('old')?.digest, other.digest);
    assert.deepEqual(byName.get('v1')?.sameImage?.sort(), ['latest', 'v1.0']);
    assert.equal(byName.get('old')?.pushedAt, real.pushedAt('foo/gh-meta', 'old'));
    assert.equal(byName.get('v1')?.size, undefined, 'GitHub gives no size');
  });

  it('untag: GitHub deletes whole versions, so a tag beside others is refused (nothing changes) and a last tag goes with its image', async () => {
    const pushed = await real.push('foo/gh-untag', ['keep', 'also']);
    const single = await real.push('foo/gh-untag', ['only'], { seed: 'single' });
    const gh = api();
    assert.equal(gh.untagsAlone, false);
    await assert.rejects(
      gh.untag('foo/gh-untag', 'also'),
      (e: unknown) => e instanceof RegistryError && e.kind === 'unsupported' && /also carries keep/.test(e.message),
    );
    await gh.untag('foo/gh-untag', 'only');
    const plain = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, retries: 0 });
    assert.deepEqual((await allPages(plain.tags('foo/gh-untag'))).flat().sort(), ['also', 'keep']);
    assert.equal((await plain.headManifest('foo/gh-untag', 'keep'))?.digest, pushed.digest);
    assert.equal(await plain.headManifest('foo/gh-untag', single.digest), undefined);
  });

  it("refusals name GitHub's packages API: a token without delete:packages (403), the registry refusing the user (403), a bad token (401)", async () => {
    await real.push('foo/gh-keep', ['x']);
    await assert.rejects(
      api('alice', READ_ONLY).untag('foo/gh-keep', 'x'),
      (e: unknown) =>
        e instanceof RegistryError &&
        e.kind === 'denied' &&
        /^GitHub's packages API at 127\.0\.0\.1:\d+ refused to delete foo\/gh-keep:x on GitHub \(403\): “You need at least delete:packages/.test(e.message),
    );
    await assert.rejects(api('carol').untag('foo/gh-keep', 'x'), (e: unknown) => e instanceof RegistryError && e.kind === 'denied');
    assert.deepEqual(await real.tags('foo/gh-keep'), ['x']);
    await assert.rejects(
      allPages(api('alice', 'ghp_bad').repositories('foo')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'unauthorized' && /“Bad credentials”/.test(e.message) && /read:packages/.test(e.hint ?? ''),
    );
  });
});

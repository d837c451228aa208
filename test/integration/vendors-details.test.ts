// Tag details and sort by date from a registry's own API: the tree model over the real
// docker-registry 2.8 of the test bed, with Quay's REST API in front of it (the stand-in of
// test/fixtures/vendors/quayApi.ts, written from Quay's published API). Requests are counted at the
// registry (the quirk layer's log), without the stand-in's own reads of it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, type VendorApi } from '../../src/registry';
import type { RepositoryNode, TagNode } from '../../src/model/nodes';
import { compareTagsByVersion } from '../../src/model/tagSort';
import { startTestBed, type TestBed } from '../fixtures/testbed';
import { treeHarness, until, type TreeHarness } from '../fixtures/treeModel';
import { notStandIn, RealRegistry } from '../fixtures/vendors/realRegistry';
import { startQuayApi } from '../fixtures/vendors/quayApi';
import type { StandIn } from '../fixtures/vendors/standInServer';

describe("tag details and date order from the registry's API (Quay stand-in over the real docker-registry 2.8)", () => {
  let bed: TestBed;
  let real: RealRegistry;
  let quay: StandIn & { apiUrl: string };

  before(async () => {
    bed = await startTestBed();
    real = new RealRegistry(bed);
    // An OAuth token of Quay's: here the user's registry password stands for it.
    quay = await startQuayApi(real, { [bed.users.alice.password]: { user: 'alice', namespaces: ['foo'] } });
  });
  after(async () => {
    await quay?.stop();
    await bed?.stop();
  });

  const ours = () => bed.registryRequests.filter(notStandIn);
  const manifestReads = () => ours().filter((r) => r.path.includes('/manifests/'));
  const blobReads = () => ours().filter((r) => r.path.includes('/blobs/'));

  /** foo/many (45 tags on 15 images) in a tree sorted by date, the registry node open; logs reset. */
  async function openMany(vendor: VendorApi): Promise<{ h: TreeHarness; repo: RepositoryNode }> {
    const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice }, retries: 0 });
    const h = treeHarness(bed, bed.users.alice, { repositories: ['foo/many'], kind: 'quay' }, client, vendor);
    h.settings.pageSize = 100;
    h.settings.tagSort = 'date';
    const [registry] = await h.model.getChildren();
    await h.model.getChildren(registry);
    bed.resetLogs();
    quay.log.length = 0;
    return { h, repo: { kind: 'repository', registryId: h.entry.id, repository: 'foo/many' } };
  }

  /** The tags once every one has its details and the order has settled. */
  async function settledTags(h: TreeHarness, repo: RepositoryNode): Promise<TagNode[]> {
    const first = (await h.model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
    await until('details', () => first.every((t) => t.details?.state === 'loaded' || t.details?.state === 'failed'), 60_000);
    await new Promise((r) => setTimeout(r, 500)); // the re-sort as dates arrive, and nothing more may follow
    return (await h.model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
  }

  const newestFirst = (dateOf: (tag: string) => string) => (a: string, b: string) =>
    Date.parse(dateOf(b)) - Date.parse(dateOf(a)) || compareTagsByVersion(a, b);

  it('45 tags with digest, push time and size, sorted by push time, without one manifest or config read', async () => {
    const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice }, retries: 0 });
    const { h, repo } = await openMany(client.vendor('quay', { apiUrl: quay.url }));
    const tags = await settledTags(h, repo);
    const { many } = bed.seeded;
    assert.equal(tags.length, 45);
    assert.deepEqual(
      tags.map((t) => t.tag),
      [...many.tags].sort(newestFirst((t) => real.pushedAt('foo/many', t))),
      "the stand-in's push times, newest first",
    );
    for (const t of tags) {
      const image = await real.image('foo/many', t.tag);
      assert.equal(t.details?.state, 'loaded', t.details?.error);
      assert.equal(t.details?.digest, many.digestByTag[t.tag], t.tag);
      assert.equal(t.details?.pushed, real.pushedAt('foo/many', t.tag), t.tag);
      assert.equal(t.details?.size, image.layerBytes, t.tag);
      assert.equal(t.details?.sizeCounts, 'layers');
      assert.equal(t.details?.source, "Quay's API");
      assert.equal(t.details?.created, undefined, 'no config was read');
    }
    assert.deepEqual(manifestReads(), [], 'no manifest GET or HEAD');
    assert.deepEqual(blobReads(), [], 'no config read');
    assert.ok(!ours().some((r) => r.path.includes('/tags/list')), 'the names came with the API listing');
    // distribution 2.8 has no referrers API: learned from the first lookup, the other 14 images cost nothing.
    assert.equal(ours().filter((r) => r.path.includes('/referrers/')).length, 1, 'one referrers lookup');
    assert.deepEqual(
      quay.log.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`),
      ['GET /api/v1/repository/foo/many/tag/ 200'],
      'one API request lists all 45',
    );
  });

  it('an API that fails (a login it refuses) falls back to the registry: its tag list, then manifest and config, and details still show', async () => {
    const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice }, retries: 0 });
    const refused = client.vendor('quay', { apiUrl: quay.url, credentials: { username: 'alice', password: 'not-a-quay-token' } });
    const { h, repo } = await openMany(refused);
    const tags = await settledTags(h, repo);
    assert.equal(tags.length, 45);
    assert.deepEqual(
      quay.log.map((r) => r.status),
      [401],
      'the API was asked once',
    );
    assert.equal(ours().filter((r) => r.path.includes('/tags/list')).length, 1, "the registry's tag list took over");
    for (const t of tags) {
      assert.equal(t.details?.state, 'loaded', t.details?.error);
      assert.equal(t.details?.digest, bed.seeded.many.digestByTag[t.tag]);
      assert.equal(t.details?.pushed, undefined);
      assert.ok(t.details?.created, 'the date from the image config');
      assert.match(t.details?.fallback ?? '', /^Quay's API could not list the tags \(.*\); details come from each tag's manifest and config instead\.$/);
      assert.ok(!(t.details?.fallback ?? '').includes('not-a-quay-token'));
    }
    assert.deepEqual(
      tags.map((t) => t.tag),
      [...bed.seeded.many.tags].sort(newestFirst((t) => tags.find((x) => x.tag === t)!.details!.created!)),
      'sorted by the config dates',
    );
    assert.ok(manifestReads().length >= 45, `${manifestReads().length} manifest reads`);
  });
});

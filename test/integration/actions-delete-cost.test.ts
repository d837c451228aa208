// What the product's delete path costs on the real registry (test bed, docker-registry 2.8, token
// auth), counted in the bed's logs: plan from the digests the tree shows plus one fresh listing,
// then the deletes, with no HEAD for a digest already known.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeleteFresh } from '../../src/actions/deletePlan';
import { describeDeletePlan } from '../../src/actions/deleteConfirm';
import { executeDeletePlan } from '../../src/actions/deleteExecute';
import { listTagDigests } from '../../src/actions/tagDigests';
import type { RegistryApi } from '../../src/registry/index';
import { useTestBed, type TestBed } from '../fixtures/testbed';
import { requestLines, userClient } from '../fixtures/registryClient';

/** The team's target: ten tags whose digests the tree shows, deleted in at most this many requests. */
const TEN_TAG_BUDGET = 14;

function counts(bed: TestBed) {
  const tokens = bed.tokenRequests.length;
  const registry = bed.registryRequests.length;
  return { tokens, registry, total: tokens + registry, text: `${tokens} token + ${registry} registry = ${tokens + registry} requests` };
}

async function planWith(client: RegistryApi, repository: string, tags: string[], known: ReadonlyMap<string, string>) {
  return planDeleteFresh(
    client,
    client.host,
    tags.map((tag) => ({ repository, tag })),
    new Map([[repository, known]]),
  );
}

describe('delete cost (real docker-registry 2.8)', () => {
  const bed = useTestBed({ seed: false });

  it(`ten tags whose digests the tree shows: at most ${TEN_TAG_BUDGET} requests, exactly those ten deleted`, async () => {
    const del = await bed.reseedDeleteRepository();
    assert.equal(del.tags.length, 10);
    assert.equal(new Set(Object.values(del.digestByTag)).size, 10, 'ten distinct digests');
    const client = userClient(bed, 'alice');
    // What the tree did when it showed foo/del: listed it and read every tag's digest (HEAD here; the same count as its GET by tag).
    const known = await listTagDigests(client, del.repository);
    assert.deepEqual(Object.fromEntries(known), del.digestByTag);

    bed.resetLogs();
    const plan = await planWith(client, del.repository, del.tags, known);
    assert.equal(plan.items.length, 10);
    assert.deepEqual(plan.missing, []);
    const results = await executeDeletePlan(client, plan);
    const c = counts(bed);
    const log = requestLines(bed);
    console.log(`delete ten tags, digests shown by the tree: ${c.text}\n${log}`);

    assert.deepEqual(
      results.map((r) => r.outcome),
      Array(10).fill('deleted'),
      results.map((r) => r.message).join('\n'),
    );
    assert.ok(c.total <= TEN_TAG_BUDGET, `${c.text}, over the budget of ${TEN_TAG_BUDGET}:\n${log}`);
    assert.equal(bed.registryRequests.filter((r) => r.method === 'HEAD').length, 0, `no HEAD when the digest is known:\n${log}`);
    assert.equal(bed.registryRequests.filter((r) => r.method === 'GET').length, 1, `one fresh listing:\n${log}`);
    const deleted = bed.registryRequests
      .filter((r) => r.method === 'DELETE' && r.status === 202)
      .map((r) => r.path)
      .sort();
    assert.deepEqual(deleted, del.tags.map((t) => `/v2/${del.repository}/manifests/${del.digestByTag[t]}`).sort(), `exactly the ten digests:\n${log}`);
    assert.ok(!bed.registryRequests.some((r) => r.method === 'DELETE' && /\/manifests\/d\d\d$/.test(r.path)), `no delete-by-tag probe:\n${log}`);

    for (const t of del.tags) {
      assert.equal(await client.headManifest(del.repository, t), undefined, `${t} is gone`);
      assert.equal(await client.headManifest(del.repository, del.digestByTag[t]), undefined, `${t}'s digest is gone`);
    }
  });

  it('a tag put on the digest by someone else after the tree loaded is in the confirm (the fresh listing finds it)', async () => {
    const repo = 'foo/e-late';
    const img = await bed.pushImage(repo, 'x', { seed: 'late x' });
    const other = await bed.pushImage(repo, 'y', { seed: 'late y' });
    const client = userClient(bed, 'alice');
    const known = await listTagDigests(client, repo); // the tree
    const admin = userClient(bed, 'admin');
    const m = await admin.getManifest(repo, 'x');
    await admin.putManifest(repo, 'late', m.bytes, m.mediaType);

    bed.resetLogs();
    const plan = await planWith(client, repo, ['x'], known);
    const c = counts(bed);
    console.log(`plan with one tag added since the tree loaded: ${c.text}\n${requestLines(bed)}`);
    assert.equal(plan.items.length, 1);
    assert.equal(plan.items[0].digest, img.digest);
    assert.deepEqual(plan.items[0].goes, ['late', 'x']);
    assert.deepEqual(plan.items[0].coTags, ['late']);
    assert.match(describeDeletePlan(plan).detail, /1 tag you did not select: late/);
    const heads = bed.registryRequests.filter((r) => r.method === 'HEAD').map((r) => r.path);
    assert.deepEqual(heads, [`/v2/${repo}/manifests/late`], 'only the new name is HEADed');

    const [r] = await executeDeletePlan(client, plan);
    assert.equal(r.outcome, 'deleted', r.message);
    assert.deepEqual(r.removedTags, ['late', 'x'], 'the new tag goes from the tree too');
    for (const t of ['x', 'late']) assert.equal(await client.headManifest(repo, t), undefined, `${t} is gone`);
    assert.equal((await client.headManifest(repo, 'y'))?.digest, other.digest, 'the other image stays');
  });

  it('a selected tag with an unselected co-tag: the delete-by-tag probe is spent once on 2.8, then never again', async () => {
    const repo = 'foo/e-probe';
    const first = await bed.pushImage(repo, ['sel', 'co'], { seed: 'probe 1' });
    const second = await bed.pushImage(repo, ['sel2', 'co2'], { seed: 'probe 2' });
    const client = userClient(bed, 'alice');
    const known = await listTagDigests(client, repo);
    assert.equal(client.learned.deleteByTag, undefined, 'a fresh client does not know yet');

    bed.resetLogs();
    const p1 = await planWith(client, repo, ['sel'], known);
    assert.equal(p1.mode, 'tag-then-manifest');
    const [r1] = await executeDeletePlan(client, p1);
    const c1 = counts(bed);
    const log1 = requestLines(bed);
    console.log(`first delete with a co-tag (probe): ${c1.text}\n${log1}`);
    assert.equal(r1.outcome, 'deleted', r1.message);
    assert.deepEqual(r1.removedTags, ['co', 'sel']);
    const probes = bed.registryRequests.filter((r) => r.method === 'DELETE' && r.path === `/v2/${repo}/manifests/sel`);
    assert.deepEqual(
      probes.filter((r) => r.status !== 401).map((r) => r.status),
      [400],
      `one probe, answered 400 by 2.8:\n${log1}`,
    );
    assert.equal(client.learned.deleteByTag, false, 'the client remembers that 2.8 cannot delete a tag alone');
    for (const t of ['sel', 'co']) assert.equal(await client.headManifest(repo, t), undefined, `${t} is gone`);
    assert.equal(await client.headManifest(repo, first.digest), undefined);

    bed.resetLogs();
    const p2 = await planWith(client, repo, ['sel2'], known); // sel and co are gone: the listing drops them
    assert.equal(p2.mode, 'manifest');
    assert.deepEqual(p2.items[0].goes, ['co2', 'sel2']);
    const [r2] = await executeDeletePlan(client, p2);
    const c2 = counts(bed);
    const log2 = requestLines(bed);
    console.log(`second delete with a co-tag (no probe): ${c2.text}\n${log2}`);
    assert.equal(r2.outcome, 'deleted', r2.message);
    assert.ok(!bed.registryRequests.some((r) => r.method === 'DELETE' && r.path.endsWith('/manifests/sel2')), `no probe the second time:\n${log2}`);
    assert.deepEqual(
      bed.registryRequests.filter((r) => r.method === 'DELETE').map((r) => r.path),
      [`/v2/${repo}/manifests/${second.digest}`],
      log2,
    );
    for (const t of ['sel2', 'co2']) assert.equal(await client.headManifest(repo, t), undefined, `${t} is gone`);
  });

  it('on a registry that deletes tags alone (OCI 1.1, as distribution 3): only the tag goes, learned, and the confirm says so next time', async () => {
    bed.quirks.deleteByTag = true;
    try {
      const repo = 'foo/e-untag';
      const img = await bed.pushImage(repo, ['keep', 'drop'], { seed: 'untag 1' });
      const img2 = await bed.pushImage(repo, ['keep2', 'drop2'], { seed: 'untag 2' });
      const client = userClient(bed, 'alice');
      const known = await listTagDigests(client, repo);

      const p1 = await planWith(client, repo, ['drop'], known);
      assert.equal(p1.mode, 'tag-then-manifest', 'unknown yet: the confirm lists everything the digest carries');
      assert.deepEqual(p1.items[0].goes, ['drop', 'keep']);
      bed.resetLogs();
      const [r1] = await executeDeletePlan(client, p1);
      const log1 = requestLines(bed);
      assert.equal(r1.outcome, 'untagged', `${r1.message}\n${log1}`);
      assert.deepEqual(r1.removedTags, ['drop'], 'only the selected tag leaves the tree');
      assert.match(r1.message, /only/);
      assert.equal(client.learned.deleteByTag, true, 'the client remembers the registry deletes tags alone');
      assert.ok(!bed.registryRequests.some((r) => r.method === 'DELETE' && r.path.includes('sha256:')), `no digest was deleted:\n${log1}`);
      assert.equal(await client.headManifest(repo, 'drop'), undefined, 'drop is gone');
      assert.equal((await client.headManifest(repo, 'keep'))?.digest, img.digest, 'keep still points at the image');

      const p2 = await planWith(client, repo, ['drop2'], await listTagDigests(client, repo));
      assert.equal(p2.mode, 'tag');
      assert.deepEqual(p2.items[0].goes, ['drop2'], 'now the confirm lists only the tag');
      assert.match(describeDeletePlan(p2).message + describeDeletePlan(p2).detail, /drop2/);
      assert.doesNotMatch(describeDeletePlan(p2).detail, /keep2/, 'the co-tag is not said to go');
      const [r2] = await executeDeletePlan(client, p2);
      assert.equal(r2.outcome, 'untagged', r2.message);
      assert.equal((await client.headManifest(repo, 'keep2'))?.digest, img2.digest);
    } finally {
      bed.quirks.deleteByTag = false;
    }
  });
});

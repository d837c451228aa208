// Delete planning and execution (src/actions) on the real registry through the test bed.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { planDeleteFresh } from '../../src/actions/deletePlan';
import { DELETE_KEEP_REFERRERS, describeDeletePlan, WITH_REFERRERS } from '../../src/actions/deleteConfirm';
import { shortDigest } from '../../src/registry';
import { executeDeletePlan } from '../../src/actions/deleteExecute';
import { listTagDigests } from '../../src/actions/tagDigests';
import type { RegistryApi } from '../../src/registry/index';
import { useTestBed, startTestBed } from '../fixtures/testbed';
import { requestLines, userClient } from '../fixtures/registryClient';

/** As the command plans: the digests the tree shows (here: every tag HEADed once, which gives the digests the tree reads), then one fresh listing. */
async function plan(client: RegistryApi, requests: { repository: string; tag: string }[]) {
  const known = new Map<string, ReadonlyMap<string, string>>();
  for (const repo of new Set(requests.map((r) => r.repository))) known.set(repo, await listTagDigests(client, repo));
  return planDeleteFresh(client, client.host, requests, known);
}

describe('delete actions (real docker-registry 2.8)', () => {
  const bed = useTestBed({ seed: false });
  afterEach(() => {
    bed.quirks.forbiddenInsteadOf401 = false;
  });

  for (const mode of ['401', '403'] as const) {
    it(`deleting a tag whose digest carries other tags lists them all, and all are gone after (${mode} mode)`, async () => {
      bed.quirks.forbiddenInsteadOf401 = mode === '403';
      const repo = `foo/e-cotags-${mode}`;
      const shared = await bed.pushImage(repo, ['a', 'b', 'c'], { seed: `cotags ${mode}` });
      const other = await bed.pushImage(repo, 'other', { seed: `other ${mode}` });
      const client = userClient(bed, 'alice');

      const p = await plan(client, [{ repository: repo, tag: 'a' }]);
      assert.equal(p.mode, 'tag-then-manifest', 'delete-by-tag support is unknown on a fresh client');
      assert.equal(p.items.length, 1);
      assert.equal(p.items[0].digest, shared.digest);
      assert.deepEqual(p.items[0].goes, ['a', 'b', 'c']);
      assert.deepEqual(p.items[0].coTags, ['b', 'c']);
      const text = describeDeletePlan(p);
      for (const t of ['b', 'c', shortDigest(shared.digest)]) assert.ok(text.detail.includes(t), `the confirm names ${t}:\n${text.detail}`);
      assert.ok(!text.detail.includes(shared.digest), 'the digest is shown once, short');
      assert.ok(!text.detail.includes('other'), 'a tag on another digest is not listed');

      bed.resetLogs();
      const [result] = await executeDeletePlan(client, p);
      assert.equal(result.outcome, 'deleted', result.message);
      assert.deepEqual(result.removedTags, ['a', 'b', 'c']);
      assert.match(result.message, /b, c shared the digest/);
      for (const t of ['a', 'b', 'c']) assert.equal(await client.headManifest(repo, t), undefined, `${t} is gone`);
      assert.equal(await client.headManifest(repo, shared.digest), undefined, 'the manifest is gone');
      assert.equal((await client.headManifest(repo, 'other'))?.digest, other.digest, 'the other tag stays');

      // 2.8 cannot delete by tag (400): the client learned it, then deleted the digest, nothing else.
      assert.equal(client.learned.deleteByTag, false);
      const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE');
      const log = requestLines(bed, (r) => r.method === 'DELETE');
      assert.deepEqual(
        deletes.filter((d) => d.status < 300).map((d) => d.path),
        [`/v2/${repo}/manifests/${shared.digest}`],
        log,
      );
      assert.ok(
        deletes.every((d) => d.path === `/v2/${repo}/manifests/a` || d.path === `/v2/${repo}/manifests/${shared.digest}`),
        `only the tag and the confirmed digest were addressed:\n${log}`,
      );
      assert.equal(bed.tokenRequests.length, 1, 'the delete scope cost exactly one token request');
    });
  }

  it('a bulk delete with a failing item and an already deleted one: the others are deleted, failures named', async () => {
    const repo = 'foo/e-bulk';
    const t1 = await bed.pushImage(repo, 't1', { seed: 'bulk t1' });
    const t2 = await bed.pushImage(repo, 't2', { seed: 'bulk t2' });
    const t3 = await bed.pushImage(repo, 't3', { seed: 'bulk t3' });
    const denied = await bed.pushImage('public/e-bulk-denied', 'keep', { seed: 'bulk denied' }); // alice may pull, not delete
    const client = userClient(bed, 'alice');
    const p = await plan(client, [
      { repository: repo, tag: 't1' },
      { repository: 'public/e-bulk-denied', tag: 'keep' },
      { repository: repo, tag: 't2' },
      { repository: repo, tag: 't3' },
    ]);
    assert.equal(p.items.length, 4);

    // Someone else deletes t3 between the confirm and the delete.
    await userClient(bed, 'admin').deleteManifest(repo, t3.digest);

    const seen: string[] = [];
    const results = await executeDeletePlan(client, p, { onResult: (r, done, total) => seen.push(`${done}/${total} ${r.outcome}`) });
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['deleted', 'failed', 'deleted', 'gone'],
      results.map((r) => r.message).join('\n'),
    );
    assert.deepEqual(seen, ['1/4 deleted', '2/4 failed', '3/4 deleted', '4/4 gone']);
    assert.match(results[1].message, /public\/e-bulk-denied:keep/);
    assert.match(results[1].message, /your account may not delete here/);
    assert.match(results[3].message, /already gone/);
    assert.deepEqual(results[3].removedTags, ['t3'], 'a tag found gone is still removed from the tree');
    assert.equal(await client.headManifest(repo, t1.digest), undefined);
    assert.equal(await client.headManifest(repo, t2.digest), undefined);
    assert.equal((await client.headManifest('public/e-bulk-denied', 'keep'))?.digest, denied.digest, 'the denied item is untouched');
  });

  it('a user without delete gets "your account may not delete here"; nothing is deleted', async () => {
    const repo = 'foo/e-bob';
    const img = await bed.pushImage(repo, 'keep', { seed: 'bob keep' });
    const client = userClient(bed, 'bob');
    const [r] = await executeDeletePlan(client, await plan(client, [{ repository: repo, tag: 'keep' }]));
    assert.equal(r.outcome, 'failed');
    assert.match(r.message, /your account may not delete here/);
    assert.equal((await client.headManifest(repo, 'keep'))?.digest, img.digest);
  });

  it('a registry with deletes disabled: "deleting is disabled … set storage.delete.enabled"', async () => {
    const off = await startTestBed({ deleteEnabled: false, seed: false });
    try {
      const img = await off.pushImage('foo/e-off', 'keep', { seed: 'off' });
      const client = userClient(off, 'alice');
      const [r] = await executeDeletePlan(client, await plan(client, [{ repository: 'foo/e-off', tag: 'keep' }]));
      assert.equal(r.outcome, 'failed', r.message);
      assert.match(r.message, /deleting is disabled on/);
      assert.match(r.message, /storage\.delete\.enabled/);
      assert.equal((await client.headManifest('foo/e-off', 'keep'))?.digest, img.digest);
    } finally {
      await off.stop();
    }
  });
  it('an image with referrers: the confirm says they stay unless asked; Delete keeps them, Delete with Referrers removes them and their index tag', async () => {
    const client = userClient(bed, 'alice');
    const repo = 'foo/e-signed-del';
    const SIGNATURE = 'application/vnd.example.signature';
    const kept = await bed.pushImage(repo, 'kept', { seed: 'signed del kept' });
    const keptSig = await bed.pushReferrer(repo, kept, SIGNATURE, 'signature of kept');
    const gone = await bed.pushImage(repo, 'gone', { seed: 'signed del gone' });
    const goneSig = await bed.pushReferrer(repo, gone, SIGNATURE, 'signature of gone');
    const tagsNow = async () => {
      const out: string[] = [];
      for await (const p of client.tags(repo)) out.push(...p);
      return out.sort();
    };

    const p1 = await plan(client, [{ repository: repo, tag: 'kept' }]);
    assert.deepEqual(p1.items[0].referrers, { fallbackTag: keptSig.fallbackTag });
    const text = describeDeletePlan(p1);
    assert.deepEqual(text.buttons, [DELETE_KEEP_REFERRERS, WITH_REFERRERS]);
    assert.match(text.detail, /referrers \(signatures, SBOMs, listed by the tag sha256-[0-9a-f]{12}…\)/);
    const [r1] = await executeDeletePlan(client, p1);
    assert.equal(r1.outcome, 'deleted', r1.message);
    assert.equal((await client.headManifest(repo, keptSig.referrer.digest))?.digest, keptSig.referrer.digest, 'Delete keeps the referrer');
    assert.ok((await tagsNow()).includes(keptSig.fallbackTag), 'and its index tag');

    const p2 = await plan(client, [{ repository: repo, tag: 'gone' }]);
    bed.resetLogs();
    const [r2] = await executeDeletePlan(client, p2, { withReferrers: true });
    assert.equal(r2.outcome, 'deleted', r2.message);
    assert.match(r2.message, /Its referrer was deleted too, with the index tag sha256-/);
    assert.deepEqual(r2.removedTags, ['gone', goneSig.fallbackTag]);
    assert.equal(await client.headManifest(repo, goneSig.referrer.digest), undefined, 'the referrer is gone');
    assert.deepEqual(await tagsNow(), [keptSig.fallbackTag], 'the index tag went; nothing else was touched');
    const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE' && r.status < 300).map((r) => r.path.split('/manifests/')[1]);
    assert.deepEqual(deletes, [gone.digest, goneSig.referrer.digest, goneSig.fallbackIndexDigest], requestLines(bed));
  });
});

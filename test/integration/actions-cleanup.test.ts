// Clean-up by rules (src/actions/cleanup) on the real registry: images whose config `created` is
// set, a preview that matches the rules, a run that deletes exactly the previewed tags, tags pushed
// or moved in between, shared digests on 2.8 (cannot untag) and behind the quirk layer's
// distribution-3 untag, and referrers.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { previewRepository } from '../../src/actions/cleanup/preview';
import { runCleanup } from '../../src/actions/cleanup/run';
import { parseRules } from '../../src/actions/cleanup/rules';
import { ociUntagger } from '../../src/actions/cleanup/untagger';
import type { KnownTagFacts } from '../../src/actions/cleanup/inventory';
import { blobsOf, isImageManifest, type RegistryApi } from '../../src/registry/index';
import { compareTagsByVersion } from '../../src/model/tagSort';
import { useTestBed } from '../fixtures/testbed';
import { clientFor, requestLines, userClient } from '../fixtures/registryClient';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const nothingKnown: KnownTagFacts = { digest: () => undefined };

async function preview(client: RegistryApi, repository: string, rules: string, known: KnownTagFacts = nothingKnown) {
  const parsed = parseRules(rules);
  assert.ok(parsed.rules, parsed.problem);
  return previewRepository(client, client.host, repository, parsed.rules!, {
    known,
    untagger: ociUntagger(client),
    versionOrder: compareTagsByVersion,
    now: Date.now(),
  });
}

async function tagsNow(client: RegistryApi, repository: string): Promise<string[]> {
  const out: string[] = [];
  for await (const p of client.tags(repository)) out.push(...p);
  return out.sort();
}

describe('clean-up by rules (real docker-registry 2.8)', () => {
  const bed = useTestBed({ seed: false });
  afterEach(() => {
    bed.quirks.deleteByTag = false;
  });

  it('the preview matches the rules on images of known dates, reading each config once per image; the run deletes exactly what it showed', async () => {
    const repo = 'foo/c-rules';
    const img = {
      v100: await bed.pushImage(repo, '1.0.0', { seed: 'r 1.0.0', created: daysAgo(400) }),
      v110: await bed.pushImage(repo, '1.1.0', { seed: 'r 1.1.0', created: daysAgo(200) }),
      v120: await bed.pushImage(repo, ['1.2.0', 'stable'], { seed: 'r 1.2.0', created: daysAgo(100) }),
      v200: await bed.pushImage(repo, ['2.0.0', 'latest'], { seed: 'r 2.0.0', created: daysAgo(10) }),
      pr7: await bed.pushImage(repo, 'pr-7', { seed: 'r pr-7', created: daysAgo(300) }),
      pr8: await bed.pushImage(repo, 'pr-8', { seed: 'r pr-8', created: daysAgo(2) }),
    };
    const client = userClient(bed, 'alice');
    bed.resetLogs();
    const p = await preview(client, repo, 'keep=2 by=date older=30d protect=latest,stable');
    const byTag = new Map(p.tags.map((t) => [t.tag, t]));
    const verdicts = Object.fromEntries(p.tags.map((t) => [t.tag, `${t.goes ? 'goes' : 'kept'} ${t.rule}${t.removal ? ` ${t.removal}` : ''}`]));
    assert.deepEqual(verdicts, {
      latest: 'kept protected',
      stable: 'kept protected',
      'pr-8': 'kept newest',
      '2.0.0': 'kept newest',
      '1.2.0': 'goes rules untag',
      '1.1.0': 'goes rules delete',
      '1.0.0': 'goes rules delete',
      'pr-7': 'goes rules delete',
    });
    assert.match(byTag.get('pr-7')!.why, /rank 5 of 6 by date, outside keep=2; created \d{4}-\d\d-\d\d, 300 days ago, older than 30 days/);
    assert.equal(byTag.get('1.0.0')!.digest, img.v100.digest);
    assert.equal(p.images.find((i) => i.digest === img.v120.digest)!.keptFor, 'kept tag stable');
    assert.deepEqual(
      p.images
        .filter((i) => i.action === 'delete')
        .map((i) => i.digest)
        .sort(),
      [img.v100.digest, img.v110.digest, img.pr7.digest].sort(),
    );
    // Cost: one listing, one GET per tag (the tree knew nothing), one config per image (6), not per tag (8).
    assert.deepEqual(p.cost, { listings: 1, tagReads: 8, knownDigests: 0, manifestReads: 0, configReads: 6, referrerReads: 0 });
    const blobGets = bed.registryRequests.filter((r) => r.method === 'GET' && /\/blobs\//.test(r.path));
    assert.equal(blobGets.length, 6, requestLines(bed));
    assert.equal(bed.registryRequests.filter((r) => r.method === 'DELETE').length, 0, 'a preview deletes nothing');
    // The space: the three deleted images' blobs (distinct seeds: nothing shared with kept images).
    let expected = 0;
    for (const i of [img.v100, img.v110, img.pr7]) {
      const m = (await client.getManifest(repo, i.digest)).manifest;
      if (isImageManifest(m)) for (const b of blobsOf(m)) expected += b.size;
    }
    assert.equal(p.space.bytes, expected);
    assert.match(p.afterwards ?? '', /registry garbage-collect \/etc\/docker\/registry\/config\.yml --delete-untagged/);

    bed.resetLogs();
    const report = await runCleanup(client, p, { untagger: ociUntagger(client) });
    const succeeded = bed.registryRequests.filter((r) => r.method === 'DELETE' && r.status < 300).map((r) => r.path.split('/manifests/')[1]);
    assert.deepEqual(succeeded.sort(), [img.v100.digest, img.v110.digest, img.pr7.digest].sort(), requestLines(bed));
    assert.deepEqual(await tagsNow(client, repo), ['1.2.0', '2.0.0', 'latest', 'pr-8', 'stable'], '1.2.0 stays: 2.8 cannot remove a tag alone');
    for (const i of [img.v100, img.v110, img.pr7]) assert.equal(await client.headManifest(repo, i.digest), undefined, `${i.tags} is gone`);
    for (const t of ['latest', 'stable', '2.0.0', 'pr-8']) assert.ok(await client.headManifest(repo, t), `${t} is kept`);
    assert.deepEqual(report.results.map((r) => r.outcome).sort(), ['deleted', 'deleted', 'deleted', 'skipped']);
    assert.match(report.results.find((r) => r.outcome === 'skipped')!.message, /1\.2\.0 stays: .* stays for kept tag stable, and .* cannot remove a tag alone/);
    assert.equal(client.learned.deleteByTag, false, 'learned once, on an image that went whole');
    assert.deepEqual(report.removedTags.sort(), ['1.0.0', '1.1.0', 'pr-7']);
  });

  it('with the digests the tree knows, the preview reads no tag by name: one GET per image', async () => {
    const repo = 'foo/c-known';
    const a = await bed.pushImage(repo, ['a1', 'a2'], { seed: 'known a' });
    const b = await bed.pushImage(repo, 'b', { seed: 'known b' });
    const client = userClient(bed, 'alice');
    const known = new Map([
      ['a1', a.digest],
      ['a2', a.digest],
      ['b', b.digest],
    ]);
    const p = await preview(client, repo, 'include=b', { digest: (t) => known.get(t) });
    assert.deepEqual(p.cost, { listings: 1, tagReads: 0, knownDigests: 3, manifestReads: 2, configReads: 0, referrerReads: 0 });
    assert.deepEqual(
      p.tags.filter((t) => t.goes).map((t) => t.tag),
      ['b'],
    );
  });

  it('a tag pushed onto an image that goes, a tag moved away, and a kept tag moved onto an image that goes: none of them is deleted', async () => {
    const repo = 'foo/c-race';
    const OLD = daysAgo(100); // one date: the same seed and date give the same image again
    const old1 = await bed.pushImage(repo, 'old1', { seed: 'race 1', created: OLD });
    await bed.pushImage(repo, 'old2', { seed: 'race 2', created: OLD });
    const old3 = await bed.pushImage(repo, 'old3', { seed: 'race 3', created: OLD });
    const old4 = await bed.pushImage(repo, 'old4', { seed: 'race 4', created: OLD });
    await bed.pushImage(repo, 'prod', { seed: 'race prod', created: daysAgo(1) });
    const client = userClient(bed, 'alice');
    const p = await preview(client, repo, 'older=30d');
    assert.deepEqual(
      p.tags
        .filter((t) => t.goes)
        .map((t) => t.tag)
        .sort(),
      ['old1', 'old2', 'old3', 'old4'],
    );

    // Between the preview and the run:
    await bed.pushImage(repo, 'hotfix', { seed: 'race 1', created: OLD }); // a new tag on old1's image
    const moved = await bed.pushImage(repo, 'old2', { seed: 'race 2 rebuilt', created: OLD }); // old2 now names another image
    await bed.pushImage(repo, 'prod', { seed: 'race 3', created: OLD }); // a rollback: prod onto old3's image

    const report = await runCleanup(client, p, { untagger: ociUntagger(client) });
    assert.equal((await client.headManifest(repo, 'old1'))?.digest, old1.digest, 'old1 stays with the new tag on its image');
    assert.equal((await client.headManifest(repo, 'hotfix'))?.digest, old1.digest);
    assert.equal((await client.headManifest(repo, 'old2'))?.digest, moved.digest, 'the moved tag and its new image stay');
    assert.equal((await client.headManifest(repo, 'prod'))?.digest, old3.digest, 'the kept tag moved onto old3 stays');
    assert.equal((await client.headManifest(repo, 'old3'))?.digest, old3.digest);
    assert.equal(await client.headManifest(repo, old4.digest), undefined, 'the unchanged image went');
    assert.deepEqual(report.check.appeared, ['hotfix']);
    assert.deepEqual(
      report.check.skipped.map((s) => s.tag),
      ['old2'],
    );
    const because = report.results
      .filter((r) => r.outcome === 'skipped')
      .map((r) => r.message)
      .join('\n');
    assert.match(because, /now also carries hotfix \(new since the preview\)/);
    assert.match(because, /now also carries prod \(moved there after the preview\)/);
  });

  for (const learnedBefore of [undefined, true] as const) {
    it(`a shared digest behind the distribution-3 untag (deleteByTag ${learnedBefore === undefined ? 'learned in the run' : 'known'}): the tag goes alone, the kept tag and its image stay`, async () => {
      bed.quirks.deleteByTag = true;
      const repo = `foo/c-untag-${learnedBefore ?? 'probe'}`;
      const shared = await bed.pushImage(repo, ['release', 'build-1'], { seed: `untag shared ${learnedBefore}` });
      const whole = await bed.pushImage(repo, 'build-2', { seed: `untag whole ${learnedBefore}` });
      const client = clientFor(bed, 'alice', learnedBefore ? { learned: { deleteByTag: true } } : {}).client;
      const p = await preview(client, repo, 'include=build-*');
      assert.equal(p.tags.find((t) => t.tag === 'build-1')!.removal, 'untag');
      bed.resetLogs();
      const report = await runCleanup(client, p, { untagger: ociUntagger(client) });
      assert.deepEqual(
        report.results.map((r) => r.outcome),
        ['deleted', 'untagged'],
        report.results.map((r) => r.message).join('\n'),
      );
      assert.equal((await client.headManifest(repo, 'release'))?.digest, shared.digest, 'the kept tag stays');
      assert.equal(await client.headManifest(repo, 'build-1'), undefined, 'the tag that goes is gone');
      assert.ok(await client.headManifest(repo, shared.digest), 'the shared image stays');
      assert.equal(await client.headManifest(repo, whole.digest), undefined);
      const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE' && r.status < 300).map((r) => r.path.split('/manifests/')[1]);
      assert.deepEqual(
        deletes,
        learnedBefore ? [whole.digest, 'build-1'] : ['build-2', whole.digest, 'build-1'],
        requestLines(bed, (r) => r.method !== 'GET'),
      );
      assert.ok(!deletes.includes(shared.digest), 'the shared digest is never deleted');
    });
  }

  it('a shared digest on plain 2.8, known not to untag: the preview says it stays, and the run leaves both tags', async () => {
    const repo = 'foo/c-shared-28';
    const shared = await bed.pushImage(repo, ['release', 'build-1'], { seed: 'shared 28' });
    const client = clientFor(bed, 'alice', { learned: { deleteByTag: false } }).client;
    const p = await preview(client, repo, 'include=build-*');
    assert.equal(p.tags.find((t) => t.tag === 'build-1')!.removal, 'skip');
    bed.resetLogs();
    const report = await runCleanup(client, p, { untagger: ociUntagger(client) });
    assert.deepEqual(report.results, []);
    assert.match(report.check.skipped[0].reason, /stays for kept tag release, and .* cannot remove a tag alone/);
    assert.equal(bed.registryRequests.filter((r) => r.method === 'DELETE').length, 0);
    assert.deepEqual(await tagsNow(client, repo), ['build-1', 'release']);
    assert.ok(await client.headManifest(repo, shared.digest));
  });

  it('with referrers: the signature and its sha256- index go after their image; a kept image keeps its own', async () => {
    const repo = 'foo/c-referrers';
    const SIG = 'application/vnd.example.signature';
    const gone = await bed.pushImage(repo, 'old', { seed: 'ref old' });
    const goneSig = await bed.pushReferrer(repo, gone, SIG, 'sig of old');
    const kept = await bed.pushImage(repo, 'new', { seed: 'ref new' });
    const keptSig = await bed.pushReferrer(repo, kept, SIG, 'sig of new');
    const client = userClient(bed, 'alice');
    const p = await preview(client, repo, 'include=old referrers');
    const image = p.images.find((i) => i.digest === gone.digest)!;
    assert.deepEqual(
      image.referrers?.map((r) => r.digest),
      [goneSig.referrer.digest],
    );
    assert.deepEqual(
      p.tags
        .filter((t) => t.goes)
        .map((t) => t.tag)
        .sort(),
      [goneSig.fallbackTag, 'old'].sort(),
    );
    bed.resetLogs();
    await runCleanup(client, p, { untagger: ociUntagger(client) });
    const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE' && r.status < 300).map((r) => r.path.split('/manifests/')[1]);
    assert.deepEqual(deletes, [gone.digest, goneSig.referrer.digest, goneSig.fallbackIndexDigest], requestLines(bed));
    assert.deepEqual(await tagsNow(client, repo), [keptSig.fallbackTag, 'new'].sort());
    assert.ok(await client.headManifest(repo, keptSig.referrer.digest), 'the kept image keeps its signature');
  });
});

// The clean-up run against its preview (runCheck, pure) and its requests (runCleanup on an
// in-memory registry): moved, new and vanished tags, shared images, the once-per-run untag probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRun } from '../../../../src/actions/cleanup/runCheck';
import { runCleanup } from '../../../../src/actions/cleanup/run';
import { ociUntagger, vendorUntagger } from '../../../../src/actions/cleanup/untagger';
import { dg, fakeRegistry, previewOf } from '../../../fixtures/fakeRegistry';

const A = dg('a');
const B = dg('b');
const C = dg('c');
const N = dg('9');

test('check: unchanged, the previewed images are deleted whole with exactly their tags', () => {
  const tags = { old1: A, old2: A, old3: B, keep: C };
  const p = previewOf(tags, 'include=old*', undefined);
  const c = checkRun(p, new Map(Object.entries(tags)));
  assert.deepEqual(
    c.steps.map((s) => [s.kind, s.image.digest, s.tags]),
    [
      ['delete', A, ['old1', 'old2']],
      ['delete', B, ['old3']],
    ],
  );
  assert.deepEqual([c.skipped, c.gone, c.appeared], [[], [], []]);
});

test('check: a tag that moved is skipped, one that is gone is reported, one that appeared is not judged', () => {
  const p = previewOf({ old1: A, old2: B, old3: C, keep: N }, 'include=old*', undefined);
  const c = checkRun(
    p,
    new Map([
      ['old1', A],
      ['old2', N],
      ['keep', N],
      ['old9', B],
    ]),
  );
  assert.deepEqual(
    c.steps.map((s) => [s.kind, s.tags]),
    [['delete', ['old1']]],
  );
  assert.deepEqual(
    c.skipped.map((s) => s.tag),
    ['old2'],
  );
  assert.match(c.skipped[0].reason, /moved to 999999999999 after the preview \(it showed bbbbbbbbbbbb\)/);
  assert.deepEqual(c.gone, ['old3']);
  assert.deepEqual(c.appeared, ['old9'], 'a new tag is never deleted, whatever the rules would say');
});

test('check: a tag pushed onto an image that goes, or a kept tag moved onto it, stops the digest delete', () => {
  const p = previewOf({ old: A, other: B, keep: C }, 'include=old,other', true);
  const c = checkRun(
    p,
    new Map([
      ['old', A],
      ['new', A],
      ['other', B],
      ['keep', B],
    ]),
  );
  const byDigest = new Map(c.steps.map((s) => [s.image.digest, s]));
  assert.equal(byDigest.get(A)!.kind, 'untag');
  assert.match((byDigest.get(A) as { because?: string }).because!, /now also carries new \(new since the preview\)/);
  assert.equal(byDigest.get(B)!.kind, 'untag');
  assert.match((byDigest.get(B) as { because?: string }).because!, /keep \(moved there after the preview\)/);
});

test('check: shared images are untagged after the whole ones; skipped where the registry cannot; dependents after their subject', () => {
  const idx = A.replace(':', '-');
  const p = previewOf({ gone: A, [idx]: B, shared: C, keep: C }, 'include=gone,shared referrers', true);
  const c = checkRun(p, new Map(Object.entries({ gone: A, [idx]: B, shared: C, keep: C })));
  assert.deepEqual(
    c.steps.map((s) => [s.kind, s.image.digest]),
    [
      ['delete', A],
      ['delete', B],
      ['untag', C],
    ],
  );
  const cannot = previewOf({ gone: A, shared: C, keep: C }, 'include=gone,shared', false);
  const c2 = checkRun(cannot, new Map(Object.entries({ gone: A, shared: C, keep: C })));
  assert.deepEqual(
    c2.steps.map((s) => s.kind),
    ['delete'],
  );
  assert.deepEqual(
    c2.skipped.map((s) => s.tag),
    ['shared'],
  );
  assert.match(c2.skipped[0].reason, /stays for kept tag keep, and h:5000 cannot remove a tag alone/);
});

test('check: a referrer that has been tagged since the preview is not deleted with its image', () => {
  const p = previewOf({ old: A, keep: C }, 'include=old referrers', false);
  p.images.find((i) => i.digest === A)!.referrers = [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: B, size: 1 },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: N, size: 1 },
  ];
  const c = checkRun(
    p,
    new Map([
      ['old', A],
      ['keep', C],
      ['signature-copy', B],
    ]),
  );
  assert.deepEqual(
    c.steps.map((s) => [s.kind, s.kind === 'delete' ? s.referrers : []]),
    [['delete', [N]]],
  );
  assert.match(c.skipped.map((s) => `${s.tag} ${s.reason}`).join(), /bbbbbbbbbbbb \(a referrer\) it has a tag now; kept/);
});

test('run: one listing, a HEAD per tag, one DELETE per image; the tree hears of every tag that went', async () => {
  const tags = { a1: A, a2: A, b: B, keep: C };
  const { client, calls, state } = fakeRegistry(tags, 'refuse', false);
  const removed: string[] = [];
  const report = await runCleanup(client, previewOf(tags, 'include=a*,b', false), { untagger: ociUntagger(client), onRemoved: (t) => removed.push(...t) });
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    ['deleted', 'deleted'],
  );
  assert.deepEqual(
    calls.filter((c) => c.startsWith('DELETE')),
    ['DELETE aaa', 'DELETE bbb'],
  );
  assert.equal(calls.filter((c) => c.startsWith('HEAD')).length, 4);
  assert.deepEqual(removed.sort(), ['a1', 'a2', 'b']);
  assert.deepEqual([...state.keys()], ['keep']);
});

test('run: a tag moved between preview and run is not deleted, and its new image stays', async () => {
  const tags = { old: A, keep: C };
  const { client, calls, state, move } = fakeRegistry(tags, 'refuse', false);
  const preview = previewOf(tags, 'include=old', false);
  move('old', B);
  move('keep', A); // a rollback: the kept tag now names the image the preview deletes
  const report = await runCleanup(client, preview, { untagger: ociUntagger(client) });
  assert.deepEqual(
    calls.filter((c) => c.startsWith('DELETE')),
    [],
  );
  assert.deepEqual(
    report.check.skipped.map((s) => s.tag),
    ['old'],
  );
  assert.deepEqual(Object.fromEntries(state), { old: B, keep: A });
});

for (const [byTag, untagged] of [
  ['untag', true],
  ['refuse', false],
  ['whole', false],
] as const) {
  test(`run, untag support unknown, registry that answers a tag delete with "${byTag}": probed once on an image that goes whole; the kept tag stays`, async () => {
    const tags = { whole1: A, whole2: A, shared: C, keep: C };
    const { client, calls, state } = fakeRegistry(tags, byTag, undefined);
    const report = await runCleanup(client, previewOf(tags, 'include=whole*,shared', undefined), { untagger: ociUntagger(client) });
    const deletes = calls.filter((c) => c.startsWith('DELETE'));
    assert.equal(deletes[0], 'DELETE whole1', 'the probe is a tag of the image that goes whole');
    assert.ok(!state.has('whole1') && !state.has('whole2'), 'the whole image went');
    assert.equal(state.get('keep'), C, 'the kept tag stays');
    assert.equal(state.has('shared'), !untagged, `the shared tag ${untagged ? 'was removed alone' : 'stays'}`);
    assert.deepEqual(
      report.results.map((r) => r.outcome),
      ['deleted', untagged ? 'untagged' : 'skipped'],
    );
    if (byTag === 'whole') {
      assert.match(report.results[0].message, /removing the tag whole1 alone removed the image/);
      assert.deepEqual(deletes, ['DELETE whole1', 'DELETE aaa'], 'no tag of the shared image was asked to go');
    }
    assert.equal(deletes.filter((d) => d === 'DELETE whole1').length, 1, 'probed once');
  });
}

test('run: registry known to untag: no probe; shared tags removed alone', async () => {
  const tags = { whole: A, shared: C, keep: C };
  const { client, calls } = fakeRegistry(tags, 'untag', true);
  await runCleanup(client, previewOf(tags, 'include=whole,shared', true), { untagger: ociUntagger(client) });
  assert.deepEqual(
    calls.filter((c) => c.startsWith('DELETE')),
    ['DELETE aaa', 'DELETE shared'],
  );
});

test('run: cancel stops what has not started; nothing after it is deleted', async () => {
  const tags = { a: A, b: B };
  const { client, state } = fakeRegistry(tags, 'refuse', false);
  const ac = new AbortController();
  const report = await runCleanup(client, previewOf(tags, 'include=*', false), {
    untagger: ociUntagger(client),
    signal: ac.signal,
    onResult: () => ac.abort(),
  });
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    ['deleted', 'cancelled'],
  );
  assert.equal(state.size, 1);
});

test('run: a referrer index goes only after its image was deleted', async () => {
  const idx = A.replace(':', '-');
  const tags = { gone: A, [idx]: B };
  const { client, calls } = fakeRegistry(tags, 'refuse', false);
  const preview = previewOf(tags, 'include=gone referrers', false);
  // Someone else deleted the image already: its index still goes (the preview showed it going with it).
  const first = await runCleanup(client, preview, { untagger: ociUntagger(client) });
  assert.deepEqual(
    first.results.map((r) => r.outcome),
    ['deleted', 'deleted'],
  );
  assert.deepEqual(
    calls.filter((c) => c.startsWith('DELETE')),
    ['DELETE aaa', 'DELETE bbb'],
  );
  const failing = fakeRegistry(tags, 'refuse', false);
  failing.client.deleteManifest = async () => {
    throw new Error('denied');
  };
  const second = await runCleanup(failing.client, preview, { untagger: ociUntagger(failing.client) });
  assert.deepEqual(
    second.results.map((r) => r.outcome),
    ['failed', 'skipped'],
  );
  assert.match(second.results[1].message, /names the referrers of aaaaaaaaaaaa, which was not deleted/);
});

test('a vendor untagger that cannot remove a tag alone is never used on a shared image', async () => {
  const asked: string[] = [];
  const ghcr = vendorUntagger({
    kind: 'ghcr',
    untagsAlone: false,
    untag: async (_r, t) => {
      asked.push(t);
    },
  });
  assert.equal(ghcr.canUntag(), false);
  assert.equal(await ghcr.untag('r', 'x'), false);
  assert.equal(asked.length, 0);
  const harbor = vendorUntagger({
    kind: 'harbor',
    untagsAlone: true,
    untag: async (_r, t) => {
      asked.push(t);
    },
  });
  assert.equal(await harbor.untag('r', 'y'), true);
  assert.deepEqual(asked, ['y']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteModeOf, describeDeletePlan, planDelete, tagsThatGo } from '../../../src/actions/deletePlan';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);

const maps = new Map([
  ['foo/bar', new Map([['qux', A], ['latest', A], ['v1', A], ['v2', B], ['old', C]])],
  ['foo/other', new Map([['x', A]])],
]);

test('delete mode follows what the client learned', () => {
  assert.equal(deleteModeOf(true), 'tag');
  assert.equal(deleteModeOf(false), 'manifest');
  assert.equal(deleteModeOf(undefined), 'tag-then-manifest');
});

test('a digest delete lists every tag on the digest, only in the same repository', () => {
  const plan = planDelete('h:5000', [{ repository: 'foo/bar', tag: 'qux' }], maps, false);
  assert.equal(plan.mode, 'manifest');
  assert.equal(plan.items.length, 1);
  const [item] = plan.items;
  assert.equal(item.digest, A);
  assert.deepEqual(item.requested, ['qux']);
  assert.deepEqual(item.goes, ['latest', 'qux', 'v1']);
  assert.deepEqual(item.coTags, ['latest', 'v1']);
  const text = describeDeletePlan(plan);
  assert.match(text.message, /foo\/bar@aaaaaaaaaaaa and 3 tags/);
  for (const t of ['latest', 'qux', 'v1', A]) assert.ok(text.detail.includes(t), `detail names ${t}`);
  assert.ok(!text.detail.includes('v2'), 'a tag on another digest is not listed');
  assert.match(text.detail, /including 2 tags you did not select/);
});

test('unknown delete-by-tag support lists the worst case', () => {
  const plan = planDelete('h', [{ repository: 'foo/bar', tag: 'qux' }], maps, undefined);
  assert.equal(plan.mode, 'tag-then-manifest');
  assert.deepEqual(plan.items[0].goes, ['latest', 'qux', 'v1']);
  assert.match(describeDeletePlan(plan).detail, /If h can delete a tag alone, only the selected tags go/);
});

test('a registry that deletes tags alone loses only the selected tags, and the confirm says so', () => {
  const plan = planDelete('h', [{ repository: 'foo/bar', tag: 'qux' }], maps, true);
  assert.deepEqual(plan.items[0].goes, ['qux']);
  assert.deepEqual(plan.items[0].coTags, []);
  const text = describeDeletePlan(plan);
  assert.equal(text.message, 'Delete the tag foo/bar:qux?');
  assert.match(text.detail, /deletes tags alone/);
  assert.ok(!text.detail.includes('latest'));
});

test('multi-select groups by repository and digest, dedupes, and reports missing tags', () => {
  const plan = planDelete(
    'h',
    [
      { repository: 'foo/bar', tag: 'qux' },
      { repository: 'foo/bar', tag: 'latest' },
      { repository: 'foo/bar', tag: 'qux' },
      { repository: 'foo/bar', tag: 'v2' },
      { repository: 'foo/other', tag: 'x' },
      { repository: 'foo/bar', tag: 'gone' },
      { repository: 'nope/repo', tag: 'a' },
    ],
    maps,
    false,
  );
  assert.deepEqual(
    plan.items.map((i) => [i.repository, i.digest, i.requested, i.goes]),
    [
      ['foo/bar', A, ['latest', 'qux'], ['latest', 'qux', 'v1']],
      ['foo/bar', B, ['v2'], ['v2']],
      ['foo/other', A, ['x'], ['x']],
    ],
  );
  assert.deepEqual(plan.missing, [{ repository: 'foo/bar', tag: 'gone' }, { repository: 'nope/repo', tag: 'a' }]);
  assert.equal(tagsThatGo(plan).length, 5);
  const text = describeDeletePlan(plan);
  assert.equal(text.message, 'Delete 3 images and 5 tags on h?');
  assert.match(text.detail, /foo\/bar:gone no longer exists/);
});

test('referrers: a fallback index tag in the listing or a count from the tree offers Delete with Referrers; an image that stays offers nothing', () => {
  const withIndex = new Map([['foo/bar', new Map([['v2', B], [B.replace(':', '-'), C]])]]);
  const fallback = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], withIndex, false);
  assert.deepEqual(fallback.items[0].referrers, { fallbackTag: B.replace(':', '-') });
  assert.deepEqual(describeDeletePlan(fallback).buttons, ['Delete', 'Delete with Referrers']);

  const counted = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], maps, false, (repository, digest) => (repository === 'foo/bar' && digest === B ? 2 : undefined));
  assert.deepEqual(counted.items[0].referrers, { known: 2 });
  assert.match(describeDeletePlan(counted).detail, /The image has referrers \(signatures, SBOMs\)\. Delete keeps them, pointing at nothing; Delete with Referrers removes them too\./);

  const none = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], maps, false);
  assert.equal(none.items[0].referrers, undefined);
  assert.deepEqual(describeDeletePlan(none).buttons, ['Delete']);

  const untag = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], withIndex, true);
  assert.equal(untag.items[0].referrers, undefined, 'the image stays: its referrers are still valid');
});

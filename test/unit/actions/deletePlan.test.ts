import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteModeOf, planDelete, tagsThatGo } from '../../../src/actions/deletePlan';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);

const maps = new Map([
  [
    'foo/bar',
    new Map([
      ['qux', A],
      ['latest', A],
      ['v1', A],
      ['v2', B],
      ['old', C],
    ]),
  ],
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
});

test('unknown delete-by-tag support plans the worst case', () => {
  const plan = planDelete('h', [{ repository: 'foo/bar', tag: 'qux' }], maps, undefined);
  assert.equal(plan.mode, 'tag-then-manifest');
  assert.deepEqual(plan.items[0].goes, ['latest', 'qux', 'v1']);
});

test('a registry that deletes tags alone loses only the selected tags', () => {
  const plan = planDelete('h', [{ repository: 'foo/bar', tag: 'qux' }], maps, true);
  assert.deepEqual(plan.items[0].goes, ['qux']);
  assert.deepEqual(plan.items[0].coTags, []);
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
  assert.deepEqual(plan.missing, [
    { repository: 'foo/bar', tag: 'gone' },
    { repository: 'nope/repo', tag: 'a' },
  ]);
  assert.equal(tagsThatGo(plan).length, 5);
});

test('referrers: a fallback index tag in the listing or a count from the tree marks the item; an image that stays has none', () => {
  const withIndex = new Map([
    [
      'foo/bar',
      new Map([
        ['v2', B],
        [B.replace(':', '-'), C],
      ]),
    ],
  ]);
  const fallback = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], withIndex, false);
  assert.deepEqual(fallback.items[0].referrers, { fallbackTag: B.replace(':', '-') });

  const counted = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], maps, false, (repository, digest) =>
    repository === 'foo/bar' && digest === B ? 2 : undefined,
  );
  assert.deepEqual(counted.items[0].referrers, { known: 2 });

  const none = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], maps, false);
  assert.equal(none.items[0].referrers, undefined);

  const untag = planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], withIndex, true);
  assert.equal(untag.items[0].referrers, undefined, 'the image stays: its referrers are still valid');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDelete } from '../../../src/actions/deletePlan';
import { DELETE, DELETE_KEEP_REFERRERS, describeDeletePlan, tagWords, WITH_REFERRERS } from '../../../src/actions/deleteConfirm';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);
const SHORT_A = 'a'.repeat(12);

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
const one = (tag: string, deleteByTag: boolean | undefined, m = maps) => describeDeletePlan(planDelete('h', [{ repository: 'foo/bar', tag }], m, deleteByTag));
const countOf = (text: string, needle: string) => text.split(needle).length - 1;

test('digest deletes: the unselected tags are counted and named, the selected one is not counted again, the digest shows once, short', () => {
  const text = one('qux', false);
  assert.equal(text.message, 'Delete foo/bar:qux and 2 more tags?');
  assert.match(text.detail, /The image foo\/bar@a{12} goes, with every tag on it, including 2 tags you did not select: latest, v1\./);
  assert.equal(countOf(`${text.message}\n${text.detail}`, SHORT_A), 1, text.detail);
  assert.ok(!text.detail.includes(A), 'the full digest is not repeated');
  assert.ok(!text.detail.includes('v2'), 'a tag on another digest is not listed');
  assert.deepEqual(text.buttons, [DELETE]);
  assert.match(text.detail, /This cannot be undone\.$/);
});

test('first delete on a registry (support unknown): the worst case is named plainly, with no "if"', () => {
  const text = one('qux', undefined);
  assert.equal(text.message, 'Delete foo/bar:qux?');
  assert.match(text.detail, /^At worst the whole image foo\/bar@a{12} goes, and with it 2 tags you did not select: latest, v1\./);
  assert.doesNotMatch(text.detail, /\bif\b/i);
  // No other tag: the digest is deleted directly, and the confirm says the image goes.
  const alone = one('v2', undefined);
  assert.equal(alone.message, 'Delete foo/bar:v2?');
  assert.match(alone.detail, /The image foo\/bar@b{12} goes with it; no other tag points at it\./);
  assert.doesNotMatch(alone.detail, /only the selected|\bif\b/i);
});

test('a registry that deletes tags alone: only the tag goes, and nothing else is named', () => {
  const text = one('qux', true);
  assert.equal(text.message, 'Delete the tag foo/bar:qux?');
  assert.match(text.detail, /Only the tag goes: h deletes tags alone \(OCI 1\.1\)\. The image a{12} stays, with any other tags on it\./);
  assert.ok(!text.detail.includes('latest'));
});

test('several images: selected tags and images counted, one line per image, missing tags reported', () => {
  const plan = planDelete(
    'h',
    [
      { repository: 'foo/bar', tag: 'qux' },
      { repository: 'foo/bar', tag: 'v2' },
      { repository: 'foo/other', tag: 'x' },
      { repository: 'foo/bar', tag: 'gone' },
    ],
    maps,
    false,
  );
  const text = describeDeletePlan(plan);
  assert.equal(text.message, 'Delete 3 selected tags (3 images) on h?');
  assert.match(
    text.detail,
    /^These images go, each with every tag on it, including 2 tags you did not select:\nfoo\/bar@a{12}: qux; not selected: latest, v1\nfoo\/bar@b{12}: v2\nfoo\/other@a{12}: x/,
  );
  assert.match(text.detail, /foo\/bar:gone no longer exists; nothing to delete there\./);
  const unknown = describeDeletePlan(
    planDelete(
      'h',
      [
        { repository: 'foo/bar', tag: 'qux' },
        { repository: 'foo/bar', tag: 'v2' },
      ],
      maps,
      undefined,
    ),
  );
  assert.match(unknown.detail, /^At worst these images go/);
});

test('referrers: two clearly named buttons, the one that deletes less first; the index tag is shown short', () => {
  const index = B.replace(':', '-');
  const withIndex = new Map([
    [
      'foo/bar',
      new Map([
        ['v2', B],
        [index, C],
      ]),
    ],
  ]);
  const text = one('v2', false, withIndex);
  assert.deepEqual(text.buttons, [DELETE_KEEP_REFERRERS, WITH_REFERRERS]);
  assert.match(
    text.detail,
    /The image has referrers \(signatures, SBOMs, listed by the tag sha256-b{12}…\)\. "Delete, Keep Referrers" leaves them pointing at nothing; "Delete with Referrers" deletes them with the image\./,
  );
  assert.ok(!text.detail.includes(index), 'the 71-character tag is not spelled out');
  const counted = describeDeletePlan(planDelete('h', [{ repository: 'foo/bar', tag: 'v2' }], maps, false, () => 2));
  assert.deepEqual(counted.buttons, [DELETE_KEEP_REFERRERS, WITH_REFERRERS]);
  assert.match(counted.detail, /The image has referrers \(signatures, SBOMs\)\./);
});

test('a referrer tag selected on its own: the confirm names its subject, and the image stays', () => {
  const sig = `${B.replace(':', '-')}.sig`;
  const text = one(
    sig,
    false,
    new Map([
      [
        'foo/bar',
        new Map([
          [sig, C],
          ['v2', B],
        ]),
      ],
    ]),
  );
  assert.equal(text.message, 'Delete the cosign signature of foo/bar@bbbbbbbbbbbb?');
  assert.match(text.detail, /The tag sha256-b{12}…\.sig holds it \(c{12}\)\. The image it belongs to stays\./);
  const index = B.replace(':', '-');
  const idx = one(
    index,
    false,
    new Map([
      [
        'foo/bar',
        new Map([
          [index, C],
          ['v2', B],
        ]),
      ],
    ]),
  );
  assert.equal(idx.message, 'Delete the referrers index of foo/bar@bbbbbbbbbbbb?');
  assert.equal(tagWords(sig), 'sha256-bbbbbbbbbbbb….sig');
  assert.equal(tagWords('v1.2'), 'v1.2');
});

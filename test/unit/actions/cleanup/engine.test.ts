// The clean-up rule engine (pure): each rule, combinations, protected tags, shared digests and
// kept indexes, referrer tags, ties in date and in version, and independence from listing order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideCleanup, type ImageFact } from '../../../../src/actions/cleanup/engine';
import { parseRules } from '../../../../src/actions/cleanup/rules';
import type { UntagSupport } from '../../../../src/actions/cleanup/types';
import { compareTagsByVersion } from '../../../../src/model/tagSort';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const DAY = 86_400_000;
const d = (c: string) => 'sha256:' + c.repeat(64);
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();

interface Case {
  tags: Record<string, string>;
  images?: Record<string, Partial<ImageFact>>;
  untag?: UntagSupport;
}

function run(rules: string, c: Case, order?: string[]) {
  const parsed = parseRules(rules);
  assert.ok(parsed.rules, parsed.problem);
  const names = order ?? Object.keys(c.tags);
  const images = new Map<string, ImageFact>();
  for (const digest of new Set(Object.values(c.tags))) images.set(digest, { digest, children: [], ...(c.images?.[digest] ?? {}) });
  for (const [digest, extra] of Object.entries(c.images ?? {})) if (!images.has(digest)) images.set(digest, { digest, children: [], ...extra });
  const out = decideCleanup({
    tags: names.map((tag) => ({ tag, digest: c.tags[tag] })),
    images,
    rules: parsed.rules!,
    now: NOW,
    untag: c.untag,
    versionOrder: compareTagsByVersion,
  });
  const tag = (name: string) => out.tags.find((t) => t.tag === name)!;
  const goes = out.tags.filter((t) => t.goes).map((t) => t.tag);
  const kept = out.tags.filter((t) => !t.goes).map((t) => t.tag);
  return { out, tag, goes, kept };
}

/** One image per tag, with creation dates `days` ago. */
function dated(days: Record<string, number | undefined>): Case {
  const tags: Record<string, string> = {};
  const images: Record<string, Partial<ImageFact>> = {};
  Object.entries(days).forEach(([t, n], i) => {
    const digest = 'sha256:' + i.toString(16).padStart(64, '0');
    tags[t] = digest;
    images[digest] = n === undefined ? {} : { created: daysAgo(n) };
  });
  return { tags, images };
}

test('keep=N by version keeps latest and the newest versions (numbers as numbers); the rest go with their rank', () => {
  const { goes, kept, tag } = run('keep=3', dated({ '1.9.0': 1, '1.10.0': 1, latest: 1, '1.2.0': 1, '1.0.0': 1 }));
  assert.deepEqual(kept, ['latest', '1.10.0', '1.9.0']);
  assert.deepEqual(goes, ['1.2.0', '1.0.0']);
  assert.equal(tag('1.9.0').rule, 'newest');
  assert.match(tag('1.9.0').why, /one of the 3 newest by version \(rank 3 of 5\)/);
  assert.equal(tag('1.2.0').rule, 'rules');
  assert.match(tag('1.2.0').why, /rank 4 of 5 by version, outside keep=3/);
  assert.equal(tag('1.2.0').removal, 'delete');
});

test('keep=N by date: newest images first', () => {
  const { kept, goes } = run('keep=2 by=date', dated({ a: 10, b: 1, c: 5, d: 30 }));
  assert.deepEqual(kept.sort(), ['b', 'c']);
  assert.deepEqual(goes.sort(), ['a', 'd']);
});

test('ties in date fall to version order, ties in version to the name; the listing order never matters', () => {
  const c = dated({ '2.0': 3, 'v2.0': 3, '1.0': 3, 'v1.0': 3, old: 9 });
  for (const order of [
    ['2.0', 'v2.0', '1.0', 'v1.0', 'old'],
    ['old', 'v1.0', '1.0', 'v2.0', '2.0'],
    ['1.0', 'old', 'v2.0', '2.0', 'v1.0'],
  ]) {
    const r = run('keep=3 by=date', c, order);
    assert.deepEqual(r.kept, ['2.0', 'v2.0', '1.0'], `order ${order}`);
    assert.deepEqual(r.goes, ['v1.0', 'old'], `order ${order}`);
    const v = run('keep=1', c, order);
    assert.deepEqual(v.kept, ['2.0'], `2.0 and v2.0 are the same version: the name decides (order ${order})`);
  }
});

test('older=D deletes only what is older than D days; younger tags stay with their age', () => {
  const { goes, kept, tag } = run('older=30d', dated({ fresh: 3, edge: 30, old: 31, ancient: 400 }));
  assert.deepEqual(goes.sort(), ['ancient', 'old']);
  assert.deepEqual(kept.sort(), ['edge', 'fresh'], 'exactly 30 days is not older than 30 days');
  assert.equal(tag('fresh').rule, 'recent');
  assert.match(tag('fresh').why, /created 2025-05-29, 3 days ago: not older than 30 days/);
  assert.match(tag('old').why, /31 days ago, older than 30 days/);
});

test('keep and older together: a tag goes only outside the N newest and old', () => {
  const { goes, kept } = run('keep=2 by=date older=30d', dated({ a: 1, b: 40, c: 50, d: 10 }));
  // Newest two: a, d. Of the others only the old ones go: b and c are both older than 30 days.
  assert.deepEqual(kept.sort(), ['a', 'd']);
  assert.deepEqual(goes.sort(), ['b', 'c']);
  const young = run('keep=1 by=date older=30d', dated({ a: 1, b: 5, c: 50 }));
  assert.deepEqual(young.kept.sort(), ['a', 'b'], 'b is outside keep=1 but young');
  assert.deepEqual(young.goes, ['c']);
});

test('protect wins over everything; include narrows the candidates; exclude takes tags out; keep counts only candidates', () => {
  const c = dated({ latest: 100, 'pr-1': 100, 'pr-2': 50, 'pr-3': 1, 'pr-keep': 100, main: 100, '1.0.0': 100 });
  const { goes, kept, tag } = run('include=pr-*,latest exclude=*-keep protect=latest,/^\\d+\\.\\d+\\.\\d+$/ keep=1 by=date', c);
  assert.deepEqual(goes.sort(), ['pr-1', 'pr-2']);
  assert.equal(tag('latest').rule, 'protected');
  assert.match(tag('latest').why, /protected \(protect=latest\)/);
  assert.equal(tag('1.0.0').rule, 'protected', 'a release version is protected by the regular expression');
  assert.equal(tag('main').rule, 'not-included');
  assert.match(tag('main').why, /matches none of include=pr-\*,latest/);
  assert.equal(tag('pr-keep').rule, 'excluded');
  assert.equal(tag('pr-3').rule, 'newest', 'the protected latest does not take a keep slot');
  assert.match(tag('pr-2').why, /include=pr-\*; rank 2 of 3 by date, outside keep=1/);
  assert.ok(kept.includes('pr-3'));
});

test('include alone deletes every tag it matches', () => {
  const { goes, kept } = run('include=/^pr-\\d+$/', dated({ 'pr-1': 1, 'pr-22': 1, 'pr-x': 1, main: 1 }));
  assert.deepEqual(goes.sort(), ['pr-1', 'pr-22']);
  assert.deepEqual(kept.sort(), ['main', 'pr-x']);
});

test('a date rule never deletes a tag whose date is unknown; without a date rule the date does not matter', () => {
  const c = dated({ known: 100, unknown: undefined });
  const r = run('older=30d', c);
  assert.deepEqual(r.goes, ['known']);
  assert.equal(r.tag('unknown').rule, 'date-unknown');
  const v = run('include=*', c);
  assert.deepEqual(v.goes.sort(), ['known', 'unknown']);
});

test('a tag whose manifest could not be read stays', () => {
  const { tag } = run('include=*', { tags: { bad: d('b'), good: d('a') }, images: { [d('b')]: { problem: 'damaged' } } });
  assert.equal(tag('bad').goes, false);
  assert.equal(tag('bad').rule, 'unreadable');
  assert.match(tag('bad').why, /damaged/);
  assert.equal(tag('good').goes, true);
});

test('a digest shared with a kept tag is never deleted: untagged where the registry can, skipped where it cannot', () => {
  const base = { tags: { latest: d('a'), 'old-name': d('a'), old: d('b'), gone: d('c') } };
  for (const [untag, removal] of [
    [true, 'untag'],
    [false, 'skip'],
    [undefined, 'untag'],
  ] as const) {
    const { out, tag } = run('include=old*,gone protect=latest', { ...base, untag });
    const shared = out.images.find((i) => i.digest === d('a'))!;
    assert.equal(shared.action, 'untag');
    assert.equal(shared.keptFor, 'kept tag latest');
    assert.deepEqual([shared.goes, shared.stays], [['old-name'], ['latest']]);
    assert.equal(tag('old-name').removal, removal, `untag support ${untag}`);
    assert.equal(out.images.find((i) => i.digest === d('b'))!.action, 'delete');
    assert.equal(tag('old').removal, 'delete');
  }
});

test('untag support unknown and no image going whole to try it on: the shared tags are shown as staying', () => {
  const { tag, out } = run('include=b protect=a', { tags: { a: d('a'), b: d('a') }, untag: undefined });
  assert.equal(out.images[0].action, 'untag');
  assert.equal(tag('b').removal, 'skip');
});

test('a platform of a kept index stays, although a tag on it goes', () => {
  const child = d('c');
  const { out, tag } = run('include=amd64-only protect=multi', {
    tags: { multi: d('i'), 'amd64-only': child },
    images: { [d('i')]: { children: [child, d('e')] } },
    untag: true,
  });
  const image = out.images.find((i) => i.digest === child)!;
  assert.equal(image.action, 'untag');
  assert.equal(image.keptFor, 'a platform of the kept index multi');
  assert.equal(tag('amd64-only').removal, 'untag');
});

test('an image goes whole only when every tag on it goes', () => {
  const { out } = run('include=x*', { tags: { x1: d('a'), x2: d('a'), y: d('b') } });
  const a = out.images.find((i) => i.digest === d('a'))!;
  assert.deepEqual([a.action, a.goes, a.stays], ['delete', ['x1', 'x2'], []]);
  assert.equal(out.images.find((i) => i.digest === d('b'))!.action, 'keep');
});

test('referrer tags follow their image: they go only with it and only with `referrers`', () => {
  const subjectGone = d('1');
  const subjectKept = d('2');
  const tags = {
    old: subjectGone,
    new: subjectKept,
    [subjectGone.replace(':', '-')]: d('3'),
    [`${subjectGone.replace(':', '-')}.sig`]: d('4'),
    [subjectKept.replace(':', '-')]: d('5'),
    [d('9').replace(':', '-')]: d('6'),
  };
  const without = run('include=old', { tags });
  assert.deepEqual(without.goes, ['old'], 'without referrers only the image goes');
  assert.match(without.tag(subjectGone.replace(':', '-')).why, /which is deleted; kept because the rules do not say referrers/);

  const withReferrers = run('include=old referrers', { tags });
  assert.deepEqual(withReferrers.goes.sort(), ['old', subjectGone.replace(':', '-'), `${subjectGone.replace(':', '-')}.sig`].sort());
  const index = withReferrers.out.images.find((i) => i.digest === d('3'))!;
  assert.equal(index.action, 'delete');
  assert.equal(index.subject, subjectGone, 'deleted only after its subject');
  assert.match(withReferrers.tag(subjectKept.replace(':', '-')).why, /\(new\), which stays/);
  assert.match(withReferrers.tag(d('9').replace(':', '-')).why, /which no tag here points at/);
  assert.equal(withReferrers.tag(d('9').replace(':', '-')).goes, false);
  assert.ok(!withReferrers.goes.includes('new'));
});

test('include=* would catch referrer tags, but they are not judged by the rules', () => {
  const s = d('1');
  const { tag } = run('include=* protect=keep', { tags: { keep: s, [s.replace(':', '-')]: d('2') } });
  assert.equal(tag(s.replace(':', '-')).goes, false);
  assert.equal(tag(s.replace(':', '-')).rule, 'referrers');
});

test('the tags come out newest first by version, whatever order the registry listed them in', () => {
  const c = dated({ b: 1, '2.0': 1, latest: 1, '10.0': 1, a: 1 });
  const one = run('keep=2', c, ['b', '2.0', 'latest', '10.0', 'a']).out.tags.map((t) => t.tag);
  const two = run('keep=2', c, ['a', '10.0', 'latest', '2.0', 'b']).out.tags.map((t) => t.tag);
  assert.deepEqual(one, ['latest', '10.0', '2.0', 'a', 'b']);
  assert.deepEqual(two, one);
});

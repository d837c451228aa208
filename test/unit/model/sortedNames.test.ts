// The structure behind every level of the tree: names in display order as pages arrive, with
// de-duplication, removal and a walk over the first names — each in time linear in what it touches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedNames } from '../../../src/model/sortedNames';
import { repositoryOrder, tagOrder, type TagKey } from '../../../src/model/tagSort';
import { versionName } from '../../fixtures/scaleSeed';

const byName = () => new SortedNames<string>(repositoryOrder);

test('pages merge into one sorted list; a name seen before is not added again', () => {
  const s = byName();
  assert.equal(s.add(['m', 'c', 'x']), 3);
  assert.equal(s.add(['a', 'c', 'z', 'a']), 2);
  assert.deepEqual([...s], ['a', 'c', 'm', 'x', 'z']);
  assert.equal(s.size, 5);
  assert.ok(s.has('m') && !s.has('b'));
});

test('first(n) walks only to the first match past n, with or without a filter', () => {
  const s = byName();
  s.add(Array.from({ length: 100 }, (_, i) => `r${String(i).padStart(3, '0')}`));
  assert.deepEqual(s.first(3), { names: ['r000', 'r001', 'r002'], more: true, matched: 3 });
  let tested = 0;
  const page = s.first(2, (n) => (tested++, n.endsWith('5')));
  assert.deepEqual(page.names, ['r005', 'r015']);
  assert.equal(page.more, true);
  assert.equal(tested, 26, 'stops at the third match (r025)');
  assert.deepEqual(
    s.first(1000, (n) => n === 'r099'),
    { names: ['r099'], more: false, matched: 1 },
  );
  assert.equal(
    s.count((n) => n.startsWith('r09')),
    10,
  );
});

test('removal takes names off at once and the list stays right after it compacts', () => {
  const s = byName();
  s.add(Array.from({ length: 1000 }, (_, i) => `n${String(i).padStart(4, '0')}`));
  assert.equal(s.remove(['n0001', 'n0003', 'nope']), 2);
  assert.deepEqual(s.first(3).names, ['n0000', 'n0002', 'n0004']);
  s.remove(Array.from({ length: 900 }, (_, i) => `n${String(i + 100).padStart(4, '0')}`));
  assert.equal(s.size, 98);
  assert.deepEqual([...s].slice(-2), ['n0098', 'n0099']);
  s.add(['n0001', 'n5000']);
  assert.deepEqual(s.first(2).names, ['n0000', 'n0001']);
  assert.equal([...s].at(-1), 'n5000');
});

test('reorder sorts again in another order (dates that arrived)', () => {
  const dates: Record<string, string> = {};
  const s = new SortedNames<TagKey>(tagOrder('version', () => undefined) as never);
  s.add(['1.0.0', '2.0.0', 'latest']);
  assert.deepEqual([...s], ['latest', '2.0.0', '1.0.0']);
  dates['1.0.0'] = '2026-01-01T00:00:00Z';
  s.reorder(tagOrder('date', (t) => dates[t]) as never);
  assert.deepEqual([...s], ['1.0.0', 'latest', '2.0.0']);
});

/** Comparisons made to add `n` realistic tag names in pages of 1,000, then a repeated page, a removal of a tenth, one walk. */
function comparisonsFor(n: number): number {
  const names = Array.from({ length: n }, (_, i) => versionName(i));
  const order = tagOrder('version', () => undefined) as { key: (n: string) => TagKey; compare: (a: TagKey, b: TagKey) => number };
  let compares = 0;
  const s = new SortedNames<TagKey>({ key: order.key, compare: (a, b) => (compares++, order.compare(a, b)) });
  for (let i = 0; i < n; i += 1000) s.add(names.slice(i, i + 1000));
  s.add(names.slice(0, 1000));
  s.remove(names.filter((_, i) => i % 10 === 0));
  s.first(50);
  return compares;
}

test('a page costs a sort of the page and one merge, not a sort of everything: comparisons grow linearly per page', () => {
  const small = comparisonsFor(10_000);
  const large = comparisonsFor(50_000);
  // Per page of k into n: k log k + n. Re-sorting everything per page would be ~ pages × n log n (about 10× more at 50,000).
  assert.ok(large < 50 * (1000 * 10 + 50_000), `50,000 names: ${large} comparisons`);
  assert.ok(large / small < 20, `10,000 names: ${small}; 50,000: ${large}`);
});

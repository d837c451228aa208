// The rule text and its patterns: what parses, what is refused and why, and that the canonical form round-trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRules, needsDates, parseRules } from '../../../../src/actions/cleanup/rules';
import { parsePattern, splitPatterns } from '../../../../src/actions/cleanup/patterns';

const ok = (text: string) => {
  const p = parseRules(text);
  assert.ok(p.rules, `${text}: ${p.problem}`);
  return p.rules!;
};
const refused = (text: string, why: RegExp) => {
  const p = parseRules(text);
  assert.ok(p.problem, `${text} should be refused`);
  assert.match(p.problem!, why);
};

test('every clause parses, in any order, and the canonical text gives the same rules back', () => {
  const r = ok('protect=latest,/^v?\\d+\\.\\d+\\.\\d+$/ referrers older=30d keep=5 by=date include=pr-*,dev-? exclude=/-rc\\d{1,3}$/');
  assert.equal(r.keep, 5);
  assert.equal(r.by, 'date');
  assert.equal(r.olderThanDays, 30);
  assert.deepEqual(
    r.include.map((p) => p.text),
    ['pr-*', 'dev-?'],
  );
  assert.deepEqual(
    r.exclude.map((p) => p.text),
    ['/-rc\\d{1,3}$/'],
    'a comma inside a regular expression belongs to it',
  );
  assert.deepEqual(
    r.protect.map((p) => p.text),
    ['latest', '/^v?\\d+\\.\\d+\\.\\d+$/'],
  );
  assert.equal(r.withReferrers, true);
  const text = formatRules(r);
  assert.equal(text, 'keep=5 by=date older=30d include=pr-*,dev-? exclude=/-rc\\d{1,3}$/ protect=latest,/^v?\\d+\\.\\d+\\.\\d+$/ referrers');
  assert.equal(formatRules(ok(text)), text);
});

test('defaults: version order; older= without a unit is days; repeated pattern clauses add up', () => {
  const r = ok('keep=3 older=7 protect=latest protect=stable');
  assert.equal(r.by, 'version');
  assert.equal(r.olderThanDays, 7);
  assert.deepEqual(
    r.protect.map((p) => p.text),
    ['latest', 'stable'],
  );
  assert.equal(formatRules(r), 'keep=3 by=version older=7d protect=latest,stable');
});

test('a rule text that says nothing about what goes is refused (it would delete every tag)', () => {
  refused('', /say what goes/);
  refused('protect=latest exclude=x', /say what goes/);
  refused('referrers', /say what goes/);
  assert.ok(ok('include=pr-*'), 'include alone says what goes');
});

test('mistakes are named', () => {
  refused('keep=0', /keep= takes a whole number/);
  refused('keep=ten', /keep= takes a whole number/);
  refused('keep=1 keep=2', /keep= is given twice/);
  refused('by=date older=3d', /by= says what newest means for keep=N/);
  refused('keep=1 by=size', /by= is version or date/);
  refused('older=3w', /older= takes a number of days/);
  refused('keep=1 include=', /include= needs a pattern/);
  refused('keep=1 exclude=/[/', /not a regular expression/);
  refused('keep=1 protect=/abc', /does not end with \//);
  refused('keep=1 delete=all', /"delete=all" is not a rule/);
  refused('keep=1 referrers=no', /referrers takes no value/);
});

test('which rules need dates (config reads)', () => {
  assert.equal(needsDates(ok('keep=3')), false);
  assert.equal(needsDates(ok('keep=3 by=date')), true);
  assert.equal(needsDates(ok('older=3d')), true);
  assert.equal(needsDates(ok('include=pr-*')), false);
});

test('globs match the whole tag, literally but for * and ?; regular expressions match anywhere unless anchored', () => {
  const glob = parsePattern('v1.*') as { test(t: string): boolean };
  assert.equal(glob.test('v1.2'), true);
  assert.equal(glob.test('v1x2'), false, 'the dot is a dot');
  assert.equal(glob.test('xv1.2'), false, 'anchored at the start');
  const q = parsePattern('dev-?') as { test(t: string): boolean };
  assert.equal(q.test('dev-a'), true);
  assert.equal(q.test('dev-ab'), false);
  const re = parsePattern('/rc/') as { test(t: string): boolean };
  assert.equal(re.test('1.0-rc1'), true);
  const ci = parsePattern('/^LATEST$/i') as { test(t: string): boolean };
  assert.equal(ci.test('latest'), true);
  assert.deepEqual(splitPatterns('a,/x{1,2}/,b*,/y,z/i'), ['a', '/x{1,2}/', 'b*', '/y,z/i']);
});

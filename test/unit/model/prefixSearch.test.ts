// Where a filter's literal start begins in a catalog: the `last` just before it, in the order
// distribution walks its repositories (a `/` sorts below every other character).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { justBefore } from '../../../src/model/catalogPrefix';
import { parseFilter } from '../../../src/model/filter';

/** Distribution's catalog order: compare with `/` as the lowest character. */
const catalogOrder = (a: string, b: string) => {
  const x = a.replaceAll('/', '\u0000');
  const y = b.replaceAll('/', '\u0000');
  return x < y ? -1 : x > y ? 1 : 0;
};

test('justBefore comes before every name with the prefix and after every name before them', () => {
  const names = [
    'huge',
    'huge-x',
    'huge/a',
    'huge/tags',
    'huge.z',
    'hugf',
    'hug/z',
    'scale/r01999',
    'scale/r02',
    'scale/r020',
    'scale/r02x',
    'scale/r03',
    'scale/r1',
  ].sort(catalogOrder);
  for (const prefix of ['huge/', 'scale/r02', 'huge', 'scale/']) {
    const last = justBefore(prefix);
    const after = names.filter((n) => catalogOrder(n, last) > 0);
    for (const n of names.filter((x) => x.startsWith(prefix))) assert.ok(after.includes(n), `${n} is listed after last=${last} (prefix ${prefix})`);
  }
});

test('a repository pattern with a literal start has a prefix; one starting with a wildcard, plain text and tag patterns do not', () => {
  assert.equal(parseFilter('foo/r2*')?.repositoryPrefix, 'foo/r2');
  assert.equal(parseFilter('Team/*:1.*')?.repositoryPrefix, 'team/');
  assert.equal(parseFilter('*/r2*')?.repositoryPrefix, undefined);
  assert.equal(parseFilter('foo/bar')?.repositoryPrefix, undefined, 'plain text matches anywhere');
  assert.equal(parseFilter('1.2*')?.repositoryPrefix, undefined);
  assert.equal(parseFilter('multi')?.either!('foo/multi'), true);
});

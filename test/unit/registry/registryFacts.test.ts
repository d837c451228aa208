// The registry client's shared facts as the extension shows them: short digests in messages,
// titles and the tree, and the name checks of Retag… and Copy to Repository…. These test
// src/registry exports and belong beside its tests (test/unit/registry/), which another change owns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repositoryProblem, shortDigest, tagProblem } from '../../../src/registry';

test('shortDigest: 12 hex digits without the algorithm, as docker prints image IDs', () => {
  assert.equal(shortDigest('sha256:' + 'ab'.repeat(32)), 'abababababab');
  assert.equal(shortDigest('abcdef0123456789'), 'abcdef012345');
});

test('valid tags pass', () => {
  for (const t of ['latest', 'v1.2.3', '1.0_rc-1', '_x', 'A'.repeat(128)]) assert.equal(tagProblem(t), undefined, t);
});

test('invalid tags say why', () => {
  assert.match(tagProblem('')!, /Enter a tag/);
  assert.match(tagProblem('-x')!, /may not start/);
  assert.match(tagProblem('.x')!, /may not start/);
  assert.match(tagProblem('a'.repeat(129))!, /at most 128/);
  assert.match(tagProblem('a b:c')!, /remove:.* :/);
  assert.match(tagProblem('a/b')!, /remove: \//);
});

test('repository names', () => {
  assert.equal(repositoryProblem('foo/bar-baz/q_x'), undefined);
  assert.match(repositoryProblem('Foo/bar')!, /uppercase/);
  assert.match(repositoryProblem('foo//bar')!, /empty path component/);
  assert.match(repositoryProblem('foo/-bar')!, /not a valid path component/);
  assert.match(repositoryProblem('')!, /the repository name is empty/);
});

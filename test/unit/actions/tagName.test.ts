import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repositoryNameProblem, tagNameProblem } from '../../../src/actions/tagName';

test('valid tags pass', () => {
  for (const t of ['latest', 'v1.2.3', '1.0_rc-1', '_x', 'A'.repeat(128)]) assert.equal(tagNameProblem(t), undefined, t);
});

test('invalid tags say why', () => {
  assert.match(tagNameProblem('')!, /Enter a tag/);
  assert.match(tagNameProblem('-x')!, /may not start/);
  assert.match(tagNameProblem('.x')!, /may not start/);
  assert.match(tagNameProblem('a'.repeat(129))!, /at most 128/);
  assert.match(tagNameProblem('a b:c')!, /remove:.* :/);
  assert.match(tagNameProblem('a/b')!, /remove: \//);
});

test('repository names', () => {
  assert.equal(repositoryNameProblem('foo/bar-baz/q_x'), undefined);
  assert.match(repositoryNameProblem('Foo/bar')!, /uppercase/);
  assert.match(repositoryNameProblem('foo//bar')!, /empty part/);
  assert.match(repositoryNameProblem('foo/-bar')!, /not valid/);
  assert.match(repositoryNameProblem('')!, /Enter a repository/);
});

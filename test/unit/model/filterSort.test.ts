import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, nameMatcher, parseFilter } from '../../../src/model/filter';
import { compareTagsByVersion, compareVersionKeys, tagOrder, versionKey } from '../../../src/model/tagSort';
import { SortedNames, type Order } from '../../../src/model/sortedNames';
import { versionName } from '../../fixtures/scaleSeed';

test('glob: * and ? over the whole name, case-insensitive, regex characters literal', () => {
  assert.equal(globToRegExp('1.*').test('1.25.3'), true);
  assert.equal(globToRegExp('1.*').test('11.0'), false, '. is literal');
  assert.equal(globToRegExp('v?.0').test('v1.0'), true);
  assert.equal(globToRegExp('v?.0').test('v10.0'), false);
  assert.equal(globToRegExp('foo/*').test('FOO/bar/baz'), true);
  assert.equal(globToRegExp('a+b').test('a+b'), true);
  assert.equal(globToRegExp('a+b').test('aab'), false);
});

test('plain text matches anywhere; empty means no filter', () => {
  assert.equal(nameMatcher('rc')!('1.0.0-RC1'), true);
  assert.equal(nameMatcher('rc')!('1.0.0'), false);
  assert.equal(nameMatcher('  '), undefined);
});

test('filter syntax: tags, repositories (a / or a :), both', () => {
  const tagsOnly = parseFilter('1.*')!;
  assert.equal(tagsOnly.repository, undefined);
  assert.equal(tagsOnly.tag!('1.2'), true);
  const repos = parseFilter('foo/*')!;
  assert.equal(repos.tag, undefined);
  assert.equal(repos.repository!('foo/bar'), true);
  assert.equal(repos.repository!('public/bar'), false);
  const topRepo = parseFilter('alpine:')!;
  assert.equal(topRepo.tag, undefined);
  assert.equal(topRepo.repository!('library/alpine'), true);
  const both = parseFilter('foo/*:1.*')!;
  assert.equal(both.repository!('foo/x') && both.tag!('1.0'), true);
  assert.equal(both.summary, 'repositories "foo/*", tags "1.*"');
  assert.equal(parseFilter(''), undefined);
  assert.equal(parseFilter(':'), undefined);
});

test('version order: latest first, numbers as numbers, release above its pre-releases, other tags last', () => {
  const tags = ['main', '1.9.0', 'latest', '1.10.0', '1.10.0-rc.2', '1.10.0-rc.10', 'v2', '1.9', 'sha-abc123', '0.1.0'];
  const sorted = [...tags].sort(compareTagsByVersion);
  assert.deepEqual(sorted, ['latest', 'v2', '1.10.0', '1.10.0-rc.10', '1.10.0-rc.2', '1.9.0', '1.9', '0.1.0', 'main', 'sha-abc123']);
});

test('tag orders over SortedNames: name, version and date (newest first, unknown dates last)', () => {
  const created: Record<string, string> = { b: '2024-01-01T00:00:00Z', '1.2.0': '2025-06-01T00:00:00Z', '1.10.0': '2023-01-01T00:00:00Z' };
  const names = ['b', '1.2.0', 'a', '1.10.0'];
  const inOrder = (order: 'name' | 'version' | 'date') => {
    const sorted = new SortedNames(tagOrder(order, (t) => created[t]) as Order<unknown>);
    sorted.add(names);
    return [...sorted];
  };
  assert.deepEqual(inOrder('name'), ['1.10.0', '1.2.0', 'a', 'b']);
  assert.deepEqual(inOrder('version'), ['1.10.0', '1.2.0', 'a', 'b']);
  assert.deepEqual(inOrder('date'), ['1.2.0', 'b', '1.10.0', 'a']);
});

test('version keys parsed once give the same order as comparing names', () => {
  const tags = Array.from({ length: 2000 }, (_, i) => versionName(i));
  const byNames = [...tags].sort(compareTagsByVersion);
  const byKeys = tags
    .map(versionKey)
    .sort(compareVersionKeys)
    .map((k) => k.name);
  assert.deepEqual(byKeys, byNames);
});

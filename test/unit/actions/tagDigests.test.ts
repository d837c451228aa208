// freshTagDigests with an in-memory RegistryApi: which names cost a HEAD. The real registry is in
// test/integration/actions-delete-cost.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryApi } from '../../../src/registry';
import { freshTagDigests, tagsOfDigest } from '../../../src/actions/tagDigests';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);

/** A repository whose tags come in pages of two; records every call. */
function fakeRepo(current: Record<string, string>) {
  const calls: string[] = [];
  const api: Partial<RegistryApi> = {
    host: 'h',
    learned: {},
    async *tags(repo) {
      const names = Object.keys(current).sort();
      for (let i = 0; i < names.length; i += 2) {
        calls.push(`list ${repo} ${i}`);
        yield names.slice(i, i + 2);
      }
    },
    async headManifest(repo, ref) {
      calls.push(`head ${repo}:${ref}`);
      const digest = current[ref];
      return digest ? { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
  };
  return { client: api as RegistryApi, calls };
}

test('known digests are trusted: only new names are HEADed, vanished names dropped, all pages listed', async () => {
  const { client, calls } = fakeRepo({ a1: A, a2: A, b1: B, c1: C, newOnA: A });
  const known = new Map([
    ['a1', A],
    ['a2', A],
    ['b1', B],
    ['gone', B],
  ]);
  const map = await freshTagDigests(client, 'r', known);
  assert.deepEqual([...map].sort(), [
    ['a1', A],
    ['a2', A],
    ['b1', B],
    ['c1', C],
    ['newOnA', A],
  ]);
  assert.deepEqual(calls.filter((c) => c.startsWith('head')).sort(), ['head r:c1', 'head r:newOnA']);
  assert.equal(calls.filter((c) => c.startsWith('list')).length, 3, 'every page of the listing');
  assert.deepEqual(tagsOfDigest(map, A), ['a1', 'a2', 'newOnA'], 'a tag added since the tree loaded is found on the digest');
  assert.ok(!map.has('gone'));
});

test('everything known: one listing and no HEAD at all', async () => {
  const { client, calls } = fakeRepo({ x: A, y: B });
  const map = await freshTagDigests(
    client,
    'r',
    new Map([
      ['x', A],
      ['y', B],
    ]),
  );
  assert.equal(map.size, 2);
  assert.deepEqual(calls, ['list r 0']);
});

test('a tag listed but deleted before its HEAD is left out; progress counts only HEADs', async () => {
  const current: Record<string, string> = { x: A, y: B };
  const { client } = fakeRepo(current);
  const head = client.headManifest.bind(client);
  client.headManifest = async (repo, ref, o) => {
    if (ref === 'y') delete current.y;
    return head(repo, ref, o);
  };
  const progress: string[] = [];
  const map = await freshTagDigests(client, 'r', new Map([['x', A]]), { onProgress: (d, t) => progress.push(`${d}/${t}`) });
  assert.deepEqual([...map], [['x', A]]);
  assert.deepEqual(progress, ['1/1']);
});

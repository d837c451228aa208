// planDeleteSelection / executeDeleteSelection with in-memory registries and a fake of what the
// tree shows: which digests are trusted, and what leaves the view when. The command's path on a
// real registry and in VS Code is in test/integration/actions-delete*.test.ts and test/ui.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryApi } from '../../../src/registry';
import { executeDeleteSelection, planDeleteSelection, type KnownTags } from '../../../src/actions/deleteSelection';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);

/** One repository `r` per registry with these tags; deletes by digest only (as distribution 2.8). */
function fakeRegistry(host: string, tags: Record<string, string>) {
  const calls: string[] = [];
  const state = { ...tags };
  const api = {
    host,
    learned: { deleteByTag: false },
    async *tags(repo: string) {
      calls.push(`list ${repo}`);
      yield Object.keys(state).sort();
    },
    async headManifest(repo: string, ref: string) {
      calls.push(`head ${repo}:${ref}`);
      return state[ref] ? { digest: state[ref], mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
    async deleteManifest(repo: string, digest: string) {
      calls.push(`delete ${repo}@${digest.slice(7, 10)}`);
      for (const [t, d] of Object.entries(state)) if (d === digest) delete state[t];
    },
  };
  return { client: api as unknown as RegistryApi, calls, state };
}

function clientsOf(...registries: ReturnType<typeof fakeRegistry>[]) {
  return { get: (id: string) => registries.find((r) => r.client.host === id)!.client };
}

/** What the tree shows: digests per `registry/repo:tag`, referrer counts per `registry/repo@digest`. */
function shownTree(digests: Record<string, string>, referrers: Record<string, number> = {}): KnownTags {
  return {
    knownDigest: (registryId, repository, tag) => digests[`${registryId}/${repository}:${tag}`],
    knownReferrerCount: (registryId, repository, digest) => referrers[`${registryId}/${repository}@${digest}`],
  };
}

function removalLog() {
  const removed: string[] = [];
  return { removed, removeTags: (registryId: string, repository: string, tags: string[]) => removed.push(`${registryId}/${repository}:${tags.join(',')}`) };
}

test('digests the tree shows are trusted, the selection fills in where it shows none, only the rest is HEADed; one plan per registry', async () => {
  const one = fakeRegistry('one', { a: A, a2: A, b: B, c: C });
  const two = fakeRegistry('two', { x: A });
  const known = shownTree({ 'one/r:a': A, 'one/r:a2': A });
  const plans = await planDeleteSelection(
    [
      { registryId: 'one', repository: 'r', tag: 'a' },
      { registryId: 'two', repository: 'r', tag: 'x' },
      { registryId: 'one', repository: 'r', tag: 'b', digest: B },
    ],
    known,
    clientsOf(one, two),
  );
  assert.deepEqual(
    plans.map((p) => p.registryId),
    ['one', 'two'],
  );
  assert.deepEqual(
    plans[0].plan.items.map((i) => [i.digest, i.goes]),
    [
      [A, ['a', 'a2']],
      [B, ['b']],
    ],
  );
  assert.deepEqual(one.calls, ['list r', 'head r:c'], 'a, a2 from the tree, b from the selection: only c costs a HEAD');
  assert.deepEqual(two.calls, ['list r', 'head r:x']);
});

test('the tree wins over a selection kept across a refresh; its referrer counts offer Delete with Referrers', async () => {
  const reg = fakeRegistry('h', { a: A, b: B });
  const known = shownTree({ 'h/r:a': A }, { [`h/r@${A}`]: 2 });
  const [{ plan }] = await planDeleteSelection([{ registryId: 'h', repository: 'r', tag: 'a', digest: B }], known, clientsOf(reg));
  assert.equal(plan.items[0].digest, A, 'the digest the tree shows now, not the one the old selection carried');
  assert.deepEqual(plan.items[0].referrers, { known: 2 });

  const [{ plan: fromSelection }] = await planDeleteSelection(
    [{ registryId: 'h', repository: 'r', tag: 'b', digest: B, referrerCount: 1 }],
    shownTree({}),
    clientsOf(reg),
  );
  assert.deepEqual(fromSelection.items[0].referrers, { known: 1 }, 'the count the selection showed, where the tree shows none');
});

test('tags found missing leave the view once, before the deletes, and also when nothing else is to delete', async () => {
  const reg = fakeRegistry('h', { a: A });
  const plans = await planDeleteSelection([{ registryId: 'h', repository: 'r', tag: 'gone' }], shownTree({}), clientsOf(reg));
  assert.equal(plans[0].plan.items.length, 0);
  const log = removalLog();
  assert.deepEqual(await executeDeleteSelection(plans, clientsOf(reg), log), []);
  assert.deepEqual(log.removed, ['h/r:gone']);
  assert.ok(!reg.calls.some((c) => c.startsWith('delete')), 'nothing was deleted');
});

test('each delete hands its removed tags to the view as it happens; results are counted across registries', async () => {
  const one = fakeRegistry('one', { a: A, a2: A });
  const two = fakeRegistry('two', { x: B });
  const selection = [
    { registryId: 'one', repository: 'r', tag: 'a' },
    { registryId: 'one', repository: 'r', tag: 'missing' },
    { registryId: 'two', repository: 'r', tag: 'x' },
  ];
  const clients = clientsOf(one, two);
  const plans = await planDeleteSelection(selection, shownTree({}), clients);
  const log = removalLog();
  const seen: string[] = [];
  const results = await executeDeleteSelection(plans, clients, log, {
    onResult: (registryId, r, done, total) => seen.push(`${registryId} ${r.outcome} ${done}/${total} after ${log.removed.length} removals`),
  });
  assert.deepEqual(
    results.map((r) => r.outcome),
    ['deleted', 'deleted'],
  );
  assert.deepEqual(log.removed, ['one/r:missing', 'one/r:a,a2', 'two/r:x']);
  assert.deepEqual(seen, ['one deleted 1/2 after 2 removals', 'two deleted 2/2 after 3 removals']);
  assert.deepEqual([one.state, two.state], [{}, {}]);
});

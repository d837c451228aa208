// executeDeletePlan with an in-memory RegistryApi: which requests a plan costs, per mode. The
// behaviour on a real registry is in test/integration/actions-delete*.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryApi } from '../../../src/registry';
import { RegistryError } from '../../../src/registry';
import { planDelete } from '../../../src/actions/deletePlan';
import { executeDeletePlan } from '../../../src/actions/deleteExecute';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);

/** `byTag`: whether the registry deletes tags alone; its answer is remembered like the real client's. */
function fakeRegistry(tags: Record<string, string>, byTag: boolean, learned?: boolean) {
  const calls: string[] = [];
  const state = { ...tags };
  const api = {
    host: 'h',
    learned: { deleteByTag: learned },
    async deleteTag(repo: string, tag: string) {
      if (api.learned.deleteByTag === false) return false;
      calls.push(`deleteTag ${repo}:${tag}`);
      if (!byTag) {
        api.learned.deleteByTag = false;
        return false;
      }
      api.learned.deleteByTag = true;
      if (!state[tag]) throw new RegistryError({ kind: 'not-found', operation: 'delete tag', message: `${tag} is gone` });
      delete state[tag];
      return true;
    },
    async deleteManifest(repo: string, digest: string) {
      calls.push(`deleteManifest ${repo}@${digest.slice(7, 10)}`);
      const before = Object.keys(state).length;
      for (const [t, d] of Object.entries(state)) if (d === digest) delete state[t];
      if (Object.keys(state).length === before) throw new RegistryError({ kind: 'not-found', operation: 'delete manifest', message: 'gone' });
    },
  };
  return { client: api as unknown as RegistryApi, calls, state };
}

const maps = (tags: Record<string, string>) => new Map([['r', new Map(Object.entries(tags))]]);

test('support unknown, digests carry only the selected tags: digests deleted directly, no probe', async () => {
  const tags = { a: A, b: B };
  const { client, calls, state } = fakeRegistry(tags, false);
  const plan = planDelete(
    'h',
    [
      { repository: 'r', tag: 'a' },
      { repository: 'r', tag: 'b' },
    ],
    maps(tags),
    client.learned.deleteByTag,
  );
  const results = await executeDeletePlan(client, plan);
  assert.deepEqual(
    results.map((r) => r.outcome),
    ['deleted', 'deleted'],
  );
  assert.deepEqual(calls, ['deleteManifest r@aaa', 'deleteManifest r@bbb']);
  assert.deepEqual(state, {});
  assert.equal(client.learned.deleteByTag, undefined, 'nothing was learned, nothing was spent on learning');
});

test('support unknown, an unselected co-tag: the probe is spent once, then the digest goes', async () => {
  const tags = { a: A, a2: A, b: B, b2: B };
  const { client, calls, state } = fakeRegistry(tags, false);
  const plan = planDelete(
    'h',
    [
      { repository: 'r', tag: 'a' },
      { repository: 'r', tag: 'b' },
    ],
    maps(tags),
    undefined,
  );
  const results = await executeDeletePlan(client, plan);
  assert.deepEqual(
    results.map((r) => [r.outcome, r.removedTags]),
    [
      ['deleted', ['a', 'a2']],
      ['deleted', ['b', 'b2']],
    ],
  );
  assert.deepEqual(calls, ['deleteTag r:a', 'deleteManifest r@aaa', 'deleteManifest r@bbb']);
  assert.deepEqual(state, {});
  assert.match(results[0].message, /a2 shared the digest/);
});

test('a registry that deletes tags alone: only the selected tags go, the co-tag stays', async () => {
  const tags = { a: A, a2: A };
  const { client, calls, state } = fakeRegistry(tags, true);
  const unknown = planDelete('h', [{ repository: 'r', tag: 'a' }], maps(tags), undefined);
  const [r] = await executeDeletePlan(client, unknown);
  assert.equal(r.outcome, 'untagged', r.message);
  assert.deepEqual(r.removedTags, ['a']);
  assert.deepEqual(calls, ['deleteTag r:a']);
  assert.deepEqual(state, { a2: A });
});

test('tag mode: a tag already gone is reported gone, not failed', async () => {
  const { client, calls } = fakeRegistry({}, true, true);
  const plan = planDelete('h', [{ repository: 'r', tag: 'x' }], maps({ x: A }), true);
  const [r] = await executeDeletePlan(client, plan);
  assert.equal(r.outcome, 'gone', r.message);
  assert.deepEqual(r.removedTags, ['x']);
  assert.deepEqual(calls, ['deleteTag r:x']);
});

test('tag mode, the registry stops deleting tags alone: the image is not deleted instead', async () => {
  const tags = { a: A, a2: A };
  const { client, calls, state } = fakeRegistry(tags, false, true);
  const plan = planDelete('h', [{ repository: 'r', tag: 'a' }], maps(tags), true);
  const [r] = await executeDeletePlan(client, plan);
  assert.equal(r.outcome, 'failed', r.message);
  assert.match(r.message, /would remove more than you confirmed/);
  assert.deepEqual(calls, ['deleteTag r:a']);
  assert.deepEqual(state, tags);
});

test('a failure stops nothing else; cancellation marks the rest cancelled', async () => {
  const tags = { a: A, b: B };
  const { client, calls } = fakeRegistry(tags, false, false);
  const plan = planDelete(
    'h',
    [
      { repository: 'r', tag: 'a' },
      { repository: 'r', tag: 'b' },
    ],
    maps(tags),
    false,
  );
  const del = client.deleteManifest.bind(client);
  client.deleteManifest = async (repo, digest, o) => {
    if (digest === A) throw new RegistryError({ kind: 'denied', operation: 'delete', message: 'denied' });
    return del(repo, digest, o);
  };
  const results = await executeDeletePlan(client, plan);
  assert.deepEqual(
    results.map((r) => r.outcome),
    ['failed', 'deleted'],
  );
  assert.match(results[0].message, /your account may not delete here/);

  const ac = new AbortController();
  calls.length = 0;
  const again = planDelete(
    'h',
    [
      { repository: 'r', tag: 'a' },
      { repository: 'r', tag: 'b' },
    ],
    maps(tags),
    false,
  );
  const cancelled = await executeDeletePlan(client, again, { signal: ac.signal, onResult: () => ac.abort() });
  assert.deepEqual(
    cancelled.map((r) => r.outcome),
    ['failed', 'cancelled'],
  );
  assert.deepEqual(calls, []);
});

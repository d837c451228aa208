// Deleting through a vendor's API (deleteVendor.ts), planned and carried out by deleteSelection.ts
// with an in-memory registry and a fake VendorApi: what the plan lists, what the confirm says, which
// requests go where, and that a failing vendor untag never turns into a digest delete. On the real
// registry behind vendor stand-ins: test/integration/vendors-delete.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError, type RegistryApi, type VendorKind } from '../../../src/registry';
import { executeDeleteSelection, planDeleteSelection, type KnownTags } from '../../../src/actions/deleteSelection';
import { describeDeletePlan } from '../../../src/actions/deleteConfirm';
import { DOCKER_HUB_REFUSAL } from '../../../src/actions/deleteVendor';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);

/** Repository `p/r` with these tags; deletes by digest only unless `learned.deleteByTag` says otherwise. */
function fakeRegistry(host: string, tags: Record<string, string>, deleteByTag?: boolean) {
  const calls: string[] = [];
  const state = { ...tags };
  const api = {
    host,
    learned: { deleteByTag },
    async *tags(repo: string) {
      calls.push(`list ${repo}`);
      yield Object.keys(state).sort();
    },
    async headManifest(repo: string, ref: string) {
      calls.push(`head ${repo}:${ref}`);
      return state[ref] ? { digest: state[ref], mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
    async deleteTag(repo: string, tag: string) {
      calls.push(`deleteTag ${repo}:${tag}`);
      if (!deleteByTag) return false;
      delete state[tag];
      return true;
    },
    async deleteManifest(repo: string, digest: string) {
      calls.push(`deleteManifest ${repo}@${digest.slice(7, 10)}`);
      for (const [t, d] of Object.entries(state)) if (d === digest) delete state[t];
    },
  };
  return { client: api as unknown as RegistryApi, calls, state };
}

/** A vendor API over the same state: `fail` makes its untag reject with that kind. */
function fakeVendor(
  kind: VendorKind,
  untagsAlone: boolean,
  state: Record<string, string>,
  calls: string[],
  fail?: 'denied' | 'not-found' | 'network' | 'unsupported',
) {
  return {
    kind,
    untagsAlone,
    async untag(repo: string, tag: string) {
      calls.push(`vendor untag ${repo}:${tag}`);
      if (fail)
        throw new RegistryError({
          kind: fail,
          operation: `delete the tag ${repo}:${tag}`,
          message: `Harbor's API at h refused to delete the tag ${repo}:${tag} (${fail}).`,
        });
      if (!state[tag]) throw new RegistryError({ kind: 'not-found', operation: 'untag', message: 'not found' });
      delete state[tag];
    },
  };
}

const tree = (digests: Record<string, string> = {}): KnownTags => ({ knownDigest: (_id, _repo, tag) => digests[tag], knownReferrerCount: () => undefined });
const removals = () => {
  const removed: string[] = [];
  return { removed, removeTags: (_id: string, repo: string, tags: string[]) => removed.push(...tags.map((t) => `${repo}:${t}`)) };
};

function setup(
  kind: VendorKind | undefined,
  tags: Record<string, string>,
  opts: { untagsAlone?: boolean; fail?: 'denied' | 'not-found' | 'network' | 'unsupported'; deleteByTag?: boolean; host?: string } = {},
) {
  const reg = fakeRegistry(opts.host ?? 'h', tags, opts.deleteByTag);
  const vendor = kind ? fakeVendor(kind, opts.untagsAlone ?? true, reg.state, reg.calls, opts.fail) : undefined;
  return { ...reg, clients: { get: () => reg.client, vendor: () => vendor } };
}

test('vendor mode: one tag of three on a digest plans exactly that tag, without listing the repository; the confirm says the image and its other tags stay', async () => {
  const s = setup('harbor', { one: A, two: A, three: A, other: B });
  const [{ plan }] = await planDeleteSelection([{ registryId: 'h', repository: 'p/r', tag: 'one' }], tree({ one: A }), s.clients);
  assert.equal(plan.mode, 'vendor');
  assert.deepEqual(plan.items, [{ repository: 'p/r', digest: A, requested: ['one'], goes: ['one'], coTags: [] }]);
  assert.deepEqual(s.calls, [], 'the digest the tree shows is enough: no listing, no HEAD');
  const text = describeDeletePlan(plan);
  assert.equal(text.message, 'Delete the tag p/r:one?');
  assert.match(text.detail, /^Harbor's API removes the tag only; the image aaaaaaaaaaaa and its other tags stay\./);
  assert.doesNotMatch(text.detail, /two|three|goes with|At worst/);
  assert.deepEqual(text.buttons, ['Delete']);

  const r = removals();
  const [result] = await executeDeleteSelection([{ registryId: 'h', plan }], s.clients, r);
  assert.deepEqual(s.calls, ['vendor untag p/r:one']);
  assert.equal(result.outcome, 'untagged');
  assert.deepEqual(r.removed, ['p/r:one']);
  assert.deepEqual(Object.keys(s.state).sort(), ['other', 'three', 'two']);
  assert.match(result.message, /through Harbor's API; the image aaaaaaaaaaaa and its other tags stay/);
});

test('vendor mode: a tag whose digest is not shown is HEADed (one request), a tag the registry lacks is missing; several images get one line each', async () => {
  const s = setup('quay', { one: A, two: A, b: B });
  const [{ plan }] = await planDeleteSelection(
    [
      { registryId: 'h', repository: 'p/r', tag: 'one' },
      { registryId: 'h', repository: 'p/r', tag: 'b' },
      { registryId: 'h', repository: 'p/r', tag: 'gone' },
    ],
    tree({ one: A }),
    s.clients,
  );
  assert.deepEqual(s.calls.sort(), ['head p/r:b', 'head p/r:gone']);
  assert.deepEqual(
    plan.items.map((i) => [i.digest, i.goes]),
    [
      [A, ['one']],
      [B, ['b']],
    ],
  );
  assert.deepEqual(plan.missing, [{ repository: 'p/r', tag: 'gone' }]);
  const text = describeDeletePlan(plan);
  assert.equal(text.message, 'Delete 2 tags on h?');
  assert.match(
    text.detail,
    /^Quay's API removes the tags only; the images and their other tags stay\.\n\np\/r:one \(the image aaaaaaaaaaaa stays\)\np\/r:b \(the image bbbbbbbbbbbb stays\)/,
  );
  assert.match(text.detail, /p\/r:gone no longer exists/);
});

for (const fail of ['denied', 'network'] as const) {
  test(`a vendor untag that fails (${fail}) deletes nothing else: no digest delete, the failure said with the vendor's words`, async () => {
    const s = setup('harbor', { one: A, two: A }, { fail });
    const [{ plan }] = await planDeleteSelection([{ registryId: 'h', repository: 'p/r', tag: 'one' }], tree({ one: A }), s.clients);
    const r = removals();
    const [result] = await executeDeleteSelection([{ registryId: 'h', plan }], s.clients, r);
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(s.calls, ['vendor untag p/r:one'], 'no delete by digest, no delete by tag on a registry not known to untag');
    assert.deepEqual(Object.keys(s.state).sort(), ['one', 'two']);
    assert.deepEqual(r.removed, []);
    assert.match(
      result.message,
      /^p\/r:one was not deleted: Harbor's API at h refused .* Nothing else was deleted: deleting the image by digest instead would also remove its other tags/,
    );
  });
}

test("a vendor untag that fails: the registry's own delete by tag stands in only where the client knows it removes a tag alone", async () => {
  const s = setup('harbor', { one: A, two: A }, { fail: 'denied', deleteByTag: true });
  const [{ plan }] = await planDeleteSelection([{ registryId: 'h', repository: 'p/r', tag: 'one' }], tree({ one: A }), s.clients);
  const [result] = await executeDeleteSelection([{ registryId: 'h', plan }], s.clients, removals());
  assert.deepEqual(s.calls, ['vendor untag p/r:one', 'deleteTag p/r:one']);
  assert.equal(result.outcome, 'untagged');
  assert.deepEqual(Object.keys(s.state), ['two']);
});

test('a vendor 404: gone when the registry lacks the tag too (one HEAD); a failure, nothing deleted, when the registry still has it', async () => {
  const gone = setup('gitlab', { two: A });
  const plan = {
    host: 'h',
    mode: 'vendor' as const,
    vendor: "GitLab's API",
    missing: [],
    items: [{ repository: 'p/r', digest: A, requested: ['one'], goes: ['one'], coTags: [] }],
  };
  const r = removals();
  const [g] = await executeDeleteSelection([{ registryId: 'h', plan }], gone.clients, r);
  assert.equal(g.outcome, 'gone');
  assert.deepEqual(gone.calls, ['vendor untag p/r:one', 'head p/r:one']);
  assert.deepEqual(r.removed, ['p/r:one']);

  const still = setup('gitlab', { one: A, two: A }, { fail: 'not-found' });
  const [f] = await executeDeleteSelection([{ registryId: 'h', plan }], still.clients, removals());
  assert.equal(f.outcome, 'failed');
  assert.deepEqual(still.calls, ['vendor untag p/r:one', 'head p/r:one']);
  assert.deepEqual(Object.keys(still.state).sort(), ['one', 'two']);
});

test('Docker Hub: the plan refuses before the confirm, with no request; the confirm text has no button that deletes; nothing is deleted', async () => {
  const s = setup(undefined, { latest: A }, { host: 'registry-1.docker.io' });
  const plans = await planDeleteSelection([{ registryId: 'docker.io', repository: 'library/alpine', tag: 'latest' }], tree({ latest: A }), s.clients);
  assert.deepEqual(plans[0].plan.refused, { tags: [{ repository: 'library/alpine', tag: 'latest' }], reason: DOCKER_HUB_REFUSAL });
  assert.equal(DOCKER_HUB_REFUSAL, 'Docker Hub does not let registry tools delete tags; delete them on hub.docker.com.');
  assert.deepEqual(plans[0].plan.items, []);
  const text = describeDeletePlan(plans[0].plan);
  assert.equal(text.message, DOCKER_HUB_REFUSAL);
  assert.deepEqual(text.buttons, []);
  const r = removals();
  assert.deepEqual(await executeDeleteSelection(plans, s.clients, r), []);
  assert.deepEqual(s.calls, []);
  assert.deepEqual(r.removed, []);
});

test('GitHub: an image whose one tag is selected is deleted through the vendor (the confirm lists the image); one with other tags is planned as a digest delete naming them', async () => {
  const s = setup('ghcr', { solo: A, b: B, b2: B }, { untagsAlone: false, deleteByTag: false });
  const [{ plan }] = await planDeleteSelection(
    [
      { registryId: 'h', repository: 'o/r', tag: 'solo' },
      { registryId: 'h', repository: 'o/r', tag: 'b' },
    ],
    tree({ solo: A, b: B, b2: B }),
    s.clients,
  );
  assert.equal(plan.mode, 'manifest');
  const byDigest = new Map(plan.items.map((i) => [i.digest, i]));
  assert.equal(byDigest.get(A)?.byVendor, true);
  assert.deepEqual(byDigest.get(A)?.goes, ['solo']);
  assert.equal(byDigest.get(B)?.byVendor, undefined);
  assert.deepEqual(byDigest.get(B)?.coTags, ['b2']);
  assert.match(describeDeletePlan(plan).detail, /b2/);
  s.calls.length = 0;
  const results = await executeDeleteSelection([{ registryId: 'h', plan }], s.clients, removals());
  assert.deepEqual(s.calls.sort(), ['deleteManifest o/r@bbb', 'vendor untag o/r:solo']);
  assert.deepEqual(
    results.map((r) => r.outcome),
    ['deleted', 'deleted'],
  );
  assert.deepEqual(Object.keys(s.state), []);
});

test("GitHub refusing an image delete: its own words, not the registry's advice; nothing deleted by digest instead", async () => {
  const s = setup('ghcr', { solo: A }, { untagsAlone: false, deleteByTag: false, fail: 'unsupported' });
  const plans = await planDeleteSelection([{ registryId: 'h', repository: 'o/r', tag: 'solo' }], tree({ solo: A }), s.clients);
  s.calls.length = 0;
  const [result] = await executeDeleteSelection(plans, s.clients, removals());
  assert.equal(result.outcome, 'failed');
  assert.deepEqual(s.calls, ['vendor untag o/r:solo']);
  assert.match(result.message, /^o\/r:solo \(aaaaaaaaaaaa\) was not deleted: Harbor's API at h refused/);
  assert.doesNotMatch(result.message, /storage\.delete/);
});

test('a registry without a vendor API plans as before: the listing, and the digest with every tag on it', async () => {
  const s = setup(undefined, { one: A, two: A });
  const [{ plan }] = await planDeleteSelection([{ registryId: 'h', repository: 'p/r', tag: 'one' }], tree({ one: A, two: A }), s.clients);
  assert.equal(plan.mode, 'tag-then-manifest');
  assert.deepEqual(plan.items[0].goes, ['one', 'two']);
  assert.deepEqual(s.calls, ['list p/r']);
});

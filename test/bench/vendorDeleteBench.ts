// The vendor-delete rows of `npm run bench`: Delete… on one tag of three that share a digest, the
// product path with the tree shown (its digests known, not counted). Through Harbor's API (the
// stand-in of test/fixtures/vendors/harborApi.ts in front of the test bed's real registry) the tag
// goes alone; through the registry protocol alone (docker-registry 2.8 as it is: no delete by tag)
// the digest goes with all three tags, as the confirm says. Each row prints what was removed.
//
// Counted: what our client sent — to the registry, the token server and the vendor API (in the
// registry column). The stand-in's own reading of the real registry is left out (RealRegistry.sent).
import { executeDeleteSelection, planDeleteSelection, type ClientSource, type KnownTags } from '../../src/actions/deleteSelection';
import { listTagDigests } from '../../src/actions/tagDigests';
import type { RegistryClient } from '../../src/registry/index';
import type { TestBed } from '../fixtures/testbed';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import type { StandIn } from '../fixtures/vendors/standInServer';
import type { Operation } from './operation';

const REPO = 'foo/del3';
const TAGS = ['one', 'two', 'three'];
const ROBOT = { username: 'robot$foo+bench', password: 'robot-bench-secret' };

let real: RealRegistry | undefined;
let harbor: StandIn | undefined;
const shown = new WeakMap<RegistryClient, Map<string, string>>();
let before = { registry: 0, token: 0, vendor: 0 };

async function standIn(bed: TestBed): Promise<{ real: RealRegistry; harbor: StandIn }> {
  real ??= new RealRegistry(bed);
  harbor ??= await startHarborApi(real, { [ROBOT.username]: { password: ROBOT.password, user: 'alice', projects: ['foo'] } });
  return { real, harbor };
}

/** Three tags on one image, pushed again; `deleteByTag`: whether the bed's registry removes a tag alone (the stand-in needs it to emulate Harbor's untag). */
async function prepare(bed: TestBed, deleteByTag: boolean): Promise<void> {
  if (deleteByTag) await standIn(bed);
  bed.quirks.deleteByTag = deleteByTag;
  await bed.pushImage(REPO, TAGS, { seed: 'del3' });
}

const tree = (client: RegistryClient): KnownTags => ({ knownDigest: (_id, _repo, tag) => shown.get(client)?.get(tag), knownReferrerCount: () => undefined });

/** Delete… on `one`, planned and carried out as the command does; says what went and what is left. */
async function deleteOne(bed: TestBed, client: RegistryClient, clients: ClientSource): Promise<string> {
  const plans = await planDeleteSelection([{ registryId: bed.host, repository: REPO, tag: 'one' }], tree(client), clients);
  const listed = plans[0].plan.items.flatMap((i) => i.goes);
  const results = await executeDeleteSelection(plans, clients, { removeTags: () => undefined });
  const failed = results.filter((r) => r.outcome !== 'deleted' && r.outcome !== 'untagged');
  if (failed.length) throw new Error(failed.map((r) => r.message).join(' '));
  return `confirm listed ${listed.join(', ')}; removed ${results.flatMap((r) => r.removedTags).join(', ')} (${results.map((r) => r.outcome).join(', ')})`;
}

export const vendorDeleteOperations: Operation[] = [
  {
    name: 'delete one tag of three sharing a digest: Harbor API (tree shown)',
    prepare: (bed) => prepare(bed, true),
    warm: async (bed, client) => {
      shown.set(client, await listTagDigests(client, REPO));
      const s = await standIn(bed);
      before = { ...s.real.sent, vendor: s.harbor.log.length };
    },
    ours: (bed, client) => {
      const vendor = client.vendor('harbor', { apiUrl: harbor!.url, credentials: ROBOT });
      return deleteOne(bed, client, { get: () => client, vendor: () => vendor });
    },
    count: (bed) => ({
      tokens: bed.tokenRequests.length - (real!.sent.token - before.token),
      registry: bed.registryRequests.length - (real!.sent.registry - before.registry) + (harbor!.log.length - before.vendor),
    }),
  },
  {
    name: 'delete one tag of three sharing a digest: registry only (tree shown)',
    prepare: (bed) => prepare(bed, false),
    warm: async (_bed, client) => {
      shown.set(client, await listTagDigests(client, REPO));
    },
    ours: (bed, client) => deleteOne(bed, client, { get: () => client }),
  },
];

export async function stopVendorDeleteBench(): Promise<void> {
  await harbor?.stop();
  harbor = undefined;
  real = undefined;
}

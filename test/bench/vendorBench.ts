// The vendor rows of `npm run bench`: the tree showing foo/many (45 tags on 15 images) with details,
// sorted by date — through the registry alone (a manifest and a config read per image), and with
// Quay's REST API in front of the same registry (test/fixtures/vendors/quayApi.ts, written from
// Quay's published API), whose tag list carries digest, push time and size. The API's requests are
// counted with the registry's; the stand-in's own reads of the real registry (it answers from it)
// are not: they are what Quay's servers do, not what the extension asks.
import { RegistryClient, type VendorApi } from '../../src/registry/index';
import type { RepositoryNode, TagNode } from '../../src/model/nodes';
import type { RegistryTreeModel } from '../../src/model/treeModel';
import type { TestBed } from '../fixtures/testbed';
import { treeHarness, until } from '../fixtures/treeModel';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startQuayApi } from '../fixtures/vendors/quayApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import type { Operation } from './operation';

export const DATE_SORT_ROWS = [
  'show 45 tags with details and sort by date (tree, registry only)',
  "show 45 tags with details and sort by date (tree, Quay's API stand-in)",
];

let quay: (StandIn & { apiUrl: string }) | undefined;
const trees = new WeakMap<RegistryClient, { model: RegistryTreeModel; repo: RepositoryNode }>();

/** Requests to the vendor API stand-in since the last reset (its log is reset with the test bed's). */
export function vendorApiRequests(): number {
  return quay?.log.length ?? 0;
}

export function resetVendorLog(): void {
  if (quay) quay.log.length = 0;
}

export async function stopVendorBench(): Promise<void> {
  await quay?.stop();
}

/** The registry node open and foo/many's node at hand, sorted by date (not counted). */
async function openTree(bed: TestBed, client: RegistryClient, vendor?: VendorApi): Promise<void> {
  const h = treeHarness(bed, bed.users.alice, { repositories: ['foo/many'], ...(vendor ? { kind: 'quay' as const } : {}) }, client, vendor);
  h.settings.pageSize = 100;
  h.settings.tagSort = 'date';
  const [registry] = await h.model.getChildren();
  await h.model.getChildren(registry);
  trees.set(client, { model: h.model, repo: { kind: 'repository', registryId: h.entry.id, repository: 'foo/many' } });
}

/** Expands foo/many and waits for every tag's details and the date order. */
async function showByDate(bed: TestBed, client: RegistryClient): Promise<void> {
  const { model, repo } = trees.get(client)!;
  const tags = (await model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
  await until('details', () => tags.every((t) => t.details?.state === 'loaded' || t.details?.state === 'failed'), 60_000);
  await new Promise((r) => setTimeout(r, 400)); // the re-sort as dates arrive
  const sorted = (await model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
  const failed = sorted.filter((t) => t.details?.state !== 'loaded');
  if (sorted.length !== bed.seeded.many.tags.length || failed.length)
    throw new Error(`${sorted.length} tags, ${failed.length} without details: ${failed[0]?.details?.error}`);
  const dates = sorted.map((t) => Date.parse(t.details?.pushed ?? t.details?.created ?? ''));
  if (dates.some((d, i) => Number.isNaN(d) || (i > 0 && d > dates[i - 1]))) throw new Error('the tags are not in date order');
}

export const vendorOperations: Operation[] = [
  {
    name: DATE_SORT_ROWS[0],
    warm: (bed, client) => openTree(bed, client),
    ours: showByDate,
  },
  {
    name: DATE_SORT_ROWS[1],
    // The stand-in reads the real registry as admin (what Quay's servers would do): not counted.
    notCounted: { tokenUser: 'admin' },
    warm: async (bed, client) => {
      if (!quay) {
        const real = new RealRegistry(bed);
        // Nothing here untags: the rows after this one see the registry as before.
        bed.quirks.deleteByTag = false;
        // Its reads as admin are told apart from the client's (alice) in the token log.
        quay = await startQuayApi(real, { [bed.users.alice.password]: { user: 'admin', namespaces: ['foo'] } });
      }
      await openTree(bed, client, client.vendor('quay', { apiUrl: quay.url }));
    },
    ours: showByDate,
    apiRequests: vendorApiRequests,
  },
];

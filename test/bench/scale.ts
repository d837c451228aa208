/**
 * Huge registries (`npm run bench`, after the operations table): the tree over a real registry
 * seeded with 10,000 and 50,000 tags in one repository and 10,000 repositories. One line per case,
 * in a fixed form so runs can be compared; each case also for the obvious alternative, "read every
 * page up front" (what Container Tools does). Request counts come from the test bed's log and are
 * the figures to trust; times are on a shared machine: compare them within one run.
 *
 * `model-ms` is the time the tree model spends outside the registry client (the client's pages are
 * timed apart and subtracted), so it measures the model's own structures.
 */
import { RegistryClient, type RegistryApi } from '../../src/registry';
import type { TagNode, TreeNode } from '../../src/model/nodes';
import { startTestBed, type TestBed } from '../fixtures/testbed';
import { treeHarness, type TreeHarness } from '../fixtures/treeModel';
import { seedScale } from '../fixtures/scaleSeed';
import { liveBytes } from '../fixtures/faultServer';

const PAGE = 50;

/**
 * A client whose listing time is counted, so it can be taken out of the model's time, and whose
 * own requests are counted (a case's figures must not include what an earlier case still loads).
 */
function timedClient(bed: TestBed): { client: RegistryApi; clientMs: () => number; requests: () => number; manifestGets: () => number } {
  const log: { method: string; url: string; target: string }[] = [];
  const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, onRequest: (e) => log.push(e) });
  let ms = 0;
  const timed = <T>(pages: AsyncIterable<T>): AsyncIterable<T> => ({
    [Symbol.asyncIterator]() {
      const it = pages[Symbol.asyncIterator]();
      return {
        next: async () => {
          const t = performance.now();
          try {
            return await it.next();
          } finally {
            ms += performance.now() - t;
          }
        },
      };
    },
  });
  const proxy = Object.create(client) as RegistryApi;
  proxy.tags = (repository, opts) => timed(client.tags(repository, opts));
  proxy.catalog = (opts) => timed(client.catalog(opts));
  return {
    client: proxy,
    clientMs: () => ms,
    requests: () => log.length,
    manifestGets: () => log.filter((e) => e.target === 'registry' && e.method === 'GET' && e.url.includes('/manifests/')).length,
  };
}

async function openRegistry(bed: TestBed, client: RegistryApi, repositories?: string[]): Promise<{ h: TreeHarness; registry: TreeNode }> {
  const h = treeHarness(bed, bed.users.admin, repositories ? { repositories } : {}, client);
  h.settings.pageSize = PAGE;
  const [registry] = await h.model.getChildren();
  return { h, registry };
}

const repoNode = (h: TreeHarness, repository: string): TreeNode => ({ kind: 'repository', registryId: h.entry.id, repository });

/** Waits until `count` has not grown for `quietMs` (details loading in the background), at most `maxMs`; true when it settled. */
async function settle(count: () => number, quietMs = 800, maxMs = 60_000): Promise<boolean> {
  const end = Date.now() + maxMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < end) {
    if (count() !== seen) {
      seen = count();
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function expand10k(bed: TestBed, repository: string): Promise<string> {
  const { client, clientMs, requests, manifestGets } = timedClient(bed);
  const { h } = await openRegistry(bed, client, [repository]);
  const before = requests();
  const t = performance.now();
  const shown = await h.model.getChildren(repoNode(h, repository));
  const modelMs = performance.now() - t - clientMs();
  const settled = await settle(manifestGets);
  const tags = shown.filter((n): n is TagNode => n.kind === 'tag').length;
  const still = settled ? '' : ' (still reading after 60 s)';
  return `scale: expand-10k-tags requests=${requests() - before}${still} manifest-requests=${manifestGets()}${still} model-ms=${Math.round(modelMs)} shown=${tags}`;
}

async function loadTags(bed: TestBed, repository: string, count: number, pageSize: number): Promise<string[]> {
  bed.quirks.tagPageSize = pageSize;
  try {
    const { client, clientMs } = timedClient(bed);
    const { h } = await openRegistry(bed, client, [repository]);
    h.settings.detailsConcurrency = 1;
    const repo = repoNode(h, repository);
    bed.resetLogs();
    const started = Date.now();
    const t = performance.now();
    let kids = await h.model.getChildren(repo);
    let pages = 1;
    // "Load all" when the tree offers it (it reads every page), else "Load more", until every tag is shown.
    const model = h.model as typeof h.model & { loadAll?: (registryId: string, repository?: string) => Promise<void> };
    while (kids.some((k) => k.kind === 'loadMore') && pages < 10_000 && Date.now() - started < 600_000) {
      const all = kids.some((k) => k.kind === 'loadMore' && (k as { all?: boolean }).all);
      await (all && model.loadAll ? model.loadAll(h.entry.id, repository) : model.loadMore(h.entry.id, repository));
      kids = await h.model.getChildren(repo);
      pages++;
    }
    const modelMs = performance.now() - t - clientMs();
    const listed = bed.registryRequests.filter((r) => r.path.includes(`/v2/${repository}/tags/list`)).length;
    const heapMb = (liveBytes() / 1024 / 1024).toFixed(0);
    const lines = [`scale: load-tags count=${count} pages=${listed} model-ms=${Math.round(modelMs)} clicks=${pages} live-heap-mb=${heapMb}`];
    const r = performance.now();
    await h.model.getChildren(repo);
    lines.push(`scale: redraw-tags count=${count} ms=${(performance.now() - r).toFixed(1)}`);
    // A redraw after a change (one tag deleted): the children are built again, not re-sorted.
    const shown = kids.filter((k): k is TagNode => k.kind === 'tag');
    h.model.removeTags(h.entry.id, repository, [shown[shown.length >> 1].tag]);
    const d = performance.now();
    await h.model.getChildren(repo);
    lines.push(`scale: redraw-tags-after-delete count=${count - 1} ms=${(performance.now() - d).toFixed(1)}`);
    return lines;
  } finally {
    bed.quirks.tagPageSize = undefined;
  }
}

async function searchPrefix(bed: TestBed, repositories: number): Promise<string> {
  const { client, requests: sent } = timedClient(bed);
  const { h, registry } = await openRegistry(bed, client);
  await h.model.getChildren(registry);
  const before = sent();
  const t = performance.now();
  h.model.setFilter('scale/r042*');
  await (h.model as typeof h.model & { search?: () => Promise<void> }).search?.();
  const found = (await h.model.getChildren(registry)).filter((n) => n.kind === 'repository').length;
  const ms = performance.now() - t;
  const requests = sent() - before;
  // The alternative: every page of the catalog, then filter.
  bed.resetLogs();
  const all: string[] = [];
  for await (const page of new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin } }).catalog({ pageSize: PAGE })) all.push(...page);
  const allPages = bed.registryRequests.length + bed.tokenRequests.length;
  return `scale: search-prefix repositories=${repositories} requests=${requests} ms=${Math.round(ms)} all-pages-requests=${allPages} found=${found}`;
}

async function catalogDefault(bed: TestBed, repositories: number): Promise<string> {
  bed.resetLogs();
  let n = 0;
  for await (const page of new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin } }).catalog()) n += page.length;
  return `scale: catalog-default repositories=${repositories} requests=${bed.registryRequests.filter((r) => r.path.startsWith('/v2/_catalog')).length} listed=${n}`;
}

/** The alternative for the tag cases: read every page up front, then every tag's details. */
async function upFront(bed: TestBed, repository: string): Promise<string> {
  let requests = 0;
  const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, onRequest: () => requests++ });
  const t = performance.now();
  const tags: string[] = [];
  for await (const page of client.tags(repository, { pageSize: PAGE })) tags.push(...page);
  const listMs = performance.now() - t;
  return `scale: up-front expand-10k-tags requests-to-list=${requests} manifest-requests-for-details=${tags.length} list-ms=${Math.round(listMs)}`;
}

/** Prints one line per case as it finishes. */
export async function runScaleBench(print: (line: string) => void = console.log): Promise<void> {
  const bed = await startTestBed({ seed: false });
  try {
    const started = Date.now();
    const seeded = await seedScale(bed, { tagCounts: [10_000, 50_000], repositories: 10_000 });
    print(`Scale bed seeded in ${Date.now() - started} ms (10,000 and 50,000 tags, 10,000 repositories, real docker-registry 2.8).`);
    print(await catalogDefault(bed, 10_000));
    print(await searchPrefix(bed, 10_000));
    print(await expand10k(bed, seeded.tagRepositories[10_000]));
    print(await upFront(bed, seeded.tagRepositories[10_000]));
    for (const line of await loadTags(bed, seeded.tagRepositories[10_000], 10_000, 1000)) print(line);
    for (const line of await loadTags(bed, seeded.tagRepositories[50_000], 50_000, 1000)) print(line);
  } finally {
    await bed.stop();
  }
}

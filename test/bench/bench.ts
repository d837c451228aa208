/**
 * `npm run bench`: token and registry requests per operation, our client (cold: a fresh client per
 * operation) next to skopeo, on one seeded test bed. Counts come from the test bed's logs, so both
 * clients are measured the same way. A row with `warm` first lets our client do, uncounted, what
 * the extension has already done at that point (e.g. the tree showing the tags). BENCH_VERBOSE=1
 * lists every request.
 */
import { planDeleteFresh } from '../../src/actions/deletePlan';
import { retag } from '../../src/actions/retag';
import { executeDeletePlan } from '../../src/actions/deleteExecute';
import { listTagDigests } from '../../src/actions/tagDigests';
import { RegistryClient } from '../../src/registry/index';
import { copyImage } from '../../src/registry';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { treeHarness, until } from '../fixtures/treeModel';
import type { TagNode, TreeNode } from '../../src/model/nodes';
import type { RegistryTreeModel } from '../../src/model/treeModel';
import { runScaleBench } from './scale';
import { createSkopeo, type Skopeo } from './skopeo';
import type { Operation } from './operation';
import { cleanupOperations, CLEANUP_RULES, CLEANUP_TOTAL } from './cleanupBench';
import { stopVendorDeleteBench, vendorDeleteOperations } from './vendorDeleteBench';
import { resetVendorLog, stopVendorBench, vendorOperations } from './vendorBench';
import { notStandIn } from '../fixtures/vendors/realRegistry';

interface Measure {
  tokens: number;
  registry: number;
  ms: number;
  error?: string;
  note?: string;
}

const alice = (bed: TestBed) => bed.users.alice;
const ref = (bed: TestBed, repoAndRef: string) => `docker://${bed.host}/${repoAndRef}`;

const operations: Operation[] = [
  {
    name: 'list tags (foo/many, 45)',
    ours: async (_bed, client) => {
      for await (const page of client.tags('foo/many')) void page;
    },
    skopeo: (bed, s) => s.run(['list-tags', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, 'foo/many')]),
  },
  {
    name: 'inspect a manifest',
    ours: (_bed, client) => client.getManifest('foo/app', 'oci'),
    skopeo: (bed, s) => s.run(['inspect', '--raw', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, 'foo/app:oci')]),
  },
  {
    name: 'delete a tag, cold',
    prepare: (bed) => bed.reseedDeleteRepository(),
    ours: async (_bed, client) => {
      const head = await client.headManifest('foo/del', 'd01');
      if (!head) throw new Error('foo/del:d01 is missing');
      await client.deleteManifest('foo/del', head.digest);
    },
    skopeo: (bed, s) => s.run(['delete', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, 'foo/del:d01')]),
  },
  {
    name: 'delete ten tags (digests known)',
    prepare: (bed) => bed.reseedDeleteRepository(),
    ours: async (bed, client) => {
      for (const tag of bed.seeded.del.tags) await client.deleteManifest('foo/del', bed.seeded.del.digestByTag[tag]);
    },
    skopeo: async (bed, s) => {
      for (const tag of bed.seeded.del.tags) {
        await s.run(['delete', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, `foo/del@${bed.seeded.del.digestByTag[tag]}`)]);
      }
    },
  },
  {
    // What Delete… costs in the extension: the tree listed foo/del and read the digests of its tags when it
    // showed them (not counted); then one fresh listing, the plan, and the deletes.
    name: 'delete ten tags, product path (tree shown)',
    prepare: (bed) => bed.reseedDeleteRepository(),
    warm: async (bed, client) => {
      treeDigests.set(client, await listTagDigests(client, bed.seeded.del.repository));
    },
    ours: async (bed, client) => {
      const { repository, tags } = bed.seeded.del;
      const plan = await planDeleteFresh(
        client,
        client.host,
        tags.map((tag) => ({ repository, tag })),
        new Map([[repository, treeDigests.get(client) ?? new Map()]]),
      );
      const results = await executeDeletePlan(client, plan);
      const failed = results.filter((r) => r.outcome !== 'deleted');
      if (plan.items.length !== tags.length || failed.length)
        throw new Error(`${plan.items.length} planned; ${failed.map((r) => r.message).join(' ') || 'all deleted'}`);
    },
    skopeo: async (bed, s) => {
      for (const tag of bed.seeded.del.tags) await s.run(['delete', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, `foo/del:${tag}`)]);
    },
  },
  {
    // The tree expanding foo/many (45 tags on 15 images): names, then per tag its digest, size,
    // date and referrers. skopeo: list-tags, then inspect each tag (what a script would do).
    name: 'show 45 tags with details (tree)',
    warm: async (bed, client) => {
      // The registry node is open (not counted): the repository node is what the user expands.
      const h = treeHarness(bed, bed.users.alice, { repositories: ['foo/many'] }, client);
      h.settings.pageSize = 100;
      const [registry] = await h.model.getChildren();
      treeRepositories.set(client, { model: h.model, repo: (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')! });
    },
    ours: async (bed, client) => {
      const { model, repo } = treeRepositories.get(client)!;
      const tags = (await model.getChildren(repo)) as TagNode[];
      await until('details', () => tags.every((t) => t.details?.state === 'loaded' || t.details?.state === 'failed'), 60_000);
      const failed = tags.filter((t) => t.details?.state !== 'loaded');
      if (tags.length !== bed.seeded.many.tags.length || failed.length)
        throw new Error(`${tags.length} tags, ${failed.length} without details: ${failed[0]?.details?.error}`);
    },
    skopeo: async (bed, s) => {
      await s.run(['list-tags', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, 'foo/many')]);
      for (const tag of bed.seeded.many.tags) await s.run(['inspect', '--tls-verify=false', '--creds', s.creds(alice(bed)), ref(bed, `foo/many:${tag}`)]);
    },
  },
  {
    // Same registry: blobs are mounted. skopeo --all copies every platform too.
    name: 'copy an index (foo/multi, 3 platforms) to another repository',
    ours: (_bed, client) => copyImage({ client, repository: 'foo/multi', reference: 'latest' }, { client, repository: 'foo/multi-ours', tag: 'latest' }),
    skopeo: (bed, s) =>
      s.run([
        'copy',
        '--all',
        '--preserve-digests',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '--src-creds',
        s.creds(alice(bed)),
        '--dest-creds',
        s.creds(alice(bed)),
        ref(bed, 'foo/multi:latest'),
        ref(bed, 'foo/multi-skopeo:latest'),
      ]),
  },
  {
    name: 'retag (foo/bar:qux → new tag)',
    ours: async (_bed, client) => {
      await client.prepare([{ repository: 'foo/bar', actions: ['pull', 'push'] }]);
      const m = await client.getManifest('foo/bar', 'qux');
      await client.putManifest('foo/bar', 'retag-ours', m.bytes, m.mediaType);
    },
    skopeo: (bed, s) =>
      s.run([
        'copy',
        '--preserve-digests',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '--src-creds',
        s.creds(alice(bed)),
        '--dest-creds',
        s.creds(alice(bed)),
        ref(bed, 'foo/bar:qux'),
        ref(bed, 'foo/bar:retag-skopeo'),
      ]),
  },
  {
    name: 'retag, product path (checks the target tag)',
    ours: (_bed, client) => retag(client, { repository: 'foo/bar', source: 'qux', newTag: 'retag-product', confirmOverwrite: async () => false }),
  },
  ...cleanupOperations,
  ...vendorDeleteOperations,
  ...vendorOperations,
];

/** `BENCH_ONLY=<group>`: one group of rows (`scale` is its own bench). */
const groups: Record<string, Operation[]> = { cleanup: cleanupOperations, 'vendor-delete': vendorDeleteOperations, vendor: vendorOperations };

/** The tag → digest map the "tree" of a warmed client holds. */
const treeDigests = new WeakMap<RegistryClient, Map<string, string>>();
/** The tree model of a warmed client, with its registry node open. */
const treeRepositories = new WeakMap<RegistryClient, { model: RegistryTreeModel; repo: TreeNode }>();

const verbose: string[] = [];

async function measure(bed: TestBed, op: Operation, who: string, work: () => Promise<unknown>, warm?: () => Promise<unknown>): Promise<Measure> {
  if (op.prepare) await op.prepare(bed);
  if (warm) await warm();
  bed.resetLogs();
  resetVendorLog();
  const started = Date.now();
  let error: string | undefined;
  let note: string | undefined;
  try {
    const result = await work();
    if (typeof result === 'string') note = result;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  // A vendor stand-in's own reads of the registry are not the client's; its API requests are.
  const tokens = bed.tokenRequests.filter((t) => !op.notCounted || t.username !== op.notCounted.tokenUser).length;
  const registry = bed.registryRequests.filter(notStandIn).length + (who === 'ours' ? (op.apiRequests?.() ?? 0) : 0);
  const counted = (who === 'ours' && op.count?.(bed)) || { tokens, registry };
  verbose.push(
    `--- ${who}: ${op.name}`,
    ...bed.tokenRequests.map((t) => `  token ${t.method} ${t.scopes.join(' ')} → ${t.status} granted ${t.granted?.join(' ')}`),
    ...bed.registryRequests.map((r) => `  ${r.method} ${r.path} → ${r.status}${notStandIn(r) ? '' : ' (stand-in)'}`),
  );
  return { ...counted, ms: Date.now() - started, error, note };
}

const cell = (m: Measure | undefined) => (!m ? 'n/a' : m.error ? 'FAILED' : `${m.tokens} / ${m.registry} / ${m.tokens + m.registry}`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<number> {
  let skopeo: Skopeo;
  try {
    skopeo = createSkopeo();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
  const bed = await startTestBed();
  if (process.env.BENCH_ONLY === 'scale') {
    await bed.stop();
    skopeo.dispose();
    await runScaleBench();
    return 0;
  }
  try {
    console.log(`Test bed up in ${bed.timings.startMs} ms, seeded in ${bed.timings.seedMs} ms (docker-registry 2.8, token auth, ${bed.url}).`);
    const rows = [['operation', 'ours: token / registry / total', 'skopeo: token / registry / total', 'skopeo÷ours', 'ours ms', 'skopeo ms']];
    const failures: string[] = [];
    const measured = new Map<string, { ours: Measure; peer?: Measure }>();
    const only = process.env.BENCH_ONLY;
    if (only && !groups[only]) throw new Error(`BENCH_ONLY=${only}: no such group (${['scale', ...Object.keys(groups)].join(', ')})`);
    for (const op of only ? groups[only] : operations) {
      const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice } });
      const ours = await measure(bed, op, 'ours', () => op.ours(bed, client), op.warm && (() => op.warm!(bed, client)));
      const peer = op.skopeo ? await measure(bed, op, 'skopeo', () => op.skopeo!(bed, skopeo)) : undefined;
      if (ours.error) failures.push(`ours, ${op.name}: ${ours.error}`);
      if (peer?.error) failures.push(`skopeo, ${op.name}: ${peer.error}`);
      const ratio = !ours.error && peer && !peer.error ? `${((peer.tokens + peer.registry) / (ours.tokens + ours.registry)).toFixed(1)}×` : '';
      rows.push([op.name, cell(ours), cell(peer), ratio, String(ours.ms), peer ? String(peer.ms) : '']);
      measured.set(op.name, { ours, peer });
    }
    const notes = [...measured].filter(([, m]) => m.ours.note).map(([name, m]) => `${name}: ${m.ours.note}`);
    const sum = (pick: (m: { ours: Measure; peer?: Measure }) => Measure | undefined) =>
      CLEANUP_TOTAL.reduce((n, name) => n + ((m) => (m ? m.tokens + m.registry : NaN))(pick(measured.get(name)!)), 0);
    if (CLEANUP_TOTAL.every((name) => measured.has(name)))
      rows.push([
        'clean up 200 tags: preview + run',
        `${sum((m) => m.ours)}`,
        `${sum((m) => m.peer)}`,
        `${(sum((m) => m.peer) / sum((m) => m.ours)).toFixed(1)}×`,
        '',
        '',
      ]);
    console.log(table(rows));
    for (const n of notes) console.log(n);
    console.log('Cold = a fresh client (ours) or a fresh process (skopeo) per operation; skopeo times include process start.');
    console.log(
      '"product path (tree shown)": our client first listed foo/del and read the digests of its tags, as the tree does when it shows them (not counted); skopeo deletes by tag name, cold.',
    );
    console.log(
      '"delete one tag of three sharing a digest": foo/del3, Delete… on `one`, the tree showing the digests (not counted), a fresh client (what it learned unknown). Harbor API: our requests to Harbor\'s API (stand-in) count in the registry column; the stand-in\'s own reading of the registry is left out.',
    );
    console.log(
      `"clean up 200 tags": foo/clean200, 199 images a day apart, \`${CLEANUP_RULES}\` (169 go). Ours: the preview (cold; or with the digests and dates the tree showed), then the run (a fresh listing and a HEAD per tag, then a DELETE per image). skopeo: what a script spends on the same job, one process per step: list-tags and inspect each tag (the preview's part), delete each tag that goes (the run's).`,
    );
    console.log(
      `"sort by date": foo/many in the tree sorted by date, every tag's details; the registry column of the Quay row counts the requests to Quay's API (stand-in) with the registry's.`,
    );
    for (const f of failures) console.log(`FAILED ${f}`);
    if (process.env.BENCH_VERBOSE) console.log(verbose.join('\n'));
    if (failures.length) return 1;
  } finally {
    await stopVendorDeleteBench();
    await stopVendorBench();
    await bed.stop();
    skopeo.dispose();
  }
  if (process.env.BENCH_ONLY) return 0;
  await runScaleBench();
  return 0;
}

// Exit once stdout is flushed: a piped BENCH_VERBOSE listing is otherwise cut off.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));
main().then(exit, (e) => {
  console.error(e);
  exit(1);
});

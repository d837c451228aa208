// Sort by date on a registry with its own API, in a real VS Code (code-server + chromium): the
// registry is the real docker-registry 2.8 of the test bed, its kind Quay with the Quay API
// stand-in (test/fixtures/vendors/quayApi.ts) in front of it, alice's login from a Docker config.
// foo/many (45 tags) shows in the order of the push times the API lists, each row with its size
// and age, and the registry sees no manifest or config read for it.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareTagsByVersion } from '../../src/model/tagSort';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { notStandIn, RealRegistry } from '../fixtures/vendors/realRegistry';
import { startQuayApi } from '../fixtures/vendors/quayApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { startUiSession, step, screenshotNamer, UiSession } from './harness/session';
import { openRegistryView, widenSidebar, expand, waitForTree, childrenOf } from './harness/tree';

const PAGE_SIZE = 10;
const REPO = 'foo/many';

let bed: TestBed;
let real: RealRegistry;
let quay: (StandIn & { apiUrl: string }) | undefined;
let s: UiSession | undefined;
const shot = screenshotNamer('vendor-dates');
const session = () => s;
const page = () => s!.page;

before(
  async () => {
    bed = await startTestBed();
    real = new RealRegistry(bed);
    // A Quay OAuth token: alice's registry password stands for it (one login for both).
    quay = await startQuayApi(real, { [bed.users.alice.password]: { user: 'alice', namespaces: ['foo'] } });
    const dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.alice);
    s = await startUiSession('vendor-dates', {
      env: { DOCKER_CONFIG: dockerConfig },
      settings: {
        'registryExplorer.pageSize': PAGE_SIZE,
        'registryExplorer.tagSort': 'date',
        'registryExplorer.registries': [{ url: bed.url, username: 'alice', repositories: [REPO], kind: 'quay', apiUrl: quay.url }],
      },
    });
    await openRegistryView(page());
    await widenSidebar(page());
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await quay?.stop();
  await bed?.stop();
});

step("foo/many sorted by date shows the API's push order, with sizes and ages, and the registry read no manifest for it", session, async () => {
  await expand(page(), [bed.host]);
  bed.resetLogs();
  quay!.log.length = 0;
  await expand(page(), [bed.host, REPO]);
  const pushed = (t: string) => Date.parse(real.pushedAt(REPO, t));
  const expected = [...bed.seeded.many.tags].sort((a, b) => pushed(b) - pushed(a) || compareTagsByVersion(a, b)).slice(0, PAGE_SIZE);
  // Each row described (size · age · digest) and in the expected order.
  const described = (d: string) => /\d+(\.\d+)? (B|kB|MB) · \S+ · [0-9a-f]{12}$/.test(d);
  const rows = await waitForTree(
    page(),
    `the ${PAGE_SIZE} most recently pushed tags, described`,
    (r) => {
      const kids = childrenOf(r, [bed.host, REPO]).slice(0, PAGE_SIZE);
      return kids.map((k) => k.label).join() === expected.join() && kids.every((k) => described(k.description));
    },
    30_000,
  );
  const kids = childrenOf(rows, [bed.host, REPO]);
  assert.deepEqual(
    kids.slice(0, PAGE_SIZE).map((k) => k.label),
    expected,
  );
  for (const k of kids.slice(0, PAGE_SIZE))
    assert.ok(k.description.endsWith(bed.seeded.many.digestByTag[k.label].slice(7, 19)), `${k.label}: ${k.description}`);
  await s!.wb.screenshot(shot('sorted-by-push-date'));
  // Every tag's date was needed to sort; none came from a manifest or config.
  await page().waitForTimeout(1000);
  const reads = bed.registryRequests.filter(notStandIn).filter((r) => r.path.includes(`/${REPO}/manifests/`) || r.path.includes(`/${REPO}/blobs/`));
  assert.deepEqual(reads, [], 'no manifest or config read for foo/many');
  assert.ok(!bed.registryRequests.filter(notStandIn).some((r) => r.path.includes('/tags/list')), "the names came with the API's listing");
  assert.ok(
    quay!.log.some((r) => r.path.startsWith(`/api/v1/repository/${REPO}/tag/`) && r.status === 200),
    JSON.stringify(quay!.log),
  );
});

// Delete… on a Harbor registry in a real VS Code: the registry's kind and API address are settings,
// Harbor's API is the stand-in of test/fixtures/vendors/harborApi.ts (written from Harbor's
// swagger) in front of the test bed's real registry, alice's login comes from a Docker config and
// serves the API too. One tag of three on a digest: the modal lists that tag only, and only it
// leaves the tree and the registry.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { RegistryClient } from '../../src/registry';
import { startUiSession, step, UiSession } from './harness/session';
import { openRegistryView, widenSidebar, expand, row, waitForTree, childrenOf } from './harness/tree';
import { contextMenu, readDialog, answerDialog, clearToasts } from './harness/dialogs';

const REPO = 'foo/hv-del';
let bed: TestBed;
let harbor: StandIn & { apiUrl: string };
let s: UiSession | undefined;
let dockerConfig: string;
let digest: string;
const session = () => s;
const page = () => s!.page;

before(
  async () => {
    bed = await startTestBed({ seed: false });
    const real = new RealRegistry(bed);
    harbor = await startHarborApi(real, { alice: { password: bed.users.alice.password, user: 'alice', projects: ['foo'] } });
    digest = (await real.push(REPO, ['one', 'two', 'three'])).digest;
    dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.alice);
    s = await startUiSession('vendorDelete', {
      env: { DOCKER_CONFIG: dockerConfig },
      settings: { 'registryExplorer.registries': [{ url: bed.url, username: 'alice', kind: 'harbor', apiUrl: harbor.apiUrl, repositories: [REPO] }] },
    });
    await openRegistryView(page());
    await widenSidebar(page());
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await harbor?.stop();
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

async function onRegistry(): Promise<Record<string, string | undefined>> {
  const admin = new RegistryClient({ registry: bed.url, credentials: bed.users.admin });
  const out: Record<string, string | undefined> = {};
  for await (const p of admin.tags(REPO)) for (const t of p) out[t] = (await admin.headManifest(REPO, t))?.digest;
  return out;
}

step("right-click one of three tags on a digest → Delete…: the modal says Harbor's API removes the tag only; only it goes", session, async () => {
  await expand(page(), [bed.host]);
  await expand(page(), [bed.host, REPO]);
  await waitForTree(page(), 'the three tags', (r) => childrenOf(r, [bed.host, REPO]).length === 3, 30_000);
  await clearToasts(page());
  const before = harbor.log.length;
  await contextMenu(page(), await row(page(), [bed.host, REPO, 'one']), /^Delete/);
  const dialog = await readDialog(page());
  assert.equal(dialog.message, `Delete the tag ${REPO}:one?`);
  assert.match(dialog.detail, new RegExp(`^Harbor's API removes the tag only; the image ${digest.slice(7, 19)} and its other tags stay\\.`));
  assert.doesNotMatch(`${dialog.message}\n${dialog.detail}`, /\btwo\b|\bthree\b/, 'the tags sharing the digest are not listed: they stay');
  assert.deepEqual(dialog.buttons, ['Cancel', 'Delete']);
  await answerDialog(page(), 'Delete');
  await waitForTree(
    page(),
    'one to leave the tree',
    (r) =>
      childrenOf(r, [bed.host, REPO])
        .map((c) => c.label)
        .sort()
        .join() === 'three,two',
    30_000,
  );
  assert.deepEqual(
    harbor.log
      .slice(before)
      .filter((r) => r.method === 'DELETE')
      .map((r) => r.path),
    [`/api/v2.0/projects/foo/repositories/hv-del/artifacts/one/tags/one`],
  );
  assert.deepEqual(await onRegistry(), { three: digest, two: digest });
});

// Registries by kind in a real VS Code (code-server + chromium): a registry configured as Harbor
// (`kind`, and `apiUrl` naming where the stand-in of Harbor's API listens, in front of the real
// registry) lists its repositories through Harbor's API; the same registry under another name,
// whose Harbor API address answers with a single sign-on page, says which API failed and why, and
// shows the catalog (refused to this login) and the repositories added by hand.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import { startStandIn, type StandIn } from '../fixtures/vendors/standInServer';
import { startUiSession, step, screenshotNamer, UiSession } from './harness/session';
import { openRegistryView, widenSidebar, expand, collapse, waitForTree, childrenOf } from './harness/tree';

let bed: TestBed;
let real: RealRegistry;
let harbor: StandIn;
let sso: StandIn;
let dockerConfig: string;
let s: UiSession | undefined;
let alias: string;
const shot = screenshotNamer('vendors');
const session = () => s;
const page = () => s!.page;
const PAGE_SIZE = 10;
const BY_HAND = ['foo/bar', 'x/by-hand'];

before(
  async () => {
    bed = await startTestBed();
    real = new RealRegistry(bed);
    const { carol } = bed.users;
    harbor = await startHarborApi(real, { carol: { password: carol.password, user: 'carol', projects: ['foo'] } }, ['public']);
    sso = await startStandIn(() => ({
      status: 200,
      body: '<!doctype html><html><body><form action="/sso/login">Sign in with your company account</form></body></html>',
    }));
    // The same registry under a second name, so one workbench shows a working and a failing API.
    alias = `localhost:${bed.host.split(':')[1]}`;
    dockerConfig = mkdtempSync(join(tmpdir(), 're-docker-'));
    const auth = Buffer.from(`${carol.username}:${carol.password}`).toString('base64');
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [bed.host]: { auth }, [alias]: { auth } } }));
    s = await startUiSession('vendors', {
      env: { DOCKER_CONFIG: dockerConfig },
      settings: {
        'registryExplorer.pageSize': PAGE_SIZE,
        'registryExplorer.registries': [
          { url: bed.url, kind: 'harbor', apiUrl: harbor.url },
          { url: `http://${alias}`, kind: 'harbor', apiUrl: sso.url, repositories: BY_HAND },
        ],
      },
    });
    await openRegistryView(page());
    await widenSidebar(page());
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await harbor?.stop();
  await sso?.stop();
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

step("a registry of kind harbor lists the projects carol sees through Harbor's API, a page at a time", session, async () => {
  const expected = (await real.repositories()).filter((r) => r.startsWith('foo/') || r.startsWith('public/'));
  harbor.log.length = 0;
  const rows = (await expand(page(), [bed.host])).map((r) => r.label);
  assert.deepEqual(rows.slice(0, PAGE_SIZE + 1), ['Harbor: every project you may see', ...expected.slice(0, PAGE_SIZE)], JSON.stringify(rows));
  assert.equal(rows[PAGE_SIZE + 1], 'Load more…');
  assert.ok(
    harbor.log.some((r) => r.method === 'GET' && r.path.startsWith('/api/v2.0/projects?') && r.status === 200 && r.auth === 'Basic'),
    JSON.stringify(harbor.log),
  );
  await s!.wb.screenshot(shot('harbor'));
  await collapse(page(), [bed.host]);
});

step('its Harbor API answering with a sign-on page: the row says so, and the repositories added by hand stay', session, async () => {
  await expand(page(), [alias]);
  const rows = await waitForTree(page(), 'the failure and the repositories added by hand', (r) =>
    BY_HAND.every((repo) => childrenOf(r, [alias]).some((c) => c.label === repo)),
  );
  const children = childrenOf(rows, [alias]);
  assert.deepEqual(
    children.map((c) => c.label),
    ["Harbor's API sent a web page", 'carol may not list repositories', ...BY_HAND],
  );
  assert.equal(children[0].description, 'listing the catalog');
  assert.equal(children[2].description, 'added by hand');
  await s!.wb.screenshot(shot('sso-page'));
});

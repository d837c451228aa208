// Add Registry recognises the kind in a real VS Code (code-server + chromium): ghcr.io is GHCR by
// its host name, before any request, and so asks for the owners; the test bed with a Harbor
// stand-in behind its /api/v2.0 (Harbor's API lives on the registry's own origin) is found to be
// Harbor by the unauthenticated probe, asks nothing more than the login, and is stored as harbor.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { startUiSession, step, UiSession } from './harness/session';
import { openRegistryView, welcomeView } from './harness/tree';
import { runCommand, answerInput, pick, quickPickItems, waitForInput, escapeInput } from './harness/quickInput';

let bed: TestBed;
let harbor: StandIn;
let s: UiSession | undefined;
const session = () => s;
const page = () => s!.page;
/** What reached the Harbor stand-in through the registry's origin: [path, had a login]. */
const harborSeen: [string, boolean][] = [];

before(
  async () => {
    bed = await startTestBed();
    harbor = await startHarborApi(new RealRegistry(bed), { admin: { password: bed.users.admin.password, user: 'admin', projects: ['foo'] } }, ['public']);
    // Harbor serves its API and the registry on one origin: /api/v2.0/… goes to the stand-in, the rest to the real registry.
    bed.quirks.fault = async (req, ctx) => {
      if (!ctx.url.pathname.startsWith('/api/')) return false;
      harborSeen.push([ctx.url.pathname, !!req.headers.authorization]);
      const r = await fetch(harbor.url + ctx.url.pathname + ctx.url.search, {
        method: req.method,
        headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
      });
      const headers: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (k === 'content-type' || k === 'link' || k === 'x-total-count') headers[k] = v;
      });
      ctx.send({ status: r.status, headers, body: Buffer.from(await r.arrayBuffer()) });
      return true;
    };
    s = await startUiSession('addRegistryKinds');
    await openRegistryView(page());
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await harbor?.stop();
  await bed?.stop();
});

const registries = () =>
  (s!.readUserSettings()['registryExplorer.registries'] ?? []) as { url: string; kind?: string; username?: string; namespaces?: string[] }[];

step('ghcr.io: GitHub Container Registry is offered first, by its host name, and the next question is the owners; Escape adds nothing', session, async () => {
  await welcomeView(page()).first().waitFor();
  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, 'ghcr.io');
  const kindStep = await waitForInput(page(), /What kind of registry/i);
  assert.match(kindStep.title, /^Add ghcr\.io \(2\/4\)$/);
  const items = await quickPickItems(page());
  assert.equal(items[0], 'GitHub Container Registry', JSON.stringify(items));
  assert.ok(items.includes('Plain registry (OCI distribution)'), JSON.stringify(items));
  await pick(page(), 'GitHub Container Registry');
  const owners = await waitForInput(page(), /GitHub users or organisations/i);
  assert.match(owners.prompt, /Leave empty for your own/);
  assert.match(owners.title, /\(3\/5\)$/);
  await escapeInput(page());
  await page().waitForTimeout(500);
  assert.deepEqual(registries(), []);
});

step(
  'the test bed with Harbor behind it: the probe finds Harbor without a login, no more questions than the login, stored as kind harbor',
  session,
  async () => {
    harborSeen.length = 0;
    await runCommand(page(), 'Registry Explorer: Add Registry…');
    await answerInput(page(), /Registry address/i, bed.url);
    await waitForInput(page(), /What kind of registry/i, 30_000);
    const items = await quickPickItems(page());
    assert.equal(items[0], 'Harbor', JSON.stringify(items));
    assert.deepEqual(harborSeen, [['/api/v2.0/systeminfo', false]], 'the probe asks the system info once, anonymously');
    await pick(page(), 'Harbor');
    // Harbor needs nothing more than the login: the user name comes next.
    await answerInput(page(), /User name/i, bed.users.admin.username);
    await answerInput(page(), /Password/i, bed.users.admin.password);
    const deadline = Date.now() + 30_000;
    while (!registries().length && Date.now() < deadline) await page().waitForTimeout(200);
    assert.deepEqual(
      registries().map((e) => [e.url, e.kind, e.username]),
      [[bed.url, 'harbor', 'admin']],
    );
  },
);

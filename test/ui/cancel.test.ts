// Escape cancels: at every step of Add Registry, Sign In, Retag and Copy to Repository, the whole
// command ends and nothing changes (the settings, the registry, the tree); each step is numbered
// and titled for itself. One workbench, ordered steps; the sidebar at its default width.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { RegistryClient } from '../../src/registry';
import { startUiSession, step, UiSession } from './harness/session';
import { openRegistryView, welcomeView, waitForTree, findRow } from './harness/tree';
import { runCommand, answerInput, pick, pickOrType, waitForInput, escapeInput, InputBoxState } from './harness/quickInput';
import { clearToasts, toasts } from './harness/dialogs';

let bed: TestBed;
let s: UiSession | undefined;
let admin: RegistryClient;
const session = () => s;
const page = () => s!.page;

before(
  async () => {
    bed = await startTestBed();
    s = await startUiSession('cancel', { settings: { 'registryExplorer.pageSize': 10 } });
    admin = new RegistryClient({ registry: bed.url, credentials: bed.users.admin });
    await openRegistryView(page());
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await bed?.stop();
});

const PLAIN = 'Plain registry (OCI distribution)';
const registries = () => (s!.readUserSettings()['registryExplorer.registries'] ?? []) as { url: string; username?: string }[];

async function tagsOf(repository: string): Promise<string[] | string> {
  try {
    const out: string[] = [];
    for await (const p of admin.tags(repository)) out.push(...p);
    return out.sort();
  } catch (e) {
    return (e as { kind?: string }).kind ?? String(e);
  }
}

/** Waits for the step, checks its counter and title, and presses Escape. */
async function escapeAt(which: RegExp, title: RegExp): Promise<InputBoxState> {
  const box = await waitForInput(page(), which);
  assert.match(box.title, title, `step title (prompt "${box.prompt}", placeholder "${box.placeholder}")`);
  await escapeInput(page());
  return box;
}

step('Add Registry: Escape at the address, at the kind, at the user name, at the password and after a rejected password adds nothing', session, async () => {
  await welcomeView(page()).first().waitFor();
  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await escapeAt(/Registry address/i, /^Add Registry \(1\/4\)$/);

  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, bed.url);
  await escapeAt(/What kind of registry/i, new RegExp(`^Add ${bed.host.replace(/\./g, '\\.')} \\(2/4\\)$`));

  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, bed.url);
  await pick(page(), PLAIN);
  await escapeAt(/User name/i, new RegExp(`^Sign in to ${bed.host.replace(/\./g, '\\.')} \\(3/4\\)$`));

  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, bed.url);
  await pick(page(), PLAIN);
  await answerInput(page(), /User name/i, 'carol');
  await escapeAt(/Password/i, /as carol \(4\/4\)$/);

  // The report's case: a wrong password is asked again; Escape then must not add the registry anonymously.
  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, bed.url);
  await pick(page(), PLAIN);
  await answerInput(page(), /User name/i, 'carol');
  await answerInput(page(), /Password/i, 'not-carols-password');
  await escapeAt(/rejected the password for carol/i, /as carol \(4\/4\)$/);

  // A registry added anyway would make this run say "already in the Registries view" instead of asking.
  await clearToasts(page());
  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, bed.url);
  await pick(page(), PLAIN);
  await answerInput(page(), /User name/i, bed.users.admin.username);
  await answerInput(page(), /Password/i, bed.users.admin.password);
  await waitForTree(page(), 'the registry signed in as admin', (r) => findRow(r, [bed.host])?.description.includes('admin') === true, 30_000);
  assert.deepEqual(
    registries().map((e) => [e.url, e.username]),
    [[bed.url, 'admin']],
    'one entry: the one added by the last run',
  );
  assert.ok(!(await toasts(page())).some((t) => /already in the Registries view/.test(t)));
});

step('Sign In: Escape at the user name, at the password and after a rejected password keeps the login as it was', session, async () => {
  await runCommand(page(), 'Registry Explorer: Sign In…');
  // One registry: it is not asked for, so the user name is step 1 of 2.
  await escapeAt(/User name/i, new RegExp(`^Sign in to ${bed.host.replace(/\./g, '\\.')} \\(1/2\\)$`));
  await runCommand(page(), 'Registry Explorer: Sign In…');
  await answerInput(page(), /User name/i, 'carol');
  await escapeAt(/Password/i, /as carol \(2\/2\)$/);
  await runCommand(page(), 'Registry Explorer: Sign In…');
  await answerInput(page(), /User name/i, 'carol');
  await answerInput(page(), /Password/i, 'wrong');
  await escapeAt(/rejected the password for carol/i, /as carol \(2\/2\)$/);
  assert.deepEqual(
    registries().map((e) => e.username),
    ['admin'],
  );
  const rows = await waitForTree(page(), 'the registry still signed in as admin', (r) => !!findRow(r, [bed.host]));
  assert.match(findRow(rows, [bed.host])!.description, /^admin$/);
});

step('Retag from the palette: Escape at the repository, the tag and the new tag writes no tag', session, async () => {
  const before = await tagsOf('foo/bar');
  await runCommand(page(), 'Registry Explorer: Retag…');
  await escapeAt(/Repository on/i, /^Retag \(1\/3\)$/);
  await runCommand(page(), 'Registry Explorer: Retag…');
  await pickOrType(page(), 'foo/bar');
  await escapeAt(/Tag of foo\/bar/i, /^Retag \(2\/3\)$/);
  await runCommand(page(), 'Registry Explorer: Retag…');
  await pickOrType(page(), 'foo/bar');
  await pick(page(), 'qux');
  const box = await waitForInput(page(), /New tag/i);
  assert.match(box.title, /^Retag foo\/bar:qux \(3\/3\)$/);
  await page().locator('.quick-input-widget .quick-input-box input').fill('qux-escaped');
  await escapeInput(page());
  assert.deepEqual(await tagsOf('foo/bar'), before);
});

step('Copy to Repository from the palette: Escape at each step, the referrers question included, copies nothing', session, async () => {
  const start = async () => {
    await runCommand(page(), 'Registry Explorer: Copy to Repository…');
  };
  await start();
  await escapeAt(/Repository on/i, /^Copy to Repository \(1\/5\)$/);
  await start();
  await pickOrType(page(), 'foo/signed');
  await escapeAt(/Tag of foo\/signed/i, /^Copy to Repository \(2\/5\)$/);
  await start();
  await pickOrType(page(), 'foo/signed');
  await pick(page(), 'v1');
  await escapeAt(/To which repository/i, /^Copy foo\/signed:v1 \(3\/5\)$/);
  await start();
  await pickOrType(page(), 'foo/signed');
  await pick(page(), 'v1');
  await waitForInput(page(), /To which repository/i);
  await pickOrType(page(), 'foo/signed-escaped');
  await escapeAt(/Tag in the target/i, /^Copy foo\/signed:v1 to foo\/signed-escaped \(4\/5\)$/);
  await start();
  await pickOrType(page(), 'foo/signed');
  await pick(page(), 'v1');
  await waitForInput(page(), /To which repository/i);
  await pickOrType(page(), 'foo/signed-escaped');
  await answerInput(page(), /Tag in the target/i, 'v1');
  await escapeAt(/has referrers/i, /has referrers .*\(5\/5\)$/);
  assert.equal(await tagsOf('foo/signed-escaped'), 'not-found', 'the target repository was not created');
  assert.deepEqual(
    registries().map((e) => [e.url, e.username]),
    [[bed.url, 'admin']],
    'nothing was added by hand',
  );
});

// The Registries view by keyboard and at its default width (300 px): a tag's default action opens
// its manifest in a preview tab (click, or Enter on the focused row); Delete, F2, Ctrl+C and F5 act
// on the selection; inline actions and failure rows say what they do; referrer tags (the
// sha256-<hex> index, cosign's .sig) do not pose as images and offer an artifact's menu (the
// setting that lists them again is tested on the tree model, test/unit/model/referrerTags.test.ts).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { RegistryClient, referrersTagOf } from '../../src/registry';
import { startUiSession, step, UiSession } from './harness/session';
import { openRegistryView, expand, collapse, select, row, waitForTree, childrenOf, findRow, childLabels } from './harness/tree';
import { waitForInput, escapeInput } from './harness/quickInput';
import { contextMenuItems, readDialog, dialog } from './harness/dialogs';
import { waitForTab } from './harness/editors';

let bed: TestBed;
let s: UiSession | undefined;
let dockerConfig: string;
let admin: RegistryClient;
let sigTag: string;
const session = () => s;
const page = () => s!.page;
const REPOSITORIES = ['foo/bar', 'foo/missing', 'foo/signed'];

before(
  async () => {
    bed = await startTestBed();
    // A cosign-style signature: an image stored under the tag `sha256-<hex of v1>.sig`.
    sigTag = `${referrersTagOf(bed.seeded.signed.image.digest)}.sig`;
    await bed.pushImage('foo/signed', sigTag, { seed: 'cosign signature of foo/signed:v1' });
    dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.alice);
    s = await startUiSession('keyboard', {
      env: { DOCKER_CONFIG: dockerConfig },
      settings: { 'registryExplorer.registries': [{ url: bed.url, username: 'alice', repositories: REPOSITORIES }] },
    });
    admin = new RegistryClient({ registry: bed.url, credentials: bed.users.admin });
    await openRegistryView(page());
    await expand(page(), [bed.host]);
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

const sigLabel = () => `${sigTag.slice(0, 'sha256-'.length + 12)}….sig`;
const treeHasFocus = () => page().evaluate(() => !!document.activeElement?.closest('.monaco-list[aria-label="Registries"]'));

step('referrer tags are not listed as images: foo/signed shows v1, and under it its signature and the cosign tag', session, async () => {
  const tags = (await expand(page(), [bed.host, 'foo/signed'])).map((r) => r.label);
  assert.deepEqual(tags, ['v1'], 'the sha256-<hex> index and the .sig tag stay out of the tag list');
  const under = (await expand(page(), [bed.host, 'foo/signed', 'v1'])).map((r) => r.label);
  assert.deepEqual([...under].sort(), ['signature', sigLabel()].sort());
});

step("the cosign tag offers an artifact's menu: inspect, copy its reference, delete; no retag, copy or compare", session, async () => {
  const items = await contextMenuItems(page(), await row(page(), [bed.host, 'foo/signed', 'v1', sigLabel()]));
  for (const want of ['Inspect Manifest', 'Copy Reference', 'Delete…']) assert.ok(items.includes(want), `missing ${want}: ${JSON.stringify(items)}`);
  for (const not of ['Retag…', 'Copy to Repository…', 'Compare With…', 'Inspect Config', 'Copy Pull Command'])
    assert.ok(!items.includes(not), `${not} offered: ${JSON.stringify(items)}`);
  await collapse(page(), [bed.host, 'foo/signed']);
});

step(
  "a tag's default action: a click opens its manifest in a preview tab, Enter on the next row replaces it, the focus stays in the tree",
  session,
  async () => {
    await expand(page(), [bed.host, 'foo/bar']);
    // Rows are drawn again as their details arrive, and a click on a row being replaced is lost: click once they are in.
    await waitForTree(
      page(),
      "the details of foo/bar's tags",
      (r) => childrenOf(r, [bed.host, 'foo/bar']).every((t) => /\d+ B · /.test(t.description)),
      30_000,
    );
    await select(page(), [bed.host, 'foo/bar', 'qux']);
    await waitForTab(page(), /foo[/∕]bar:qux · manifest/);
    assert.equal(await treeHasFocus(), true, 'the click moved the focus to the editor');
    // Version order: latest, v1.0, v1, qux; the row above qux is v1.
    await page().keyboard.press('ArrowUp');
    await page().keyboard.press('Enter');
    await waitForTab(page(), /foo[/∕]bar:v1 · manifest/);
    const tabs = await page()
      .locator('.part.editor .tabs-container .tab')
      .evaluateAll((els) =>
        els.map((e) => ({ title: e.getAttribute('aria-label') ?? '', preview: e.classList.contains('preview') || !!e.querySelector('.italic') })),
      );
    assert.deepEqual(
      tabs.map((t) => t.title.replace(/,.*$/, '')).filter((t) => t.includes('manifest')).length,
      1,
      `the preview tab is replaced, not added to: ${JSON.stringify(tabs)}`,
    );
    assert.ok(
      tabs.some((t) => t.preview),
      `a preview tab: ${JSON.stringify(tabs)}`,
    );
    assert.equal(await treeHasFocus(), true);
  },
);

step('F2 retags the selected tag (Escape leaves it as it was)', session, async () => {
  await page().keyboard.press('F2');
  const box = await waitForInput(page(), /New tag/i);
  assert.equal(box.title, 'Retag foo/bar:v1');
  await escapeInput(page());
});

step("Ctrl+C copies the selected tag's reference", session, async () => {
  await select(page(), [bed.host, 'foo/bar', 'v1']);
  await page().evaluate(() => navigator.clipboard.writeText(''));
  await page().keyboard.press('Control+C');
  const want = `${bed.host}/foo/bar:v1`;
  const deadline = Date.now() + 10_000;
  let got = '';
  while ((got = await page().evaluate(() => navigator.clipboard.readText())) !== want) {
    if (Date.now() > deadline) break;
    await page().waitForTimeout(100);
  }
  assert.equal(got, want);
});

step('Delete asks to delete the selected tag; Escape deletes nothing', session, async () => {
  await select(page(), [bed.host, 'foo/bar', 'v1']);
  await page().keyboard.press('Delete');
  const d = await readDialog(page());
  assert.match(d.message, /^Delete foo\/bar:v1\b/);
  await page().keyboard.press('Escape');
  await dialog(page()).waitFor({ state: 'hidden' });
  assert.ok((await childLabels(page(), [bed.host, 'foo/bar'])).includes('v1'));
  assert.equal((await admin.headManifest('foo/bar', 'v1'))?.digest, bed.seeded.bar.shared.digest);
});

step('F5 refreshes what is selected', session, async () => {
  await select(page(), [bed.host, 'foo/bar', 'qux']);
  bed.resetLogs();
  await page().keyboard.press('F5');
  const deadline = Date.now() + 20_000;
  while (!bed.registryRequests.some((r) => r.method === 'GET' && r.path === '/v2/foo/bar/manifests/qux')) {
    if (Date.now() > deadline) throw new Error(`F5 read nothing again: ${JSON.stringify(bed.registryRequests)}`);
    await page().waitForTimeout(100);
  }
  await waitForTree(page(), 'the tree still there after F5', (r) => !!findRow(r, [bed.host, 'foo/bar', 'qux']));
});

/** The inline action buttons of a row (hovered), by their labels. */
async function inlineActions(path: (string | RegExp)[]): Promise<string[]> {
  const r = await row(page(), path);
  await r.hover();
  const actions = r.locator('.actions .action-label');
  await actions.first().waitFor({ state: 'visible' });
  return (await actions.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? ''))).map((l) =>
    l.replace(/ \(.*\)$/, ''),
  );
}

step('inline actions: Inspect Manifest and Copy Reference on a tag, no Refresh', session, async () => {
  assert.deepEqual(await inlineActions([bed.host, 'foo/bar', 'qux']), ['Inspect Manifest', 'Copy Reference']);
});

step('a failure row: a short sentence, a button named Retry, and a context menu', session, async () => {
  await collapse(page(), [bed.host, 'foo/bar']);
  const [failure] = await expand(page(), [bed.host, 'foo/missing']);
  assert.equal(failure.label, 'Repository not found');
  assert.deepEqual(await inlineActions([bed.host, 'foo/missing', 'Repository not found']), ['Retry']);
  const items = await contextMenuItems(page(), await row(page(), [bed.host, 'foo/missing', 'Repository not found']));
  for (const want of ['Retry', 'Show Log']) assert.ok(items.includes(want), `missing ${want}: ${JSON.stringify(items)}`);
});

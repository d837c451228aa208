// Clean Up Tags… in a real VS Code: Escape changes nothing; rules → the preview tab (every tag with
// its rule) → Save Rules → Run Clean-Up… → one modal with the counts → the nodes leave the tree,
// the registry answers 404 for them and 200 for the kept ones, and the garbage-collection advice.
// Images of known creation dates are pushed by the test; alice's login comes from a Docker config.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { startTestBed, TestBed, type PushedImage } from '../fixtures/testbed';
import { startUiSession, step, screenshotNamer, UiSession } from './harness/session';
import { openRegistryView, widenSidebar, expand, row, waitForTree, childrenOf, findRow } from './harness/tree';
import { answerInput, quickInput, waitForInput } from './harness/quickInput';
import { contextMenu, readDialog, answerDialog, waitForToast, clickToastButton, clearToasts, toasts } from './harness/dialogs';
import { waitForTab, activeEditorText } from './harness/editors';

const REPO = 'foo/cleanup';
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const RULES = 'keep=2 by=date older=30d protect=latest';
const GOES = ['1.0.0', '1.1.0', 'pr-7'];
const KEPT = ['2.0.0', 'latest', 'pr-8'];

let bed: TestBed;
let s: UiSession | undefined;
let dockerConfig: string;
const images: Record<string, PushedImage> = {};
const shot = screenshotNamer('cleanup');
const session = () => s;
const page = () => s!.page;

/** Status of a manifest HEAD by tag, asked over HTTP with a pull token minted for alice. */
async function statusOf(tag: string): Promise<number> {
  const { username, password } = bed.users.alice;
  const tokenUrl = `${bed.realm}?service=${encodeURIComponent(bed.service)}&scope=${encodeURIComponent(`repository:${REPO}:pull`)}`;
  const token = (
    (await (await fetch(tokenUrl, { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } })).json()) as {
      token: string;
    }
  ).token;
  const res = await fetch(`${bed.url}/v2/${REPO}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  return res.status;
}

before(
  async () => {
    bed = await startTestBed({ seed: false });
    images['1.0.0'] = await bed.pushImage(REPO, '1.0.0', { seed: 'ui 1.0.0', created: daysAgo(400) });
    images['1.1.0'] = await bed.pushImage(REPO, '1.1.0', { seed: 'ui 1.1.0', created: daysAgo(200) });
    images['2.0.0'] = await bed.pushImage(REPO, ['2.0.0', 'latest'], { seed: 'ui 2.0.0', created: daysAgo(10) });
    images['pr-7'] = await bed.pushImage(REPO, 'pr-7', { seed: 'ui pr-7', created: daysAgo(300) });
    images['pr-8'] = await bed.pushImage(REPO, 'pr-8', { seed: 'ui pr-8', created: daysAgo(2) });
    dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.alice);
    s = await startUiSession('cleanup', {
      env: { DOCKER_CONFIG: dockerConfig },
      settings: { 'registryExplorer.registries': [{ url: bed.url, username: 'alice', repositories: [REPO] }] },
    });
    await openRegistryView(page());
    await widenSidebar(page());
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

step('the repository shows its six tags', session, async () => {
  await expand(page(), [bed.host]);
  const tags = (await expand(page(), [bed.host, REPO])).map((r) => r.label);
  assert.deepEqual([...tags].sort(), [...GOES, ...KEPT].sort());
});

step('Clean Up Tags… then Escape at the rules: no preview, nothing deleted', session, async () => {
  bed.resetLogs();
  await contextMenu(page(), await row(page(), [bed.host, REPO]), /^Clean Up Tags/);
  await waitForInput(page(), /Clean Up Tags: foo\/cleanup/);
  await page().keyboard.press('Escape');
  await quickInput(page()).waitFor({ state: 'hidden' });
  // Long enough for a preview to have read the repository and opened its tab, had Escape gone on.
  await page().waitForTimeout(3000);
  assert.equal(
    await page()
      .locator('.part.editor .tabs-container .tab')
      .filter({ hasText: /Clean-up preview/ })
      .count(),
    0,
  );
  assert.deepEqual(
    (await toasts(page())).filter((t) => /Clean-up preview/.test(t)),
    [],
  );
  assert.deepEqual(
    bed.registryRequests.filter((r) => /\/tags\/list|DELETE/.test(`${r.method} ${r.path}`)),
    [],
    'nothing was listed or deleted',
  );
});

step('rules → the preview tab lists every tag that goes and every tag kept, with the rule that decided', session, async () => {
  await contextMenu(page(), await row(page(), [bed.host, REPO]), /^Clean Up Tags/);
  const box = await answerInput(page(), /Clean Up Tags: foo\/cleanup/, RULES);
  assert.match(box.prompt, /keep=N newest/);
  await waitForTab(page(), /Clean-up preview · foo[/∕]cleanup/, 30_000);
  const text = await activeEditorText(page());
  assert.match(text, /\*\*Dry run: nothing has been deleted\.\*\*/);
  assert.match(text, new RegExp(`Rules: \`${RULES}\``));
  assert.match(text, /## Goes \(3\)/);
  for (const t of GOES)
    assert.match(
      text,
      new RegExp(`\\| \`${t.replace(/\./g, '\\.')}\` \\| \`${images[t].digest.slice(7, 19)}\` \\|.*older than 30 days \\| image deleted`),
      `${t} goes:\n${text}`,
    );
  assert.match(text, /## Kept \(3\)/);
  assert.match(text, /\| `latest` .* protected \(protect=latest\) \|/);
  assert.match(text, /\| `pr-8` .* one of the 2 newest by date \(rank 1 of 5\) \|/);
  assert.match(text, /Space the registry could free: \*\*about [\d.]+ \w?B\*\*.*This is an estimate/);
  assert.match(text, /registry garbage-collect \/etc\/docker\/registry\/config\.yml --delete-untagged/);
  assert.equal(bed.registryRequests.filter((r) => r.method === 'DELETE').length, 0, 'the preview deleted nothing');
  await s!.wb.screenshot(shot('preview'));
});

step('Save Rules keeps them in the user settings, keyed registry/repository', session, async () => {
  await clickToastButton(page(), /Clean-up preview of foo\/cleanup: 3 tags would go/, 'Save Rules', 30_000);
  await waitForToast(page(), /Saved the clean-up rules of foo\/cleanup/);
  const settings = s!.readUserSettings();
  assert.deepEqual(settings['registryExplorer.cleanupRules'], { [`${bed.host}/${REPO}`]: RULES });
});

step(
  'Run Clean-Up… → one modal with the counts → Delete: the nodes leave the tree, the registry answers 404 for them and 200 for the kept ones',
  session,
  async () => {
    await clickToastButton(page(), /Clean-up preview of foo\/cleanup: 3 tags would go/, 'Run Clean-Up…', 30_000);
    const dialog = await readDialog(page());
    assert.match(dialog.message, /Clean up foo\/cleanup on .*: delete 3 tags\?/);
    assert.match(dialog.detail, /3 images are deleted by digest, with their 3 tags\./);
    assert.match(dialog.detail, /3 tags are kept\./);
    assert.match(dialog.detail, /a tag that moved or appeared since the preview is skipped/);
    assert.ok(dialog.buttons.includes('Delete 3 Tags'), `buttons: ${dialog.buttons}`);
    await s!.wb.screenshot(shot('confirm'));
    await clearToasts(page());
    await answerDialog(page(), 'Delete 3 Tags');
    // Until the tree shows exactly the kept tags (a row read while the list re-renders can be doubled).
    const kept = [...KEPT].sort().join();
    await waitForTree(
      page(),
      `the three tags to leave the tree, leaving ${kept}`,
      (r) =>
        GOES.every((t) => !findRow(r, [bed.host, REPO, t])) &&
        childrenOf(r, [bed.host, REPO])
          .map((x) => x.label)
          .sort()
          .join() === kept,
      30_000,
    );
    for (const t of GOES) assert.equal(await statusOf(t), 404, `${t} is gone from the registry`);
    for (const t of KEPT) assert.equal(await statusOf(t), 200, `${t} is kept`);
    const done = await waitForToast(page(), /Clean-up of foo\/cleanup on .*: 3 tags removed \(3 images deleted\)/, 30_000);
    assert.match(done, /garbage-collect/);
    await s!.wb.screenshot(shot('done'));
  },
);

step('the preview tab shows the results of the run', session, async () => {
  await waitForTab(page(), /Clean-up preview · foo[/∕]cleanup/);
  const text = await activeEditorText(page());
  assert.match(text, /\*\*This clean-up ran\*\*/);
  assert.match(text, /## Results: .*foo\/cleanup/);
  assert.equal((text.match(/- \*\*deleted\*\* — Deleted foo\/cleanup@/g) ?? []).length, 3, text);
});

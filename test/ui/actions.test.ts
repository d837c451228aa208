// The actions on tags in a real VS Code: delete from the tree (co-tags listed, nodes gone, registry 404) on
// the 401 and the Keppel-style 403 layer, multi-select delete, retag from the palette, Inspect
// Manifest with the registry's JSON, Compare With in a diff editor. The registry is configured in
// settings and alice's login comes from a Docker config (no secret in settings).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { platformName } from '../fixtures/images';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { RegistryClient } from '../../src/registry';
import { startUiSession, step, screenshotNamer, UiSession } from './harness/session';
import { openRegistryView, widenSidebar, expand, collapse, select, row, waitForTree, childrenOf, findRow } from './harness/tree';
import { runCommand, answerInput, pick, pickOrType, waitForInput } from './harness/quickInput';
import { contextMenu, contextMenuItems, readDialog, answerDialog, waitForToast, clearToasts, toasts } from './harness/dialogs';
import { waitForTab, activeEditorText, diffEditorVisible } from './harness/editors';

let bed: TestBed;
let s: UiSession | undefined;
let dockerConfig: string;
let admin: RegistryClient;
const shot = screenshotNamer('actions');
const session = () => s;
const page = () => s!.page;
const BY_HAND = ['foo/app', 'foo/bar', 'foo/del', 'foo/multi'];

before(
  async () => {
    bed = await startTestBed();
    dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.alice);
    s = await startUiSession('actions', {
      env: { DOCKER_CONFIG: dockerConfig },
      settings: { 'registryExplorer.registries': [{ url: bed.url, username: 'alice', repositories: BY_HAND }] },
    });
    admin = new RegistryClient({ registry: bed.url, credentials: bed.users.admin });
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

async function tagsOnRegistry(repository: string): Promise<string[]> {
  const out: string[] = [];
  for await (const p of admin.tags(repository)) out.push(...p);
  return out.sort();
}

const short = (digest: string) => digest.slice('sha256:'.length, 'sha256:'.length + 12);

step('the configured registry shows alice (from the Docker config) and the repositories added by hand', session, async () => {
  await expand(page(), [bed.host]);
  const rows = await waitForTree(page(), 'the registry with its repositories', (r) => BY_HAND.every((repo) => findRow(r, [bed.host, repo])), 30_000);
  assert.match(findRow(rows, [bed.host])!.description, /alice/);
});

step('on the Keppel-style 403 layer: right-click d01 → Delete… → confirm → gone from the tree and the registry', session, async () => {
  bed.quirks.forbiddenInsteadOf401 = true;
  try {
    const del = bed.seeded.del;
    await expand(page(), [bed.host, 'foo/del']);
    bed.resetLogs();
    await contextMenu(page(), await row(page(), [bed.host, 'foo/del', 'd01']), /^Delete/);
    const dialog = await readDialog(page());
    assert.match(`${dialog.message}\n${dialog.detail}`, new RegExp(short(del.digestByTag.d01)));
    assert.ok(dialog.buttons.includes('Delete'), `buttons: ${dialog.buttons}`);
    await answerDialog(page(), 'Delete');
    await waitForTree(page(), 'd01 to leave the tree', (r) => !findRow(r, [bed.host, 'foo/del', 'd01']) && !!findRow(r, [bed.host, 'foo/del', 'd02']), 30_000);
    assert.equal(await admin.headManifest('foo/del', del.digestByTag.d01), undefined, "the registry still has d01's manifest");
    const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE');
    assert.ok(
      deletes.some((r) => r.status === 403),
      `the 403 layer was not exercised: ${JSON.stringify(deletes)}`,
    );
    assert.ok(
      deletes.some((r) => r.status === 202),
      `no DELETE succeeded: ${JSON.stringify(deletes)}`,
    );
  } finally {
    bed.quirks.forbiddenInsteadOf401 = false;
  }
});

step(
  'right-click v1 → Delete…: the modal names the worst case plainly, counts the 2 tags not selected, shows the digest once; no progress beside it; all go; the registry answers 404',
  session,
  async () => {
    const shared = bed.seeded.bar.shared;
    await expand(page(), [bed.host, 'foo/bar']);
    await clearToasts(page());
    await contextMenu(page(), await row(page(), [bed.host, 'foo/bar', 'v1']), /^Delete/);
    const dialog = await readDialog(page());
    // The planning's progress is gone once the modal shows: no notification with a dead Cancel beside it.
    assert.deepEqual(
      (await toasts(page())).filter((t) => /Finding every tag/.test(t)),
      [],
      'a progress notification stands beside the modal',
    );
    const text = `${dialog.message}\n${dialog.detail}`;
    // The registry has not shown yet whether it deletes a tag alone (d01 had no other tag): the worst case, as such.
    assert.equal(dialog.message, 'Delete foo/bar:v1?');
    assert.match(
      dialog.detail,
      new RegExp(`^At worst the whole image foo/bar@${short(shared.digest)} goes, and with it 2 tags you did not select: latest, v1\\.0\\.`),
    );
    assert.doesNotMatch(text, /\bif\b/i, 'no condition: words true whatever the registry supports');
    assert.equal(text.split(short(shared.digest)).length - 1, 1, `the digest is shown once:\n${text}`);
    assert.ok(!text.includes(shared.digest), 'not the 64-hex digest');
    assert.doesNotMatch(text, /\bqux\b/, 'qux is on another digest and must not be listed');
    assert.deepEqual(dialog.buttons, ['Cancel', 'Delete']);
    await s!.wb.screenshot(shot('delete-confirm'));
    await answerDialog(page(), 'Delete');
    const rows = await waitForTree(
      page(),
      'v1, v1.0 and latest to leave the tree',
      (r) =>
        childrenOf(r, [bed.host, 'foo/bar'])
          .map((c) => c.label)
          .join() === 'qux',
      30_000,
    );
    assert.deepEqual(
      childrenOf(rows, [bed.host, 'foo/bar']).map((c) => c.label),
      ['qux'],
    );
    assert.equal(await admin.headManifest('foo/bar', shared.digest), undefined, 'the registry still serves the deleted digest');
    assert.deepEqual(await tagsOnRegistry('foo/bar'), ['qux']);
  },
);

step('multi-select d02 and d03 → Delete…: one confirm lists both; both go', session, async () => {
  const del = bed.seeded.del;
  await select(page(), [bed.host, 'foo/del', 'd02']);
  await select(page(), [bed.host, 'foo/del', 'd03'], { ctrl: true });
  await contextMenu(page(), await row(page(), [bed.host, 'foo/del', 'd03']), /^Delete/);
  const dialog = await readDialog(page());
  const text = `${dialog.message}\n${dialog.detail}`;
  for (const t of ['d02', 'd03']) assert.match(text, new RegExp(short(del.digestByTag[t])), `the confirm does not name ${t}'s digest:\n${text}`);
  assert.doesNotMatch(text, /\bd04\b/);
  await answerDialog(page(), 'Delete');
  await waitForTree(
    page(),
    'd02 and d03 to leave the tree',
    (r) => !findRow(r, [bed.host, 'foo/del', 'd02']) && !findRow(r, [bed.host, 'foo/del', 'd03']) && !!findRow(r, [bed.host, 'foo/del', 'd04']),
    30_000,
  );
  for (const t of ['d02', 'd03']) assert.equal(await admin.headManifest('foo/del', del.digestByTag[t]), undefined, `${t} is still on the registry`);
  assert.deepEqual(
    await tagsOnRegistry('foo/del'),
    del.tags.filter((t) => !['d01', 'd02', 'd03'].includes(t)),
  );
});

step('after a multi-select delete, right-clicking one tag still offers the single-tag actions', session, async () => {
  // The deleted rows' selection must not linger: with `!listMultiSelection` in the menus' when
  // clauses, a stale multi-selection hides Inspect/Compare/Retag until the user left-clicks.
  const items = await contextMenuItems(page(), await row(page(), [bed.host, 'foo/del', 'd04']));
  for (const want of ['Inspect Manifest', 'Compare With…', 'Retag…']) assert.ok(items.includes(want), `context menu of d04: ${JSON.stringify(items)}`);
});

step('Retag… from the palette: foo/app:oci as oci-copy keeps the digest and appears at once in the tree, without listing foo/app again', session, async () => {
  await expand(page(), [bed.host, 'foo/app']);
  await runCommand(page(), 'Registry Explorer: Retag…');
  await pickOrType(page(), 'foo/app');
  await pick(page(), 'oci');
  // From here on: the retag, and whatever the tree reads after it (the tag pick listed the tags itself).
  await waitForInput(page(), /New tag/i);
  bed.resetLogs();
  await answerInput(page(), /New tag/i, 'oci-copy');
  // The outcome, not the "Retagging …" progress notification.
  await waitForToast(page(), /Tagged foo\/app@(sha256:)?[0-9a-f]{12} as oci-copy/, 30_000);
  const head = await admin.headManifest('foo/app', 'oci-copy');
  assert.equal(head?.digest, bed.seeded.app.oci.digest);
  // A row read while the list re-renders can be missing: wait for the whole list in its order.
  const sorted = ['latest', 'docker', 'oci', 'oci-copy'];
  const labels = (r: Parameters<typeof childrenOf>[0]) => childrenOf(r, [bed.host, 'foo/app']).map((c) => c.label);
  const rows = await waitForTree(page(), 'oci-copy in its sorted place', (r) => JSON.stringify(labels(r)) === JSON.stringify(sorted), 30_000);
  assert.deepEqual(labels(rows), sorted, 'in its sorted place');
  const listings = bed.registryRequests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/foo/app/tags/list'));
  assert.deepEqual(listings, [], 'the tags were listed again');
});

step("Inspect Manifest opens a tab titled foo/app:docker · manifest holding the registry's JSON", session, async () => {
  await select(page(), [bed.host, 'foo/app', 'docker']);
  await contextMenu(page(), await row(page(), [bed.host, 'foo/app', 'docker']), 'Inspect Manifest');
  // The URI path cannot hold '/', so the title shows U+2215 (∕) in its place.
  await waitForTab(page(), /foo[/∕]app:docker · manifest/);
  const text = await activeEditorText(page());
  const fromRegistry = await admin.getManifest('foo/app', 'docker');
  assert.equal(fromRegistry.digest, bed.seeded.app.docker.digest);
  assert.deepEqual(JSON.parse(text), JSON.parse(fromRegistry.bytes.toString('utf8')));
  await page().mouse.move(900, 700);
  await s!.wb.screenshot(shot('inspect-manifest'));
});

step('Compare With… opens a diff editor of two manifests', session, async () => {
  await runCommand(page(), 'View: Close All Editors');
  await select(page(), [bed.host, 'foo/app', 'oci']);
  await contextMenu(page(), await row(page(), [bed.host, 'foo/app', 'oci']), /^Compare With/);
  await pick(page(), /Another tag of foo\/app/);
  await pick(page(), 'docker');
  await pick(page(), 'Manifests');
  await waitForTab(page(), /↔/);
  assert.equal(await diffEditorVisible(page()), true);
  await s!.wb.screenshot(shot('compare'));
});

step('Inspect Manifest of an index: the tab lists the platforms the tree shows under it', session, async () => {
  await runCommand(page(), 'View: Close All Editors');
  for (const repo of ['foo/del', 'foo/bar']) await collapse(page(), [bed.host, repo]);
  await expand(page(), [bed.host, 'foo/multi']);
  const platforms = (await expand(page(), [bed.host, 'foo/multi', 'latest'])).map((r) => r.label);
  await select(page(), [bed.host, 'foo/multi', 'latest']);
  await contextMenu(page(), await row(page(), [bed.host, 'foo/multi', 'latest']), 'Inspect Manifest');
  await waitForTab(page(), /foo[/∕]multi:latest · manifest/);
  const index = JSON.parse(await activeEditorText(page()));
  await page().keyboard.press('Control+Home');
  const inTab = (index.manifests as { platform: { os: string; architecture: string; variant?: string } }[]).map((m) => platformName(m.platform));
  assert.deepEqual([...inTab].sort(), [...platforms].sort());
  assert.deepEqual(index.manifests.map((m: { digest: string }) => m.digest).sort(), bed.seeded.multi.platforms.map((p) => p.digest).sort());
  // The README picture: tree with an index open, its manifest beside it, no toasts.
  await clearToasts(page());
  await select(page(), [bed.host, 'foo/multi', 'latest']);
  await page().mouse.move(900, 700);
  await s!.wb.screenshot(shot('index-manifest'));
});

step('Copy to Repository… from the palette: foo/signed:v1 with its signature to foo/signed-copy; the registry lists the referrer there', session, async () => {
  const { image, referrer } = bed.seeded.signed;
  await runCommand(page(), 'Registry Explorer: Copy to Repository…');
  await pickOrType(page(), 'foo/signed');
  await pick(page(), 'v1');
  await waitForInput(page(), /to which repository/i);
  await pickOrType(page(), 'foo/signed-copy');
  await answerInput(page(), /Tag in the target/i, 'v1');
  bed.resetLogs();
  await pick(page(), /^Copy the image and its 1 referrer$/);
  await waitForToast(page(), /Copied foo\/signed:v1 to foo\/signed-copy:v1 .*with 1 referrer/, 30_000);
  assert.equal((await admin.headManifest('foo/signed-copy', 'v1'))?.digest, image.digest);
  assert.deepEqual(
    (await admin.referrers('foo/signed-copy', image.digest)).map((d) => d.digest),
    [referrer.digest],
  );
  // The new repository shows at once, in its sorted place, with no refresh by hand; alice's
  // registry lists no repositories, so it is kept with those added by hand.
  const rows = await waitForTree(page(), 'foo/signed-copy in the tree', (r) => !!findRow(r, [bed.host, 'foo/signed-copy']), 30_000);
  const repos = childrenOf(rows, [bed.host])
    .map((r) => r.label)
    .filter((l) => l.startsWith('foo/'));
  assert.deepEqual(repos, [...repos].sort(), 'sorted');
  const kept = () => (s!.readUserSettings()['registryExplorer.registries'] as { repositories?: string[] }[])[0];
  for (const deadline = Date.now() + 20_000; !kept().repositories?.includes('foo/signed-copy'); await page().waitForTimeout(100)) {
    if (Date.now() > deadline) assert.fail(`foo/signed-copy is not kept with the repositories added by hand: ${JSON.stringify(kept())}`);
  }
  assert.ok(
    !bed.registryRequests.some((r) => r.path.startsWith('/v2/foo/app/tags/list') || r.path.startsWith('/v2/foo/multi/tags/list')),
    'what was loaded was listed again',
  );
});

step(
  'Delete… on an image with a signature: two clearly named buttons; Delete with Referrers takes the tag, the signature and its sha256- index tag',
  session,
  async () => {
    const { image, referrer, fallbackTag } = bed.seeded.signed;
    await runCommand(page(), 'View: Close All Editors');
    for (const repo of ['foo/multi', 'foo/app']) await collapse(page(), [bed.host, repo]).catch(() => undefined);
    // The sha256-<hex> index tag shows under v1 as its referrers, not as a tag of its own.
    const tags = (await expand(page(), [bed.host, 'foo/signed-copy'])).map((r) => r.label);
    assert.deepEqual(tags, ['v1']);
    await select(page(), [bed.host, 'foo/signed-copy', 'v1']);
    await contextMenu(page(), await row(page(), [bed.host, 'foo/signed-copy', 'v1']), /^Delete/);
    const d = await readDialog(page());
    assert.deepEqual(d.buttons, ['Delete with Referrers', 'Cancel', 'Delete, Keep Referrers'], 'VS Code lays them out around Cancel; each says what it does');
    assert.match(d.detail, /referrers \(signatures, SBOMs, listed by the tag sha256-[0-9a-f]{12}…\)/);
    assert.ok(!d.detail.includes(fallbackTag), 'the 71-character tag is not spelled out');
    await answerDialog(page(), /^Delete with Referrers$/);
    await waitForTree(
      page(),
      'foo/signed-copy without v1, saying it stays listed until garbage collection',
      (r) => {
        const labels = childrenOf(r, [bed.host, 'foo/signed-copy']).map((x) => x.label);
        return !labels.includes('v1') && labels.includes('No tags left');
      },
      30_000,
    );
    assert.equal(await admin.headManifest('foo/signed-copy', image.digest), undefined, 'the image is gone');
    assert.equal(await admin.headManifest('foo/signed-copy', referrer.digest), undefined, 'its signature is gone');
    assert.equal((await admin.headManifest('foo/signed', referrer.digest))?.digest, referrer.digest, 'the original keeps its signature');
  },
);

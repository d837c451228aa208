// Registries, sign-in and browsing in a real VS Code (code-server + chromium): add a registry and sign in from the palette,
// browse with paging, platforms of an index, filter and sort, a rejected password and the fix,
// and a login without catalog access adding a repository by hand. One workbench, ordered steps.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { platformName } from '../fixtures/images';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { seedTags, versionName } from '../fixtures/scaleSeed';
import { startUiSession, step, screenshotNamer, UiSession } from './harness/session';
import { openRegistryView, widenSidebar, welcomeView, expand, collapse, childLabels, select, waitForTree, childrenOf, findRow, readTree } from './harness/tree';
import { runCommand, answerInput, pick, pickOrType, readInput, waitForInput } from './harness/quickInput';

let bed: TestBed;
let s: UiSession | undefined;
const shot = screenshotNamer('registries');
const session = () => s;
const page = () => s!.page;

const LOAD_MORE = 'Load more…';
/** Rows that continue a list ("Load more…", "Load all", "Load all (N more)"), not names. */
const isPaging = (label: string) => label === LOAD_MORE || label.startsWith('Load all');
const readTreeNow = () => readTree(page());
const PAGE_SIZE = 10;

before(
  async () => {
    bed = await startTestBed();
    // distribution 2.8 neither pages nor sorts tag lists; the quirk layer does, honouring `n`.
    bed.quirks.tagPageSize = PAGE_SIZE;
    s = await startUiSession('registries', { settings: { 'registryExplorer.pageSize': PAGE_SIZE } });
  },
  { timeout: 180_000 },
);

after(async () => {
  await s?.stop();
  await bed?.stop();
});

/** If a command asks which registry (several configured), answers with the test bed. */
async function pickRegistryIfAsked(): Promise<void> {
  await page().waitForTimeout(500);
  const input = await readInput(page());
  if (input && /registry/i.test(`${input.placeholder} ${input.title} ${input.prompt}`)) await pick(page(), bed.host);
}

step('the Registries view opens from the activity bar and, while empty, offers Add Registry', session, async () => {
  await openRegistryView(page());
  await widenSidebar(page());
  await welcomeView(page()).first().waitFor();
  const text = await welcomeView(page()).first().innerText();
  assert.match(text, /Add Registry/);
  assert.match(text, /Import from Docker Config/);
  await s!.wb.screenshot(shot('empty-view'));
});

step('Add Registry from the palette: address, user name, password (masked); the node shows who is signed in', session, async () => {
  await runCommand(page(), 'Registry Explorer: Add Registry…');
  await answerInput(page(), /Registry address/i, bed.url);
  await pick(page(), 'Plain registry (OCI distribution)');
  await answerInput(page(), /User name/i, bed.users.admin.username);
  const passwordBox = await answerInput(page(), /Password/i, bed.users.admin.password);
  assert.equal(passwordBox.isPassword, true, 'the password input box must not echo');
  const rows = await waitForTree(
    page(),
    `registry ${bed.host} signed in as admin`,
    (r) => findRow(r, [bed.host])?.description.includes('admin') === true,
    30_000,
  );
  assert.equal(rows.filter((r) => r.level === 1).length, 1);
  const settings = s!.readUserSettings();
  const entries = settings['registryExplorer.registries'] as { url: string; username?: string }[];
  assert.ok(Array.isArray(entries) && entries.some((e) => e.url.includes(bed.host) && e.username === 'admin'), `settings: ${JSON.stringify(entries)}`);
  assert.ok(!JSON.stringify(settings).includes(bed.users.admin.password), 'the password must never be written to settings');
  await s!.wb.screenshot(shot('registry-added'));
});

step('the registry lists repositories a page at a time; Load more… appends the next page, Load all says how many remain', session, async () => {
  const first = (await expand(page(), [bed.host])).map((r) => r.label);
  const repos = bed.seeded.repositories;
  // The catalog arrived whole (one request): the rest is known, so Load all can say how many.
  assert.deepEqual(first, [...repos.slice(0, PAGE_SIZE), LOAD_MORE, `Load all (${repos.length - PAGE_SIZE} more)`]);
  await select(page(), [bed.host, LOAD_MORE]);
  const rows = await waitForTree(page(), 'the second page of repositories', (r) => childrenOf(r, [bed.host]).length > PAGE_SIZE + 2);
  assert.deepEqual(
    childrenOf(rows, [bed.host]).map((r) => r.label),
    [...repos.slice(0, 2 * PAGE_SIZE), LOAD_MORE, `Load all (${repos.length - 2 * PAGE_SIZE} more)`],
  );
});

step('a repository expands to its tags, each described by short digest and size', session, async () => {
  const bar = bed.seeded.bar;
  const tags = (await expand(page(), [bed.host, 'foo/bar'])).map((r) => r.label);
  assert.deepEqual([...tags].sort(), [...bar.qux.tags, ...bar.shared.tags].sort());
  const short = bar.qux.digest.slice('sha256:'.length, 'sha256:'.length + 12);
  // Details arrive in stages (the digest from the manifest, then the size once the config is read): wait for both.
  const described = (d: string | undefined) => d !== undefined && d.includes(short) && /\d+(\.\d+)? (B|kB|MB)/.test(d);
  const rows = await waitForTree(page(), `qux described with ${short} and a size`, (r) => described(findRow(r, [bed.host, 'foo/bar', 'qux'])?.description));
  const qux = findRow(rows, [bed.host, 'foo/bar', 'qux'])!;
  assert.match(qux.description, /\d+(\.\d+)? (B|kB|MB)/, `description "${qux.description}" has no size`);
  await s!.wb.screenshot(shot('tags'));
  await collapse(page(), [bed.host, 'foo/bar']);
});

step('a long tag list pages too: foo/many shows 10 tags, Load more… shows 10 more', session, async () => {
  const many = bed.seeded.many.tags;
  const first = (await expand(page(), [bed.host, 'foo/many'])).map((r) => r.label);
  assert.equal(first.length, PAGE_SIZE + 2, `children: ${JSON.stringify(first)}`);
  // The registry pages its tags here: more follow, their number unknown until read.
  assert.deepEqual(first.slice(-2), [LOAD_MORE, 'Load all']);
  await select(page(), [bed.host, 'foo/many', LOAD_MORE]);
  const rows = await waitForTree(page(), 'the second page of foo/many', (r) => childrenOf(r, [bed.host, 'foo/many']).length > PAGE_SIZE + 2);
  const tags = childrenOf(rows, [bed.host, 'foo/many'])
    .map((r) => r.label)
    .filter((l) => !isPaging(l));
  assert.equal(tags.length, 2 * PAGE_SIZE);
  assert.equal(new Set(tags).size, tags.length, `duplicates in ${JSON.stringify(tags)}`);
  for (const t of tags) assert.ok(many.includes(t), `${t} is not a tag of foo/many`);
});

step('what Retag and Copy to Repository create shows at once in its sorted place; the loaded pages stay and nothing is listed again', session, async () => {
  const many = [bed.host, 'foo/many'];
  const before = childrenOf(await readTreeNow(), many).length;
  assert.equal(before, 2 * PAGE_SIZE + 2, 'two pages of tags, Load more… and Load all');
  await runCommand(page(), 'Registry Explorer: Retag…');
  await pickOrType(page(), 'foo/many');
  await pick(page(), '1.4.2');
  // From here on: the retag and what the tree reads after it (the pickers list on their own).
  await waitForInput(page(), /New tag/i);
  bed.resetLogs();
  await answerInput(page(), /New tag/i, '1.4.2-copy');
  let rows = await waitForTree(page(), '1.4.2-copy under foo/many', (r) => !!findRow(r, [...many, '1.4.2-copy']), 30_000);
  const labels = childrenOf(rows, many).map((r) => r.label);
  assert.equal(labels.length, before + 1, `the paging was kept: ${JSON.stringify(labels)}`);
  assert.ok(
    labels.indexOf('1.4.2') >= 0 && labels.indexOf('1.4.2-copy') === labels.indexOf('1.4.2') + 1,
    `right after the release it copies: ${JSON.stringify(labels)}`,
  );
  assert.deepEqual(
    labels.slice(-2).map((l) => (isPaging(l) ? l.replace(/^Load all.*/, 'Load all') : l)),
    [LOAD_MORE, 'Load all'],
  );
  assert.deepEqual(
    bed.registryRequests.filter((r) => r.method === 'GET' && r.path.includes('/tags/list')).map((r) => r.path),
    [],
    'no tag list was read again',
  );

  // The registry's own list must fit on screen (the tree renders only visible rows).
  await collapse(page(), many);
  await runCommand(page(), 'Registry Explorer: Copy to Repository…');
  await pickOrType(page(), 'foo/r01');
  await pick(page(), 'latest');
  await waitForInput(page(), /To which repository/i);
  await pickOrType(page(), 'foo/b-copy');
  await waitForInput(page(), /Tag in the target/i);
  bed.resetLogs();
  await answerInput(page(), /Tag in the target/i, 'latest');
  // A row read while the list re-renders can be missing: wait for the whole list.
  const repoLabels = (r: Parameters<typeof childrenOf>[0]) => childrenOf(r, [bed.host]).map((c) => c.label);
  const inPlace = (repos: string[]) => repos.slice(0, 4).join() === 'foo/app,foo/b-copy,foo/bar,foo/del';
  rows = await waitForTree(page(), 'foo/b-copy in its sorted place', (r) => inPlace(repoLabels(r)) && isPaging(repoLabels(r).at(-1) ?? ''), 30_000);
  const repos = repoLabels(rows);
  assert.ok(inPlace(repos), `in its sorted place: ${JSON.stringify(repos)}`);
  // Two pages of ten, the copy's repository added to them, then Load more… and Load all.
  assert.deepEqual([repos.length, repos.at(-2)], [2 * PAGE_SIZE + 3, LOAD_MORE], `the catalog keeps its two pages: ${JSON.stringify(repos)}`);
  assert.ok(!bed.registryRequests.some((r) => r.path.startsWith('/v2/_catalog')), 'the catalog was listed again');
  await expand(page(), many);
  assert.ok(!bed.registryRequests.some((r) => r.path.startsWith('/v2/foo/many/tags/list')), 'foo/many kept what it showed, without listing it again');
  assert.deepEqual(
    s!.readUserSettings()['registryExplorer.registries'][0].repositories,
    undefined,
    'a registry with a catalog needs no repository added by hand',
  );
});

step('filter by glob, then sort by name: foo/many shows 1.2.* only, newest first, then alphabetical', session, async () => {
  const path = [bed.host, 'foo/many'];
  const filtered = async () => (await childLabels(page(), path)).filter((l) => !isPaging(l));
  await runCommand(page(), 'Registry Explorer: Filter…');
  await waitForInput(page(), /Filter|Tags:/i);
  // Focus moving away (a click elsewhere, or the tree taking focus back after a background
  // refresh) must not close the box the user is typing in.
  const editor = (await page().locator('.part.editor').boundingBox())!;
  await page().mouse.click(editor.x + 30, editor.y + editor.height - 30);
  await page().waitForTimeout(300);
  assert.match((await readInput(page()))?.title ?? 'closed', /Filter the Registries view/, 'the filter box closed when focus moved away');
  await answerInput(page(), /Filter|Tags:/i, '1.2.*');
  try {
    await waitForTree(page(), 'foo/many filtered to 1.2.*', (r) => {
      const tags = childrenOf(r, path)
        .map((x) => x.label)
        .filter((l) => !isPaging(l));
      return tags.length > 0 && tags.every((t) => t.startsWith('1.2.'));
    });
    // Version order (the default) puts the newest version first.
    assert.deepEqual(await filtered(), ['1.2.2', '1.2.1', '1.2.0']);
    await s!.wb.screenshot(shot('filtered'));
    await runCommand(page(), 'Registry Explorer: Sort Tags…');
    await pick(page(), /Name/);
    await waitForTree(page(), 'foo/many sorted by name', (r) => childrenOf(r, path).map((x) => x.label)[0] === '1.2.0');
    assert.deepEqual(await filtered(), ['1.2.0', '1.2.1', '1.2.2']);
    assert.equal(s!.readUserSettings()['registryExplorer.tagSort'], 'name');
  } finally {
    // Later steps expect an unfiltered tree even when this one failed.
    await runCommand(page(), 'Registry Explorer: Clear Filter');
  }
  await waitForTree(page(), 'the filter cleared', (r) => childrenOf(r, path).length > 3);
  await collapse(page(), path);
});

step('an index expands to its platform manifests', session, async () => {
  const multi = bed.seeded.multi;
  await expand(page(), [bed.host, 'foo/multi']);
  const platforms = (await expand(page(), [bed.host, 'foo/multi', 'latest'])).map((r) => r.label);
  const expected = multi.platforms.map((p) => platformName(p.platform));
  assert.deepEqual([...platforms].sort(), [...expected].sort());
  // A fuller picture for the README: a plain repository open beside the index.
  await expand(page(), [bed.host, 'foo/bar']);
  await waitForTree(page(), 'tag details', (r) => /[0-9a-f]{12}/.test(findRow(r, [bed.host, 'foo/bar', 'qux'])?.description ?? ''));
  await page().mouse.move(700, 400);
  await s!.wb.screenshot(shot('overview'));
  await collapse(page(), [bed.host, 'foo/bar']);
  await collapse(page(), [bed.host, 'foo/multi']);
});

step('a 10,000-tag repository, found by a filter past the loaded pages, shows one page and reads details for that page only', session, async () => {
  const image = await bed.pushImage('huge/tags', 'seed');
  seedTags(bed, 'huge/tags', image, 10_000, versionName);
  const path = [bed.host, 'huge/tags'];
  // The tag list as distribution 2.8 sends it: all 10,001 names in one answer.
  bed.quirks.tagPageSize = undefined;
  await runCommand(page(), 'Registry Explorer: Filter…');
  await answerInput(page(), /Filter|Tags:/i, 'huge/*');
  try {
    await waitForTree(page(), 'huge/tags found past the loaded page', (r) => findRow(r, path) !== undefined, 30_000);
    bed.resetLogs();
    const rows = await expand(page(), path);
    assert.equal(rows.filter((r) => !isPaging(r.label)).length, PAGE_SIZE);
    assert.equal(rows.at(-1)?.label, `Load all (${(10_001 - PAGE_SIZE).toLocaleString('en-US')} more)`);
    // Details fill in for the page shown (a digest in each description); then nothing more is read.
    await waitForTree(
      page(),
      "the page's details",
      (r) => childrenOf(r, path).filter((t) => /\b[0-9a-f]{12}$/.test(t.description)).length === PAGE_SIZE,
      60_000,
    );
    await page().waitForTimeout(1500);
    const manifestReads = bed.registryRequests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/huge/tags/manifests/'));
    assert.equal(manifestReads.length, PAGE_SIZE, manifestReads.map((r) => r.path).join('\n'));
    assert.equal(bed.registryRequests.filter((r) => r.path.startsWith('/v2/huge/tags/tags/list')).length, 1);
    await s!.wb.screenshot(shot('huge-repository'));
    await collapse(page(), path);
  } finally {
    bed.quirks.tagPageSize = PAGE_SIZE;
    await runCommand(page(), 'Registry Explorer: Clear Filter');
  }
});

step('a rejected password shows the sign-in node; signing in again fixes it (stale Docker login → Sign In)', session, async () => {
  // A stale `docker login` for alice; signing out here makes the extension fall back to it.
  writeDockerLogin(s!.server.env.DOCKER_CONFIG!, bed.host, { username: 'alice', password: `not-${bed.users.alice.password}` });
  await runCommand(page(), 'Registry Explorer: Sign Out');
  await pickRegistryIfAsked();
  const rejected = /alice's password was rejected/;
  let rows = await waitForTree(page(), 'the sign-in failure node', (r) => childrenOf(r, [bed.host]).some((c) => rejected.test(c.label)), 30_000);
  await s!.wb.screenshot(shot('sign-in-failed'));
  const node = childrenOf(rows, [bed.host]).find((c) => rejected.test(c.label))!;
  await select(page(), [bed.host, node.label]);
  await answerInput(page(), /User name/i, 'alice');
  const box = await answerInput(page(), /Password/i, bed.users.alice.password);
  assert.equal(box.isPassword, true);
  rows = await waitForTree(
    page(),
    'the registry signed in as alice',
    (r) => findRow(r, [bed.host])?.description.includes('alice') === true && !childrenOf(r, [bed.host]).some((c) => rejected.test(c.label)),
    30_000,
  );
  assert.ok(!JSON.stringify(s!.readUserSettings()).includes(bed.users.alice.password), 'the password must never be written to settings');
});

step('alice may not list the catalog: the node says so and adds a repository by hand', session, async () => {
  const noCatalog = /alice may not list repositories/;
  let rows = await waitForTree(page(), 'the no-catalog node', (r) => childrenOf(r, [bed.host]).some((c) => noCatalog.test(c.label)), 30_000);
  await s!.wb.screenshot(shot('no-catalog'));
  const node = childrenOf(rows, [bed.host]).find((c) => noCatalog.test(c.label))!;
  await select(page(), [bed.host, node.label]);
  await pickRegistryIfAsked();
  await answerInput(page(), /Repository name/i, 'foo/bar');
  rows = await waitForTree(page(), 'foo/bar added by hand', (r) => findRow(r, [bed.host, 'foo/bar']) !== undefined, 30_000);
  assert.match(findRow(rows, [bed.host, 'foo/bar'])!.description, /added by hand/);
  const tags = (await expand(page(), [bed.host, 'foo/bar'])).map((r) => r.label);
  assert.deepEqual([...tags].sort(), [...bed.seeded.bar.qux.tags, ...bed.seeded.bar.shared.tags].sort());
  const entries = s!.readUserSettings()['registryExplorer.registries'] as { url: string; repositories?: string[] }[];
  assert.deepEqual(entries.find((e) => e.url.includes(bed.host))?.repositories, ['foo/bar']);
  await s!.wb.screenshot(shot('added-by-hand'));
});

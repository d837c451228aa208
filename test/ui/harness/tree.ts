// The Registries view as a test sees it: rendered rows of a virtualised tree (only visible rows
// exist in the DOM, so tests keep lists short with a small page size).
import type { Locator, Page } from 'playwright-core';

export const VIEW_CONTAINER_LABEL = 'Registry Explorer';
export const VIEW_NAME = 'Registries';

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  /** undefined for leaves. */
  expanded?: boolean;
  selected: boolean;
  /** data-index of the rendered row (valid until the tree changes). */
  index: number;
}

const TREE = `.part.sidebar .monaco-list[role="tree"][aria-label="${VIEW_NAME}"]`;

export function activityBarItem(page: Page): Locator {
  return page.locator(`.part.activitybar a.action-label[aria-label^="${VIEW_CONTAINER_LABEL}"]`);
}

/** Clicks the activity-bar item (unless the view is already showing) and waits for the view. */
export async function openRegistryView(page: Page): Promise<void> {
  const tree = page.locator(TREE);
  if (!(await tree.isVisible())) {
    await activityBarItem(page).click();
  }
  // The tree appears once the extension has registered a provider; a welcome view may show instead.
  await page.locator('.part.sidebar #workbench\\.view\\.extension\\.registryExplorer').waitFor();
}

/** The welcome view (viewsWelcome) text, when the tree is empty. */
export function welcomeView(page: Page): Locator {
  return page.locator('.part.sidebar .welcome-view-content');
}

/** The rendered rows once, in DOM order of their index. */
async function renderedRows(page: Page): Promise<TreeRow[]> {
  const rows = await page.locator(`${TREE} .monaco-list-row[role="treeitem"]`).evaluateAll((els) =>
    els.map((el) => ({
      label: el.querySelector('.label-name')?.textContent ?? '',
      description: el.querySelector('.label-description')?.textContent ?? '',
      level: Number(el.getAttribute('aria-level')),
      expanded: el.hasAttribute('aria-expanded') ? el.getAttribute('aria-expanded') === 'true' : undefined,
      selected: el.getAttribute('aria-selected') === 'true',
      index: Number(el.getAttribute('data-index')),
    })),
  );
  return rows.sort((a, b) => a.index - b.index);
}

/** The rows are one run of consecutive indexes: no row missing or doubled, as while the list re-renders. */
function settled(rows: TreeRow[]): boolean {
  return rows.every((r, i) => i === 0 || r.index === rows[i - 1].index + 1);
}

/**
 * Every rendered row, top to bottom. Read while the list re-renders, rows can be missing or
 * doubled: such a read is taken again (a few times, briefly), so a test sees a whole list.
 */
export async function readTree(page: Page): Promise<TreeRow[]> {
  let rows = await renderedRows(page);
  for (let tries = 0; tries < 20 && !settled(rows); tries++) {
    await page.waitForTimeout(50);
    rows = await renderedRows(page);
  }
  return rows;
}

/** Indented text of the rendered tree, for assertion messages. */
export async function treeText(page: Page): Promise<string> {
  return (await readTree(page))
    .map(
      (r) => `${'  '.repeat(r.level - 1)}${r.expanded === undefined ? ' ' : r.expanded ? '▾' : '▸'} ${r.label}${r.description ? `  — ${r.description}` : ''}`,
    )
    .join('\n');
}

function matches(label: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? label === want : want.test(label);
}

/** Finds a row by its label path from a top-level row (each element: exact label or RegExp). */
export function findRow(rows: TreeRow[], path: (string | RegExp)[]): TreeRow | undefined {
  let start = 0;
  let found: TreeRow | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    const level = depth + 1;
    found = undefined;
    for (let i = start; i < rows.length; i++) {
      const r = rows[i];
      if (depth > 0 && r.level < level) break; // left the parent's subtree
      if (r.level === level && matches(r.label, path[depth])) {
        found = r;
        start = i + 1;
        break;
      }
    }
    if (!found) return undefined;
  }
  return found;
}

/** Waits until the row at `path` is rendered and returns its locator. */
export async function row(page: Page, path: (string | RegExp)[], timeoutMs = 20_000): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = findRow(await readTree(page), path);
    if (found) return page.locator(`${TREE} .monaco-list-row[data-index="${found.index}"]`);
    if (Date.now() > deadline) {
      throw new Error(`tree row ${path.map(String).join(' › ')} did not appear within ${timeoutMs} ms; the tree shows:\n${await treeText(page)}`);
    }
    await page.waitForTimeout(150);
  }
}

/** Waits until `predicate(rows)` holds; the message names what was awaited and shows the tree. */
export async function waitForTree(page: Page, what: string, predicate: (rows: TreeRow[]) => boolean, timeoutMs = 20_000): Promise<TreeRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await readTree(page);
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; the tree shows:\n${await treeText(page)}`);
    await page.waitForTimeout(150);
  }
}

/** Children (direct) of the row at `path`, as rendered. */
export function childrenOf(rows: TreeRow[], path: (string | RegExp)[]): TreeRow[] {
  const parent = findRow(rows, path);
  if (!parent) return [];
  const i = rows.indexOf(parent);
  const out: TreeRow[] = [];
  for (let j = i + 1; j < rows.length && rows[j].level > parent.level; j++) {
    if (rows[j].level === parent.level + 1) out.push(rows[j]);
  }
  return out;
}

/** Expands the row at `path` (no-op when expanded) and waits for its children to finish loading. */
export async function expand(page: Page, path: (string | RegExp)[], timeoutMs = 30_000): Promise<TreeRow[]> {
  let clickedAt = 0;
  const clickIfCollapsed = async () => {
    const r = await row(page, path); // found again each time: rows are addressed by index, which shifts
    if ((await r.getAttribute('aria-expanded')) === 'true') return;
    await r.locator('.monaco-tl-twistie').click();
    clickedAt = Date.now();
  };
  await clickIfCollapsed();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await readTree(page);
    const me = findRow(rows, path);
    const loading = await page.locator(`${TREE} .monaco-tl-twistie.codicon-tree-item-loading`).count();
    if (me?.expanded === true && loading === 0 && childrenOf(rows, path).length > 0) return childrenOf(rows, path);
    // A tag becomes expandable only once its details show it is an index (or has referrers), and
    // a click that lands while its item is being replaced is lost: click again, as a person would.
    if (me?.expanded === false && loading === 0 && Date.now() - clickedAt > 1500) await clickIfCollapsed();
    if (Date.now() > deadline)
      throw new Error(`${path.map(String).join(' › ')} did not expand to children within ${timeoutMs} ms; the tree shows:\n${await treeText(page)}`);
    await page.waitForTimeout(150);
  }
}

/** Clicks a row's label (selects it; with `ctrl`, adds it to the selection). */
export async function select(page: Page, path: (string | RegExp)[], opts: { ctrl?: boolean } = {}): Promise<void> {
  const r = await row(page, path);
  await r.locator('.label-name').click({ modifiers: opts.ctrl ? ['Control'] : [] });
}

/** Collapses the row at `path` (no-op when collapsed) so later rows fit on screen. */
export async function collapse(page: Page, path: (string | RegExp)[]): Promise<void> {
  // A click that lands while the tree re-renders (after a refresh or filter) is lost: retry.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await row(page, path);
    if ((await r.getAttribute('aria-expanded')) !== 'true') return;
    await r.locator('.monaco-tl-twistie').click();
    try {
      await waitForTree(page, `${path.map(String).join(' › ')} to collapse`, (rows) => findRow(rows, path)?.expanded === false, 2000);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

/** Labels of the direct children of `path`, as rendered now. */
export async function childLabels(page: Page, path: (string | RegExp)[]): Promise<string[]> {
  return childrenOf(await readTree(page), path).map((r) => r.label);
}

/** Drags the side bar's sash so descriptions (digest · size · age) fit in screenshots. */
export async function widenSidebar(page: Page, width = 560): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 5 });
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

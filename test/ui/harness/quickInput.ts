// The command palette, input boxes and quick picks: all one widget, `.quick-input-widget`.
import type { Locator, Page } from 'playwright-core';

const WIDGET = '.quick-input-widget';

export function quickInput(page: Page): Locator {
  return page.locator(WIDGET);
}

/**
 * Opens the palette (F1), types the command's full title ("Registry Explorer: Add Registry…") and runs it.
 * The palette closes when it loses focus, and a tree view that had focus takes it back when a
 * refresh completes (VS Code's TreeView): if the palette closed before Enter, nothing ran, and
 * it is opened again, as a person would.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = quickInput(page);
  const input = widget.locator('.quick-input-box input');
  const first = widget.locator('.quick-input-list .monaco-list-row').first();
  for (let attempt = 1; ; attempt++) {
    // The editor area must not hold a modal or a menu, or F1 goes nowhere.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    // Enter runs the first row; wait until it is this command, so a slow filter cannot run another.
    const deadline = Date.now() + 15_000;
    let label = '';
    let closed = false;
    for (;;) {
      label = (await first.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
      if (label.startsWith(title)) break;
      if (!(await widget.isVisible())) {
        closed = true;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the palette does not offer "${title}" (first row: "${label}"); is the command contributed?`);
      await page.waitForTimeout(100);
    }
    if (closed) {
      if (attempt >= 3) throw new Error(`the palette closed three times before "${title}" could run`);
      continue;
    }
    await input.press('Enter');
    return;
  }
}

export interface InputBoxState {
  prompt: string;
  placeholder: string;
  title: string;
  value: string;
  isPassword: boolean;
  validation: string;
}

/** Reads the visible input box (or quick pick) texts; returns undefined when none is open. */
export async function readInput(page: Page): Promise<InputBoxState | undefined> {
  const widget = quickInput(page);
  if (!(await widget.isVisible())) return undefined;
  const input = widget.locator('.quick-input-box input');
  return {
    prompt:
      (await widget
        .locator('.quick-input-message')
        .textContent()
        .catch(() => '')) ?? '',
    placeholder: (await input.getAttribute('placeholder')) ?? '',
    title:
      (await widget
        .locator('.quick-input-title')
        .textContent()
        .catch(() => '')) ?? '',
    value: await input.inputValue(),
    isPassword: (await input.getAttribute('type')) === 'password',
    validation:
      (await widget
        .locator('.quick-input-message .monaco-inputbox-message, .quick-input-message')
        .textContent()
        .catch(() => '')) ?? '',
  };
}

function describe(s: InputBoxState | undefined): string {
  return s ? `prompt "${s.prompt}", placeholder "${s.placeholder}", title "${s.title}"` : 'no input open';
}

/** Waits for an input box (or quick pick) whose prompt, placeholder or title matches `which`. */
export async function waitForInput(page: Page, which: RegExp, timeoutMs = 20_000): Promise<InputBoxState> {
  const deadline = Date.now() + timeoutMs;
  let state: InputBoxState | undefined;
  for (;;) {
    state = await readInput(page);
    if (state && (which.test(state.prompt) || which.test(state.placeholder) || which.test(state.title))) return state;
    if (Date.now() > deadline) throw new Error(`no input box matching ${which} within ${timeoutMs} ms (${describe(state)})`);
    await page.waitForTimeout(100);
  }
}

/**
 * Waits for an input box whose prompt, placeholder or title matches `which`, types `text` and
 * presses Enter. Returns what the box looked like (tests check `isPassword`).
 */
export async function answerInput(page: Page, which: RegExp, text: string, timeoutMs = 20_000): Promise<InputBoxState> {
  const state = await waitForInput(page, which, timeoutMs);
  const input = quickInput(page).locator('.quick-input-box input');
  await input.fill(text);
  await input.press('Enter');
  return state;
}

/** Labels of the rows a quick pick shows now. */
export async function quickPickItems(page: Page): Promise<string[]> {
  return quickInput(page).locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
}

/**
 * Waits for a quick pick row labelled `label` (exact string or RegExp) and accepts it with the
 * keyboard: typing the label filters the list, then Enter takes the first row once it is that
 * one. (A mouse click that lands while the list is still being laid out can be lost.)
 */
export async function pick(page: Page, label: string | RegExp, timeoutMs = 20_000): Promise<void> {
  const widget = quickInput(page);
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  const isIt = (l: string) => (typeof label === 'string' ? l.trim() === label : label.test(l));
  const deadline = Date.now() + timeoutMs;
  let labels: string[] = [];
  for (;;) {
    labels = await rows
      .locator('.label-name')
      .allTextContents()
      .catch(() => [] as string[]);
    const hit = labels.find(isIt);
    if (hit !== undefined) {
      const input = widget.locator('.quick-input-box input');
      await input.fill(hit.trim());
      for (;;) {
        const first =
          (await rows
            .first()
            .locator('.label-name')
            .textContent()
            .catch(() => '')) ?? '';
        if (isIt(first)) break;
        if (Date.now() > deadline) throw new Error(`quick pick did not filter down to ${label} (first row "${first}")`);
        await page.waitForTimeout(100);
      }
      await input.press('Enter');
      return;
    }
    if (Date.now() > deadline) throw new Error(`quick pick has no item ${label} within ${timeoutMs} ms (items: ${JSON.stringify(labels)})`);
    await page.waitForTimeout(100);
  }
}

/**
 * For pickers that list names when they can and accept a typed name when they cannot (no
 * catalog): picks `name` if it is offered, else types it and presses Enter.
 */
export async function pickOrType(page: Page, name: string, timeoutMs = 20_000): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  // Give the list a moment to fill before deciding it has no such item.
  const deadline = Date.now() + Math.min(timeoutMs, 5000);
  for (;;) {
    const labels = (await quickPickItems(page).catch(() => [] as string[])).map((l) => l.trim());
    if (labels.includes(name)) return pick(page, name, timeoutMs);
    if (Date.now() > deadline) break;
    await page.waitForTimeout(150);
  }
  const input = widget.locator('.quick-input-box input');
  await input.fill(name);
  await page.waitForTimeout(200);
  await input.press('Enter');
}

/** Presses Escape in the open input box or quick pick and waits until it has closed. */
export async function escapeInput(page: Page): Promise<void> {
  const widget = quickInput(page);
  await widget.locator('.quick-input-box input').press('Escape');
  await widget.waitFor({ state: 'hidden' });
}

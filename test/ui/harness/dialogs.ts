// Modal dialogs, notification toasts and context menus.
import type { Locator, Page } from 'playwright-core';

export interface DialogState {
  message: string;
  detail: string;
  buttons: string[];
}

export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

/** Waits for a modal dialog and returns its texts. */
export async function readDialog(page: Page, timeoutMs = 20_000): Promise<DialogState> {
  const box = dialog(page);
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  return {
    message: (await box.locator('.dialog-message-text').textContent()) ?? '',
    detail:
      (await box
        .locator('.dialog-message-detail')
        .textContent()
        .catch(() => '')) ?? '',
    buttons: (await box.locator('.dialog-buttons .monaco-button').allTextContents()).map((b) => b.trim()),
  };
}

/** Clicks a modal dialog's button by its text. */
export async function answerDialog(page: Page, button: string | RegExp): Promise<void> {
  const box = dialog(page);
  await box.waitFor({ state: 'visible' });
  await box.locator('.dialog-buttons .monaco-button').filter({ hasText: button }).first().click();
  await box.waitFor({ state: 'hidden' });
}

/** Texts of the notification toasts on screen now. */
export async function toasts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allTextContents();
}

/** Waits for a toast whose text matches `re`; returns its text. */
export async function waitForToast(page: Page, re: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await toasts(page);
    const hit = all.find((t) => re.test(t));
    if (hit !== undefined) return hit;
    if (Date.now() > deadline) throw new Error(`no notification matching ${re} within ${timeoutMs} ms (showing: ${JSON.stringify(all)})`);
    await page.waitForTimeout(150);
  }
}

/** Waits for a toast whose text matches `re` and clicks its button `label`; returns the toast's text. */
export async function clickToastButton(page: Page, re: RegExp, label: string, timeoutMs = 20_000): Promise<string> {
  const text = await waitForToast(page, re, timeoutMs);
  const toast = page
    .locator('.notifications-toasts .notification-toast')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: re }) })
    .first();
  await toast.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: label }).first().click();
  return text;
}

/** Closes every toast so later waits see only new ones. */
export async function clearToasts(page: Page): Promise<void> {
  const close = page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear');
  for (let n = await close.count(); n > 0; n--)
    await close
      .first()
      .click()
      .catch(() => undefined);
}

/**
 * Right-clicks `target` and clicks the context menu item `label`. Menus ignore clicks for about
 * 100 ms after opening, so the item is hovered first and clicked after a pause. A menu closes
 * when it loses focus, and a tree view takes focus back when a background refresh completes:
 * a menu that closed before the click ran nothing, so it is opened again, as a person would.
 */
export async function contextMenu(page: Page, target: Locator, label: string | RegExp): Promise<void> {
  const menu = page.locator('.monaco-menu-container .monaco-menu, .context-view .monaco-menu').first();
  for (let attempt = 1; ; attempt++) {
    await target.click({ button: 'right' });
    await menu.waitFor({ state: 'visible' });
    const item = menu.getByRole('menuitem', { name: label }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: 5000 });
    } catch {
      if (attempt < 3 && !(await menu.isVisible())) continue;
      const items = await menu.getByRole('menuitem').allTextContents();
      await page.keyboard.press('Escape');
      throw new Error(`context menu has no item ${label} (items: ${JSON.stringify(items.map((s) => s.trim()))})`);
    }
    try {
      await item.hover({ timeout: 2000 });
      await page.waitForTimeout(250);
      await item.click({ timeout: 2000 });
      return;
    } catch (e) {
      // Only a menu that is gone is retried; an item that is there but cannot be clicked is an error.
      if (attempt >= 3 || (await menu.isVisible())) throw e;
    }
  }
}

/** Labels of the context menu `target` offers (closes the menu again). */
export async function contextMenuItems(page: Page, target: Locator): Promise<string[]> {
  await target.click({ button: 'right' });
  const menu = page.locator('.monaco-menu-container .monaco-menu, .context-view .monaco-menu').first();
  await menu.waitFor({ state: 'visible' });
  // The label only: an item with a keybinding also shows it ("Delete…" beside "Del").
  const items = (await menu.getByRole('menuitem').locator('.action-label').allTextContents()).map((s) => s.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  return items;
}

// Editor tabs: which is active, what text it holds, whether it is a diff.
import type { Page } from 'playwright-core';

/** Waits for an active tab whose title matches `re`; returns the title. */
export async function waitForTab(page: Page, re: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const titles = (
      await page.locator('.part.editor .tabs-container .tab').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))
    ).map((s) => s.trim());
    const hit = titles.find((t) => re.test(t));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no editor tab matching ${re} within ${timeoutMs} ms (tabs: ${JSON.stringify(titles)})`);
    await page.waitForTimeout(150);
  }
}

/**
 * The full text of the active (non-diff) editor. Monaco renders only visible lines, so the text is
 * read through the clipboard: focus, select all, copy (the context grants clipboard access).
 */
export async function activeEditorText(page: Page): Promise<string> {
  const editor = page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first();
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.waitForTimeout(200);
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Whether a diff editor is showing. */
export async function diffEditorVisible(page: Page): Promise<boolean> {
  return page.locator('.part.editor .monaco-diff-editor').first().isVisible();
}

// Drives the code-server workbench with playwright-core and Debian's chromium.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { findChromium, repoRoot } from './tools';
import type { CodeServer } from './codeServer';

export interface Workbench {
  page: Page;
  context: BrowserContext;
  /** Milliseconds from navigation to a usable workbench. */
  readyMs: number;
  /** Saves test-results/ui/NAME.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export const RESULTS_DIR = () => join(repoRoot(), 'test-results/ui');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Opens `server.url + path` in a fresh chromium profile and waits until the workbench is usable. */
export async function openWorkbench(server: CodeServer, path = '/'): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), 're-chromium-'));
  // A persistent context gives the fresh profile dir; headless, fixed size so screenshots compare.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(20_000);
  // Editor text is read through the clipboard (Monaco renders only the visible lines).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = context.pages()[0] ?? (await context.newPage());
  const t0 = Date.now();
  await page.goto(server.url + path, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await waitForWorkbench(page);
  const readyMs = Date.now() - t0;
  const resultsDir = RESULTS_DIR();
  mkdirSync(resultsDir, { recursive: true });
  return {
    page,
    context,
    readyMs,
    async screenshot(name) {
      const file = join(resultsDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The workbench is usable once the activity bar and status bar are rendered and the extension host is connected. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.monaco-workbench .part.activitybar .action-item').first().waitFor({ timeout: 60_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
}

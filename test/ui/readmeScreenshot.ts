// Retakes the README's picture (media/screenshot.png) from a running `npm run demo`:
//
//   npm run demo                                   # prints the code-server URL
//   node out/test/ui/readmeScreenshot.js http://127.0.0.1:8080/
//
// The side bar stays at VS Code's default width (300 px), as a new user sees it: the demo
// registry with foo/bar's tags and the multi-arch index foo/multi:latest expanded to its
// platforms, its manifest opened beside by the tag's default action (a click).
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium, repoRoot } from './harness/tools';
import { waitForWorkbench } from './harness/workbench';
import { childrenOf, expand, openRegistryView, select, waitForTree } from './harness/tree';
import { waitForTab } from './harness/editors';

async function main(url: string): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 're-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await waitForWorkbench(page);
    await openRegistryView(page);
    const registry = 'Demo registry';
    await expand(page, [registry]);
    await expand(page, [registry, 'foo/bar']);
    await expand(page, [registry, 'foo/multi']);
    await expand(page, [registry, 'foo/multi', 'latest']);
    // Every row described: tag details, and each platform's image size and date.
    await waitForTree(
      page,
      'the rows described',
      (rows) =>
        [...childrenOf(rows, [registry, 'foo/bar']), ...childrenOf(rows, [registry, 'foo/multi', 'latest'])].every((r) =>
          /\d+(\.\d+)? (B|kB|MB) · /.test(r.description),
        ),
      60_000,
    );
    await select(page, [registry, 'foo/multi', 'latest']);
    await waitForTab(page, /foo[/∕]multi:latest · manifest/);
    await page.locator('.part.statusbar').getByText('Activating Extensions').waitFor({ state: 'detached', timeout: 60_000 });
    await page.mouse.move(900, 760);
    const file = join(repoRoot(), 'media/screenshot.png');
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const url = process.argv[2];
if (!url) {
  console.error('usage: node out/test/ui/readmeScreenshot.js <the URL npm run demo prints>');
  process.exit(2);
}
main(url).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// One code-server + one browser page for a whole UI test file, and a `step` wrapper that saves a
// screenshot when a step fails (tests run in order and share the workbench on purpose).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, CodeServer, CodeServerOptions } from './codeServer';
import { openWorkbench, Workbench } from './workbench';
import { findVsix } from './tools';

export interface UiSession {
  server: CodeServer;
  wb: Workbench;
  page: Page;
  /** Startup figures (ms): VSIX install, code-server to /healthz, workbench ready. */
  timings: { installMs: number; startMs: number; readyMs: number };
  /** The user settings.json as code-server has it now (the extension writes registries there). */
  readUserSettings(): Record<string, any>;
  stop(): Promise<void>;
}

/** Installs the packaged VSIX into a scratch code-server, starts it and opens the workbench; prints the timings as `[ui] name: …`. */
export async function startUiSession(name: string, opts: Omit<CodeServerOptions, 'vsix'> = {}): Promise<UiSession> {
  const server = await startCodeServer({ ...opts, vsix: findVsix() });
  let wb: Workbench;
  try {
    wb = await openWorkbench(server);
  } catch (e) {
    await server.stop();
    throw e;
  }
  const settingsFile = join(server.userDataDir, 'User/settings.json');
  const timings = { ...server.timings, readyMs: wb.readyMs };
  process.stderr.write(`[ui] ${name}: install ${timings.installMs} ms, code-server ${timings.startMs} ms, workbench ${timings.readyMs} ms\n`);
  return {
    server,
    wb,
    page: wb.page,
    timings,
    readUserSettings: () => JSON.parse(readFileSync(settingsFile, 'utf8')),
    async stop() {
      await wb.close();
      await server.stop();
    },
  };
}

/** Prefix for screenshot names of one test file, so files do not overwrite each other's. */
export function screenshotNamer(prefix: string) {
  let n = 0;
  return (name: string) =>
    `${prefix}-${String(++n).padStart(2, '0')}-${name
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()}`;
}

/**
 * A node:test test that screenshots the workbench on failure (test-results/ui/FAILED-….png) and
 * adds the path to the error, so a red run says what the screen looked like.
 */
export function step(name: string, getSession: () => UiSession | undefined, fn: () => Promise<void>, timeoutMs = 90_000): void {
  test(name, { timeout: timeoutMs }, async () => {
    const t0 = Date.now();
    try {
      await fn();
    } catch (e) {
      const s = getSession();
      if (s) {
        const file = await s.wb
          .screenshot(
            `FAILED-${name
              .replace(/[^a-z0-9]+/gi, '-')
              .slice(0, 60)
              .toLowerCase()}`,
          )
          .catch(() => undefined);
        if (file && e instanceof Error) e.message += `\n(screenshot: ${file})`;
      }
      throw e;
    } finally {
      if (process.env.RE_UI_TIMINGS) process.stderr.write(`[ui] ${name}: ${Date.now() - t0} ms\n`);
    }
  });
}

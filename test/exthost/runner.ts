// Runs the extension-host suite inside code-server: the equivalent of @vscode/test-electron's
// runTests, which cannot download VS Code here. code-server runs with the smoke-test driver
// switch, and the browser opens a URL whose `payload` names the extension under development and
// the suite; the workbench then starts an extension host that calls the suite's run().
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestBed } from '../fixtures/testbed';
import { startCodeServer, CodeServer } from '../ui/harness/codeServer';
import { repoRoot } from '../ui/harness/tools';
import { openWorkbench, Workbench } from '../ui/harness/workbench';
import type { ExtHostConfig } from './suite/config';
import type { ExtHostResults } from './suite/framework';

export interface ExtHostRunOptions {
  /** Folder with the extension's package.json (the repository root). */
  extensionDevelopmentPath: string;
  /** Compiled suite entry exporting run() (out/test/exthost/suite/index.js). */
  extensionTestsPath: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Written to a file whose path the suite reads from $RE_EXTHOST_CONFIG; resultsFile is added. */
  config: Record<string, unknown>;
  timeoutMs?: number;
}

/** What an extension-host test file chooses; the rest (paths, registry setting, test-bed projection) is common. */
export interface ExtHostSuiteOptions {
  bed: TestBed;
  /** Spec modules of test/exthost/suite to load, in order. */
  specs: string[];
  /** The user whose credentials the extension finds outside VS Code (Docker config / keychain). */
  externalUser: string;
  /** Also sets `registryExplorer.pageSize` when given; the suite is told 50 (the default) otherwise. */
  pageSize?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** More for the suite's config (see suite/config.ts). */
  extra?: Partial<ExtHostConfig>;
  /** More user settings (e.g. `http.proxy`). */
  settings?: Record<string, unknown>;
}

/** The settled outcome of runExtHostSuite: the run, or why there was none. */
export interface ExtHostSettled {
  run?: ExtHostRun;
  error?: unknown;
}

export interface ExtHostRun {
  results: ExtHostResults;
  timings: { startMs: number; readyMs: number; suiteMs: number };
  /** code-server's log, for failure messages. */
  log: string;
}

export function payloadUrl(server: CodeServer, devPath: string, testsPath: string): string {
  const authority = `127.0.0.1:${server.port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${devPath}`],
    ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
  ];
  return `/?folder=${encodeURIComponent(server.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Runs the suite (out/test/exthost/suite) with the repository's extension against `bed`; never throws. */
export async function runExtHostSuite(opts: ExtHostSuiteOptions): Promise<ExtHostSettled> {
  try {
    const root = repoRoot();
    if (!existsSync(join(root, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
    const { bed } = opts;
    const config: Omit<ExtHostConfig, 'resultsFile'> = {
      testBed: { url: bed.url, host: bed.host, users: bed.users, seeded: bed.seeded },
      externalUser: opts.externalUser,
      specs: opts.specs,
      pageSize: opts.pageSize ?? 50,
      ...opts.extra,
    };
    const run = await runExtHostSuiteRaw({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out/test/exthost/suite/index.js'),
      env: opts.env,
      settings: {
        'registryExplorer.registries': [{ url: bed.url }],
        ...(opts.pageSize !== undefined ? { 'registryExplorer.pageSize': opts.pageSize } : {}),
        ...opts.settings,
      },
      config,
      timeoutMs: opts.timeoutMs,
    });
    process.stderr.write(`[exthost] code-server ${run.timings.startMs} ms, workbench ${run.timings.readyMs} ms, suite ${run.timings.suiteMs} ms\n`);
    return { run };
  } catch (error) {
    return { error };
  }
}

/** Runs any extension's suite in code-server; throws when it cannot run or does not finish. */
export async function runExtHostSuiteRaw(opts: ExtHostRunOptions): Promise<ExtHostRun> {
  if (!existsSync(opts.extensionTestsPath)) throw new Error(`${opts.extensionTestsPath} is missing: run \`node test/build.mjs\` first`);
  if (!existsSync(join(opts.extensionDevelopmentPath, 'package.json'))) throw new Error(`no package.json in ${opts.extensionDevelopmentPath}`);
  // The config file must exist before code-server starts; its path goes into the environment.
  const configPath = join(tmpdir(), `re-exthost-${process.pid}-${Date.now()}.json`);
  const resultsFile = `${configPath}.results.json`;
  writeFileSync(configPath, JSON.stringify({ ...opts.config, resultsFile }, null, 2));
  const server = await startCodeServer({
    smokeTestDriver: true,
    settings: opts.settings,
    env: { ...opts.env, RE_EXTHOST_CONFIG: configPath },
  });
  let wb: Workbench | undefined;
  try {
    const t0 = Date.now();
    wb = await openWorkbench(server, payloadUrl(server, opts.extensionDevelopmentPath, opts.extensionTestsPath));
    const readyMs = wb.readyMs;
    const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
    let results: ExtHostResults | undefined;
    for (;;) {
      if (existsSync(resultsFile)) {
        try {
          results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExtHostResults;
        } catch {
          results = undefined; /* mid-write */
        }
        if (results?.complete) break;
      }
      if (Date.now() > deadline) {
        const partial = results
          ? ` (partial: ${results.results.length} tests finished, last: ${results.results.at(-1)?.name ?? 'none'})`
          : ' (no results file at all: the suite never ran — check extensionTestsPath and the log)';
        throw new Error(
          `the extension-host suite did not finish within ${opts.timeoutMs ?? 180_000} ms${partial}\n--- code-server log (tail) ---\n${server.log().slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return { results, timings: { startMs: server.timings.startMs, readyMs, suiteMs: Date.now() - t0 - readyMs }, log: server.log() };
  } finally {
    await wb?.close();
    await server.stop();
    for (const f of [configPath, resultsFile]) {
      rmSync(f, { force: true });
    }
  }
}

/** Turns each in-host result into a node:test subtest; a run that failed or reported nothing fails. */
export async function reportInHostResults(t: TestContext, { run, error }: ExtHostSettled): Promise<void> {
  if (error) throw error;
  assert.ok(run, 'the suite did not run');
  if (run.results.fatal) assert.fail(run.results.fatal);
  assert.ok(run.results.results.length > 0, 'the suite reported no tests');
  for (const r of run.results.results) {
    await t.test(r.name, () => {
      if (!r.ok) assert.fail(r.error ?? 'failed without a message');
    });
  }
}

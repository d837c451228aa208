// Starts a throw-away code-server: every directory it writes to (HOME, XDG_*, TMPDIR,
// user-data-dir, extensions-dir) lives under one scratch dir, so a run never touches the real
// home and a crashed run leaves nothing behind but that dir. One instance at a time on 2 cores.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../fixtures/tools';
import { findCodeServerTools, CodeServerTools } from './tools';

export interface CodeServerOptions {
  /** VSIX to install with `--install-extension` before start. */
  vsix?: string;
  /** User settings written to user-data-dir/User/settings.json (merged over quiet defaults). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host (e.g. DOCKER_CONFIG). */
  env?: Record<string, string>;
  /** Folder to open; default an empty scratch folder. */
  folder?: string;
  /** `--vscode-option enable-smoke-test-driver`: needed for extension-host test payloads; hides toasts. */
  smokeTestDriver?: boolean;
  /** Fixed port (the demo uses 8080); default a free one. */
  port?: number;
  /** Keep the scratch dir after stop (debugging); also RE_KEEP_SCRATCH=1. */
  keepScratch?: boolean;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  scratch: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  /** The environment code-server runs with (extension host inherits it). */
  env: NodeJS.ProcessEnv;
  /** Milliseconds: VSIX install, and spawn → /healthz. */
  timings: { installMs: number; startMs: number };
  /** code-server's stdout+stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic for a driven browser. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

function scratchDirs(scratch: string) {
  const d = {
    home: join(scratch, 'home'),
    tmp: join(scratch, 'tmp'),
    runtime: join(scratch, 'run'),
    userDataDir: join(scratch, 'user-data'),
    extensionsDir: join(scratch, 'extensions'),
    workspace: join(scratch, 'workspace'),
    docker: join(scratch, 'home/.docker'),
  };
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  chmodSync(d.runtime, 0o700);
  mkdirSync(join(d.userDataDir, 'User'), { recursive: true });
  return d;
}

function scratchEnv(tools: CodeServerTools, d: ReturnType<typeof scratchDirs>, extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Only what a shell would have; nothing from the test runner's own VS Code / npm context.
  for (const k of ['LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', 'SHELL', 'TERM']) if (process.env[k]) env[k] = process.env[k];
  Object.assign(
    env,
    {
      PATH: `${tools.nodeBinDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: d.home,
      TMPDIR: d.tmp,
      XDG_CONFIG_HOME: join(d.home, '.config'),
      XDG_DATA_HOME: join(d.home, '.local/share'),
      XDG_CACHE_HOME: join(d.home, '.cache'),
      XDG_STATE_HOME: join(d.home, '.local/state'),
      XDG_RUNTIME_DIR: d.runtime,
      // An empty Docker config unless the test supplies one: the real ~/.docker must not leak in.
      DOCKER_CONFIG: d.docker,
    },
    extra ?? {},
  );
  return env;
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Installs a VSIX into `extensionsDir`. Synchronous on purpose: nothing else should run meanwhile. */
export function installVsix(tools: CodeServerTools, env: NodeJS.ProcessEnv, userDataDir: string, extensionsDir: string, vsix: string): number {
  const t0 = Date.now();
  const r = spawnSync(tools.node, [tools.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}\n${r.stderr}`);
  }
  return Date.now() - t0;
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const tools = findCodeServerTools();
  const scratch = mkdtempSync(join(tmpdir(), 're-cs-'));
  const d = scratchDirs(scratch);
  const env = scratchEnv(tools, d, opts.env);
  writeFileSync(join(d.userDataDir, 'User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));

  const installMs = opts.vsix ? installVsix(tools, env, d.userDataDir, d.extensionsDir, opts.vsix) : 0;

  const port = opts.port ?? (await freePort());
  const folder = opts.folder ?? d.workspace;
  const args = [
    tools.entry,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    d.userDataDir,
    '--extensions-dir',
    d.extensionsDir,
  ];
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(folder);

  const logPath = join(scratch, 'code-server.log');
  const logFd = openSync(logPath, 'a');
  const t0 = Date.now();
  // detached: its own process group, so stop() ends code-server and every extension host it spawned.
  const child: ChildProcess = spawn(tools.node, args, { env, cwd: d.home, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited: { code: number | null; signal: string | null } | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const log = () => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  };

  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
      if ((await Promise.race([exitPromise, timer])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await exitPromise;
      }
    }
    // Children of the group (extension host, pty host) can outlive the leader by a moment.
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* group empty */
      }
    }
    if (!(opts.keepScratch || process.env.RE_KEEP_SCRATCH)) rmSync(scratch, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await getStatus(`${url}/healthz`)) !== 200) {
    if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}) before answering /healthz:\n${log().slice(-4000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${log().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    scratch,
    home: d.home,
    userDataDir: d.userDataDir,
    extensionsDir: d.extensionsDir,
    folder,
    env,
    timings: { installMs, startMs: Date.now() - t0 },
    log,
    stop,
  };
}

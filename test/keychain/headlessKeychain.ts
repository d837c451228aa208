// A real OS keychain without a desktop: a private D-Bus session bus and gnome-keyring's Secret
// Service on it, unlocked with a throw-away password fed on stdin (an empty one leaves it locked).
// Everything lives in one scratch dir; stop() ends both daemons (they are our children).
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface HeadlessKeychain {
  /** Environment for processes that should see this keychain (helpers, secret-tool). */
  env: NodeJS.ProcessEnv;
  home: string;
  scratch: string;
  /** Runs a command in the keychain's environment; stdin text optional. Output stays in memory. */
  run(cmd: string, args: string[], input?: string): RunResult;
  /** Writes `home/.docker/config.json` = `{ credsStore: 'secretservice' }`; returns the directory (for DOCKER_CONFIG). */
  writeCredsStoreConfig(): string;
  /** `docker-credential-secretservice store` of `user` for `serverUrl`: what `docker login` does with that credsStore. */
  storeDockerCredentials(serverUrl: string, user: { username: string; password: string }): RunResult;
  stop(): Promise<void>;
}

const TOOLS: [string, string][] = [
  ['/usr/bin/dbus-daemon', 'dbus'],
  ['/usr/bin/gnome-keyring-daemon', 'gnome-keyring'],
  ['/usr/bin/docker-credential-secretservice', 'golang-docker-credential-helpers'],
  ['/usr/bin/secret-tool', 'libsecret-tools'],
];

export function requireKeychainTools(): void {
  const missing = TOOLS.filter(([bin]) => !existsSync(bin));
  if (missing.length) {
    throw new Error(`missing ${missing.map(([b]) => b).join(', ')}: apt-get install -y ${missing.map(([, p]) => p).join(' ')}`);
  }
}

function waitForLine(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl).trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready`));
    });
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startHeadlessKeychain(): Promise<HeadlessKeychain> {
  requireKeychainTools();
  const scratch = mkdtempSync(join(tmpdir(), 're-keychain-'));
  const home = join(scratch, 'home');
  const runtime = join(scratch, 'run');
  mkdirSync(home, { recursive: true });
  mkdirSync(runtime, { recursive: true });
  chmodSync(runtime, 0o700);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
  let dbus: ChildProcess | undefined;
  let keyring: ChildProcess | undefined;
  const stop = async () => {
    await stopChild(keyring);
    await stopChild(dbus);
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    dbus = spawn(
      '/usr/bin/dbus-daemon',
      ['--config-file=/usr/share/dbus-1/session.conf', `--address=unix:path=${join(runtime, 'bus')}`, '--nofork', '--print-address=1'],
      { env, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    env.DBUS_SESSION_BUS_ADDRESS = await waitForLine(dbus, 'dbus-daemon', 10_000);

    keyring = spawn('/usr/bin/gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    // The unlock password, not a secret of the product; must be non-empty or the keyring stays locked.
    keyring.stdin!.end('registry-explorer-test-keyring');
    keyring.stdout!.resume();
    keyring.stderr!.resume();
    // A client that asks before the daemon has created and unlocked the login keyring leaves it
    // without a default collection, so first wait for the keyring file, then for a store to work
    // (search exits 1 both for "nothing found" and "no service").
    const loginKeyring = join(env.XDG_DATA_HOME!, 'keyrings/login.keyring');
    const deadline = Date.now() + 10_000;
    while (!existsSync(loginKeyring)) {
      if (Date.now() > deadline) throw new Error(`gnome-keyring-daemon did not create ${loginKeyring} within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (;;) {
      const probe = spawnSync('/usr/bin/secret-tool', ['store', '--label=registry-explorer probe', 'registry-explorer-probe', '1'], {
        env,
        input: 'probe',
        encoding: 'utf8',
        timeout: 5000,
      });
      if (probe.status === 0) break;
      if (Date.now() > deadline) throw new Error(`the Secret Service did not come up on ${env.DBUS_SESSION_BUS_ADDRESS}: ${probe.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const run = (cmd: string, args: string[], input?: string): RunResult => {
    const r = spawnSync(cmd, args, { env, input, encoding: 'utf8', timeout: 15_000 });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? r.error?.message ?? '' };
  };
  return {
    env,
    home,
    scratch,
    stop,
    run,
    writeCredsStoreConfig() {
      const dir = join(home, '.docker');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ credsStore: 'secretservice' }, null, 2));
      return dir;
    },
    storeDockerCredentials(serverUrl, user) {
      return run('docker-credential-secretservice', ['store'], JSON.stringify({ ServerURL: serverUrl, Username: user.username, Secret: user.password }));
    },
  };
}

/**
 * Runs Docker credential helpers (`docker-credential-NAME get|store|erase`) the way the docker
 * CLI does: the server URL (or a JSON payload) on stdin, JSON on stdout. No shell is involved
 * (execFile with an argument array), the NAME is validated, and every run has a timeout because
 * a helper can hang waiting for a keychain to unlock.
 */
import { execFile as nodeExecFile } from 'node:child_process';
import type { Credentials } from '../registry';

const HELPER_NAME = /^[a-zA-Z0-9_.-]+$/;
/** Docker's helpers print this (exit 1) when they have nothing for the server. */
const NOT_FOUND = /credentials not found/i;
/** The Username a helper returns for an identity token. */
const TOKEN_USERNAME = '<token>';

export type ExecFileLike = (
  file: string,
  args: string[],
  options: { timeout: number; env: NodeJS.ProcessEnv; maxBuffer: number; windowsHide: boolean },
  callback: (error: (Error & { code?: string | number; killed?: boolean; signal?: string | null }) | null, stdout: string, stderr: string) => void,
) => { stdin: NodeJS.WritableStream | null };

export interface HelperRunOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** Environment (PATH decides which helper binary runs). Default process.env. */
  env?: NodeJS.ProcessEnv;
  execFile?: ExecFileLike;
}

export class CredentialHelperError extends Error {
  constructor(
    message: string,
    readonly helper: string,
    readonly reason: 'invalid-name' | 'missing' | 'timeout' | 'failed' | 'bad-output',
  ) {
    super(message);
    this.name = 'CredentialHelperError';
  }
}

export function isValidHelperName(name: string): boolean {
  return HELPER_NAME.test(name);
}

interface RunResult {
  stdout: string;
  notFound: boolean;
}

function run(name: string, action: 'get' | 'store' | 'erase', input: string, opts: HelperRunOptions): Promise<RunResult> {
  if (!isValidHelperName(name)) {
    return Promise.reject(
      new CredentialHelperError(
        `"${name}" is not a valid credential helper name (letters, digits, _ . - only), so it was not run. Check credsStore / credHelpers in your Docker config.`,
        name,
        'invalid-name',
      ),
    );
  }
  const binary = `docker-credential-${name}`;
  const timeout = opts.timeoutMs ?? 10_000;
  const exec = opts.execFile ?? (nodeExecFile as unknown as ExecFileLike);
  return new Promise((resolve, reject) => {
    const child = exec(binary, [action], { timeout, env: opts.env ?? process.env, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      const out = String(stdout ?? '');
      if (!error) return resolve({ stdout: out, notFound: false });
      if (error.code === 'ENOENT') {
        return reject(
          new CredentialHelperError(
            `${binary} is not installed or not on PATH, but your Docker config names it (credsStore / credHelpers). Install it, or remove it from the Docker config.`,
            name,
            'missing',
          ),
        );
      }
      if (error.killed || error.signal === 'SIGTERM') {
        return reject(
          new CredentialHelperError(
            `${binary} did not answer within ${Math.round(timeout / 1000)} s, so it was stopped; it may be waiting for the keychain to be unlocked. Unlock it and refresh.`,
            name,
            'timeout',
          ),
        );
      }
      const said = (out + '\n' + String(stderr ?? '')).trim();
      if (NOT_FOUND.test(said)) return resolve({ stdout: out, notFound: true });
      const firstLine = said.split('\n')[0].slice(0, 200);
      reject(new CredentialHelperError(`${binary} ${action} failed${firstLine ? `: ${firstLine}` : ` (exit ${error.code})`}.`, name, 'failed'));
    });
    // A helper that exits before reading stdin makes the write fail with EPIPE; the exit status tells the story.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** `get`: the credentials the helper holds for the server, or undefined when it has none. */
export async function helperGet(name: string, serverUrl: string, opts: HelperRunOptions = {}): Promise<Credentials | undefined> {
  const { stdout, notFound } = await run(name, 'get', serverUrl, opts);
  if (notFound) return undefined;
  let json: any;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new CredentialHelperError(
      `docker-credential-${name} returned something that is not JSON for ${serverUrl}; it may be broken or not a credential helper.`,
      name,
      'bad-output',
    );
  }
  const username = typeof json?.Username === 'string' ? json.Username : undefined;
  const secret = typeof json?.Secret === 'string' ? json.Secret : undefined;
  if (!secret) {
    throw new CredentialHelperError(`docker-credential-${name} returned no Secret for ${serverUrl}.`, name, 'bad-output');
  }
  if (username === TOKEN_USERNAME) return { identityToken: secret };
  if (!username) throw new CredentialHelperError(`docker-credential-${name} returned no Username for ${serverUrl}.`, name, 'bad-output');
  return { username, password: secret };
}

/** `store`: saves the login so the docker CLI (and others using the helper) share it. */
export async function helperStore(name: string, serverUrl: string, credentials: Credentials, opts: HelperRunOptions = {}): Promise<void> {
  const payload =
    'password' in credentials
      ? { ServerURL: serverUrl, Username: credentials.username, Secret: credentials.password }
      : { ServerURL: serverUrl, Username: TOKEN_USERNAME, Secret: credentials.identityToken };
  await run(name, 'store', JSON.stringify(payload), opts);
}

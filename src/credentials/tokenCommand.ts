/**
 * Token commands: a program the user named in their user settings (`aws ecr get-login-password
 * --region …`, `gcloud auth print-access-token`) prints a registry password on stdout. It runs
 * without a shell (argv as given, nothing expanded), with a timeout that kills it, and with its
 * output bounded. Its token is kept for the token's lifetime and fetched again once when the
 * registry rejects it. Plain Node (no `vscode`): the settings come in already read.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { registryKindOfHost, type Credentials } from '../registry';
import { registryIdOfAuthKey } from './dockerConfig';

/** One entry of `registryExplorer.tokenCommands`. */
export interface TokenCommandSetting {
  /** argv: the program, then its arguments, each passed as is. */
  command: string[];
  username: string;
  lifetimeSeconds?: number;
}

export const TOKEN_COMMAND_TIMEOUT_MS = 30_000;
export const TOKEN_COMMAND_MAX_OUTPUT = 64 * 1024;
/** ECR's `get-login-password` token lasts 12 hours; gcloud's access token 1 hour. */
const ECR_LIFETIME_S = 12 * 3600;
const DEFAULT_LIFETIME_S = 3600;
/** Fetch again a little before the token runs out, so a request does not meet it expiring. */
const EARLY_S = 300;
/** A token fetched after a rejection and rejected again within this time is the command's fault, not an expiry: no third run. */
const RERUN_AFTER_REJECTION_MS = 60_000;

/**
 * The token commands of the user's own settings, keyed by registry id. Only `globalValue` (user
 * settings) counts: a workspace or folder value — which anyone who wrote the repository can set —
 * is ignored, since it would make the extension run a command of their choosing.
 */
export function userTokenCommands(inspected: { globalValue?: unknown } | undefined): { commands: Map<string, TokenCommandSetting>; problems: string[] } {
  return parseTokenCommands(inspected?.globalValue);
}

/** Reads the setting's value; entries that cannot be used are left out with a sentence why. */
export function parseTokenCommands(value: unknown): { commands: Map<string, TokenCommandSetting>; problems: string[] } {
  const commands = new Map<string, TokenCommandSetting>();
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { commands, problems };
  for (const [host, raw] of Object.entries(value as Record<string, unknown>)) {
    const id = registryIdOfAuthKey(host);
    const e = raw as Partial<TokenCommandSetting> | undefined;
    if (!id || !e || typeof e !== 'object') {
      problems.push(`The token command for "${host}" is not an object with command and username; it is not used.`);
      continue;
    }
    if (!Array.isArray(e.command) || !e.command.length || !e.command.every((a) => typeof a === 'string') || !e.command[0]) {
      problems.push(
        `The token command for ${id} needs "command": a list of the program and its arguments, e.g. ["aws", "ecr", "get-login-password"]; it is not used.`,
      );
      continue;
    }
    if (typeof e.username !== 'string' || !e.username) {
      problems.push(`The token command for ${id} needs "username" (AWS for ECR, oauth2accesstoken for gcloud); it is not used.`);
      continue;
    }
    const lifetime = typeof e.lifetimeSeconds === 'number' && Number.isFinite(e.lifetimeSeconds) && e.lifetimeSeconds > 0 ? e.lifetimeSeconds : undefined;
    commands.set(id, { command: [...e.command], username: e.username, lifetimeSeconds: lifetime });
  }
  return { commands, problems };
}

/** How long a token lasts: the setting, else by the registry's kind (ECR 12 h, others 1 h). */
export function tokenLifetimeSeconds(registryId: string, setting: TokenCommandSetting): number {
  if (setting.lifetimeSeconds) return setting.lifetimeSeconds;
  return registryKindOfHost(registryId) === 'ecr' ? ECR_LIFETIME_S : DEFAULT_LIFETIME_S;
}

/** Where a sign-in came from, in a few words: `token command aws …`. */
export function tokenCommandLabel(setting: TokenCommandSetting): string {
  return `token command ${path.basename(setting.command[0])}${setting.command.length > 1 ? ' …' : ''}`;
}

export class TokenCommandError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'timeout' | 'failed' | 'too-large' | 'empty' | 'bad-token',
  ) {
    super(message);
    this.name = 'TokenCommandError';
  }
}

export interface RunOptions {
  timeoutMs?: number;
  maxBytes?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs argv without a shell and answers its stdout, trimmed. Every failure is a TokenCommandError
 * naming the program and exit code, never what it printed on stdout; stderr's first line is
 * quoted only with anything token-like (and the output itself) taken out.
 */
export function runTokenCommand(argv: readonly string[], opts: RunOptions = {}): Promise<string> {
  const name = argv[0];
  const timeoutMs = opts.timeoutMs ?? TOKEN_COMMAND_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? TOKEN_COMMAND_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let ended: 'timeout' | 'too-large' | undefined;
    const child = spawn(name, argv.slice(1), { shell: false, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stop = (why: 'timeout' | 'too-large') => {
      ended ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) return stop('too-large');
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 4096) err += chunk.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT')
        reject(new TokenCommandError(`The token command ${name} was not found. Install it, or fix its path in registryExplorer.tokenCommands.`, 'missing'));
      else reject(new TokenCommandError(`The token command ${name} could not be started (${e.code ?? 'error'}).`, 'failed'));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      if (ended === 'timeout')
        return reject(
          new TokenCommandError(
            `The token command ${name} did not finish within ${Math.round(timeoutMs / 1000)} s, so it was stopped. It may be waiting for a login: run it in a terminal once.`,
            'timeout',
          ),
        );
      if (ended === 'too-large')
        return reject(
          new TokenCommandError(
            `The token command ${name} printed more than ${Math.round(maxBytes / 1024)} KiB, which is not a token, so it was stopped.`,
            'too-large',
          ),
        );
      if (code !== 0) {
        const line = scrubbedFirstLine(err, stdout);
        return reject(
          new TokenCommandError(`The token command ${name} failed (exit code ${code ?? signal ?? 'unknown'})${line ? `: ${line}` : '.'}`, 'failed'),
        );
      }
      const token = stdout.trim();
      if (!token)
        return reject(new TokenCommandError(`The token command ${name} printed nothing (exit code 0), so there is no token to sign in with.`, 'empty'));
      // The token goes into an Authorization header: a line break or control byte there would split or corrupt it.
      if (/[\u0000-\u001f\u007f]/.test(token) || /[^\u0020-\u00ff]/.test(token)) {
        return reject(
          new TokenCommandError(
            `The token command ${name} printed something that is not a single-line token (a line break or another character a password cannot hold), so it was not used.`,
            'bad-token',
          ),
        );
      }
      resolve(token);
    });
  });
}

/** stderr's first non-empty line, without the output, anything token-like, or control bytes; at most 200 characters. */
function scrubbedFirstLine(stderr: string, stdout: string): string {
  let line = stderr.split(/\r?\n/).find((l) => l.trim()) ?? '';
  for (const part of stdout.split(/\s+/).filter((p) => p.length >= 6)) line = line.split(part).join('…');
  line = line
    .replace(/[A-Za-z0-9+/=_.-]{20,}/g, '…')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

interface Held {
  token: string;
  expiresAt: number;
  fetchedAt: number;
  /** Fetched because the registry rejected the one before: rejected again soon after, it is not run again. */
  afterRejection: boolean;
}

export interface TokenCommandsOptions {
  now?: () => number;
  run?: (argv: readonly string[]) => Promise<string>;
}

/** The token commands' tokens, per registry: one run at a time, kept for their lifetime. */
export class TokenCommands {
  private readonly held = new Map<string, Held>();
  private readonly running = new Map<string, Promise<Held>>();
  private readonly renewNext = new Set<string>();
  private readonly now: () => number;
  private readonly run: (argv: readonly string[]) => Promise<string>;

  constructor(
    private readonly settings: () => Map<string, TokenCommandSetting>,
    opts: TokenCommandsOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.run = opts.run ?? ((argv) => runTokenCommand(argv));
  }

  setting(registryId: string): TokenCommandSetting | undefined {
    return this.settings().get(registryId);
  }

  /** Whether a token is held and has time left. */
  isFresh(registryId: string): boolean {
    const h = this.held.get(registryId);
    return !!h && this.now() < h.expiresAt;
  }

  /** The credentials for a registry with a token command (runs it unless a fresh token is held); undefined without one. */
  async get(registryId: string): Promise<{ credentials: Credentials; sourceLabel: string } | undefined> {
    const setting = this.setting(registryId);
    if (!setting) return undefined;
    const h = this.held.get(registryId);
    const held = h && this.now() < h.expiresAt ? h : await this.fetch(registryId, setting);
    return { credentials: { username: setting.username, password: held.token }, sourceLabel: tokenCommandLabel(setting) };
  }

  /**
   * The registry rejected `password`. True when a new token may help: the held one is dropped
   * (the next `get` runs the command again), or it was already replaced. A token that was itself
   * fetched after a rejection and is rejected within a minute is not replaced again: no loop.
   */
  rejected(registryId: string, password: string): boolean {
    if (!this.setting(registryId)) return false;
    const h = this.held.get(registryId);
    if (!h) return false;
    if (h.token !== password) return true;
    if (h.afterRejection && this.now() - h.fetchedAt < RERUN_AFTER_REJECTION_MS) return false;
    this.held.delete(registryId);
    this.renewNext.add(registryId);
    return true;
  }

  forget(registryId?: string): void {
    if (registryId) this.held.delete(registryId);
    else this.held.clear();
  }

  private fetch(registryId: string, setting: TokenCommandSetting): Promise<Held> {
    let p = this.running.get(registryId);
    if (!p) {
      const afterRejection = this.renewNext.delete(registryId);
      p = this.run(setting.command).then((token) => {
        const life = tokenLifetimeSeconds(registryId, setting);
        const held: Held = { token, fetchedAt: this.now(), expiresAt: this.now() + Math.max(life - EARLY_S, life / 2) * 1000, afterRejection };
        this.held.set(registryId, held);
        return held;
      });
      const done = () => this.running.delete(registryId);
      p.then(done, done);
      this.running.set(registryId, p);
    }
    return p;
  }
}

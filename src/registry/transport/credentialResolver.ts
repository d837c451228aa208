/**
 * The caller's credentials, asked for lazily and once, and the rules for where they may go.
 */
import { createHash } from 'node:crypto';
import { RegistryError } from '../errors';
import { isLoopbackHost } from './http';
import { hasControlCharacters, type Secrets } from './secrets';
import type { CredentialSource, Credentials } from '../types';

export class CredentialResolver {
  private pending?: Promise<Credentials | undefined>;

  constructor(
    private readonly source: CredentialSource | undefined,
    private readonly host: string,
    private readonly secrets: Secrets,
    private readonly onRejected?: (host: string, rejected: Credentials) => boolean | Promise<boolean>,
  ) {}

  /**
   * The registry rejected `rejected`: true when the source says asking again may give others,
   * and the next `get` asks it again. A hook that fails counts as no.
   */
  async renew(rejected: Credentials): Promise<boolean> {
    if (!this.onRejected || typeof this.source !== 'function') return false;
    let again = false;
    try {
      again = (await this.onRejected(this.host, rejected)) === true;
    } catch {
      again = false;
    }
    if (again) this.pending = undefined;
    return again;
  }

  /** The credentials (asked for once), checked and remembered as secrets to mask in messages. */
  get(): Promise<Credentials | undefined> {
    if (!this.pending) {
      const s = this.source;
      this.pending = (typeof s === 'function' ? Promise.resolve().then(() => s(this.host)) : Promise.resolve(s)).then((c) => this.checked(c));
      // A failing credential helper may work next time: do not cache the failure.
      this.pending.catch(() => (this.pending = undefined));
    }
    return this.pending;
  }

  private checked(c: Credentials | undefined): Credentials | undefined {
    if (!c) return undefined;
    const secret = 'password' in c ? c.password : c.identityToken;
    this.secrets.add(secret, `${c.username ?? ''}:${secret}`, c.username ? `${c.username}:${secret}` : undefined);
    const bad = [c.username, secret].some((v) => typeof v === 'string' && hasControlCharacters(v));
    if (bad || typeof secret !== 'string') {
      throw new RegistryError({
        kind: 'unauthorized',
        operation: `sign in to ${this.host}`,
        message: `The login for ${this.host} contains a line break or another control character, which cannot be sent to a registry; it was not used.`,
        hint: 'Sign in again with the user name and password (or token) as they should be.',
      });
    }
    return c;
  }
}

/** A cache key part naming who the token is for, without holding the secret itself. */
export function identityOf(c: Credentials | undefined): string {
  if (!c) return 'anonymous';
  const secret = 'password' in c ? c.password : c.identityToken;
  const fingerprint = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return `${c.username ?? '<token>'}#${fingerprint}`;
}

/** The Basic `Authorization` value; credentials reach it only through `CredentialResolver.get`, which checks them. */
export function basicHeader(c: Credentials): string {
  const user = 'password' in c ? c.username : (c.username ?? '<token>');
  const pass = 'password' in c ? c.password : c.identityToken;
  return 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
}

/**
 * Basic credentials travel in clear over http: only to loopback, or to a registry the user
 * marked insecure.
 */
export function assertMaySendBasic(url: string, insecure: boolean, ctx: { host: string; operation: string }): void {
  const u = new URL(url);
  if (u.protocol === 'https:' || insecure || isLoopbackHost(u.hostname)) return;
  throw new RegistryError({
    kind: 'protocol',
    operation: ctx.operation,
    message: `Refusing to send your password to ${u.host} over plain http: anyone on the network could read it.`,
    hint: `Use https for ${ctx.host}, or mark the registry as insecure in Edit Connection if you accept the risk.`,
  });
}

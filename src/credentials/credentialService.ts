/**
 * The one place that answers "what do we sign in to this registry with": first what the user
 * signed in with here (SecretStorage, i.e. the OS keychain on desktop), then Docker's and podman's
 * logins. Secrets go nowhere else: not settings, not logs, not globalState.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../registry';
import type { CredentialService, ResolvedCredentials } from '../contracts';
import { lookupExternalCredentials, type ExternalLookupOptions } from './externalCredentials';
import type { TokenCommands } from './tokenCommand';

export const SECRET_KEY_PREFIX = 'registryExplorer.credential:';

export function secretKey(registryId: string): string {
  return SECRET_KEY_PREFIX + registryId;
}

/** Parses what we stored; anything else is treated as no secret (and logged by the caller). */
export function parseStoredSecret(text: string | undefined): Credentials | undefined {
  if (!text) return undefined;
  try {
    const j = JSON.parse(text);
    if (j && typeof j.identityToken === 'string' && j.identityToken)
      return { identityToken: j.identityToken, username: typeof j.username === 'string' ? j.username : undefined };
    if (j && typeof j.username === 'string' && typeof j.password === 'string') return { username: j.username, password: j.password };
  } catch {
    /* fall through */
  }
  return undefined;
}

export class SecretCredentialService implements CredentialService, vscode.Disposable {
  private readonly cache = new Map<string, Promise<ResolvedCredentials | undefined>>();
  /** Registries whose cached resolution is a token command's token. */
  private readonly tokenSources = new Set<string>();
  /** Why external credentials could not be read, per registry (shown in the registry tooltip). */
  private readonly problems = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<string>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    private readonly external: ExternalLookupOptions = {},
    private readonly tokenCommands?: TokenCommands,
  ) {
    // Another window signed in or out: forget and tell the tree.
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(SECRET_KEY_PREFIX)) return;
      const id = e.key.slice(SECRET_KEY_PREFIX.length);
      this.cache.delete(id);
      this.emitter.fire(id);
    });
  }

  resolve(registryId: string): Promise<ResolvedCredentials | undefined> {
    let p = this.cache.get(registryId);
    // A token command's token is kept as long as it lasts, not as long as the session.
    if (p && this.tokenSources.has(registryId) && !this.tokenCommands?.isFresh(registryId)) p = undefined;
    if (!p) {
      p = this.lookup(registryId);
      this.cache.set(registryId, p);
    }
    return p;
  }

  problem(registryId: string): string | undefined {
    return this.problems.get(registryId);
  }

  private async lookup(registryId: string): Promise<ResolvedCredentials | undefined> {
    this.problems.delete(registryId);
    const stored = parseStoredSecret(await this.secrets.get(secretKey(registryId)));
    if (stored) return { credentials: stored, username: stored.username, source: 'vscode', sourceLabel: 'signed in in VS Code' };
    this.tokenSources.delete(registryId);
    if (this.tokenCommands?.setting(registryId)) {
      try {
        const got = await this.tokenCommands.get(registryId);
        if (got) {
          this.tokenSources.add(registryId);
          this.log.info(`${registryId}: using the token from ${got.sourceLabel}`);
          return { credentials: got.credentials, username: got.credentials.username, source: 'token-command', sourceLabel: got.sourceLabel };
        }
      } catch (e) {
        // A failing command must not be cached: the next resolve runs it again.
        const message = e instanceof Error ? e.message : String(e);
        this.problems.set(registryId, message);
        this.log.warn(`${registryId}: ${message}`);
        this.cache.delete(registryId);
        return undefined;
      }
    }
    try {
      const found = await lookupExternalCredentials(registryId, this.external);
      if (!found) return undefined;
      this.log.info(`${registryId}: using the login from ${found.sourceLabel}`);
      return { credentials: found.credentials, username: found.credentials.username, source: found.source, sourceLabel: found.sourceLabel };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.problems.set(registryId, message);
      this.log.warn(`${registryId}: could not read Docker/podman credentials: ${message}`);
      return undefined;
    }
  }

  async rejected(registryId: string, credentials: Credentials): Promise<boolean> {
    if (!this.tokenSources.has(registryId) || !this.tokenCommands || !('password' in credentials)) return false;
    const again = this.tokenCommands.rejected(registryId, credentials.password);
    if (again) this.cache.delete(registryId);
    return again;
  }

  async isSignedInHere(registryId: string): Promise<boolean> {
    return parseStoredSecret(await this.secrets.get(secretKey(registryId))) !== undefined;
  }

  async storeSignIn(registryId: string, credentials: Credentials): Promise<void> {
    await this.secrets.store(secretKey(registryId), JSON.stringify(credentials));
    this.cache.delete(registryId);
    this.emitter.fire(registryId);
  }

  async signOut(registryId: string): Promise<void> {
    await this.secrets.delete(secretKey(registryId));
    this.cache.delete(registryId);
    this.emitter.fire(registryId);
  }

  forget(registryId?: string): void {
    if (registryId) this.cache.delete(registryId);
    else this.cache.clear();
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/**
 * One shared RegistryClient per configured registry, so tokens and what the client learned
 * (scopes deletes need, delete-by-tag support) are shared by the tree and every command.
 *
 * The pool owns each registry's session: the login the client was built with and the client.
 * `reload` ends a session (the login is read again, the client is rebuilt on next use) and tells
 * the tree. It happens when the login changes (signed in or out, here or in another window), when
 * the connection settings differ from those the client was built with, when the registry leaves
 * the settings, and when the user refreshes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  RegistryClient,
  registryKindOfHost,
  type LearnedState,
  type RegistryKind,
  type VendorApi,
  type VendorKind,
  type RegistryApi,
  type RegistryClientOptions,
  type RequestLogEntry,
  type WaitEvent,
} from '../registry';
import type { ClientPool, CredentialService, RegistryStore } from '../contracts';
import type { RegistryEntry, RegistrySetting } from '../model/registryEntry';
import { formatRequest, formatWait, requestLogLevel } from '../log';

/**
 * Who shows progress for the work running in this async context (a command's notification sets
 * it), so that a wait the registry asks for shows there as well as in the log.
 */
export const waitsShownIn = new AsyncLocalStorage<(wait: WaitEvent) => void>();

const LEARNED_KEY_PREFIX = 'registryExplorer.learned:';

/** A connection setting that cannot be used (e.g. unreadable CA file); the tree offers Edit Connection. */
export class ConnectionSettingError extends Error {
  readonly kind = 'connection-setting';
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionSettingError';
  }
}

interface PoolEntry {
  client: RegistryApi;
  /** The vendor API made for this session (null: the registry has none). */
  vendor?: VendorApi | null;
  /** The connection settings it was built with; a different value means rebuild. */
  fingerprint: string;
  savedLearned: string;
}

/** The settings a client is built from; when they differ, the session ends. */
function connectionFingerprint(e: RegistrySetting): string {
  return JSON.stringify([e.url, !!e.insecure, !!e.skipTlsVerify, e.caFile ?? '', !!e.allowPrivateTokenServer, e.kind ?? '', e.apiUrl ?? '']);
}

const VENDOR_KINDS: ReadonlySet<RegistryKind> = new Set<VendorKind>(['gitlab', 'harbor', 'quay', 'ghcr', 'acr']);

/** The kind a registry is treated as: its setting, else what its host name says. */
export function kindOfEntry(entry: RegistrySetting & { id: string }): RegistryKind | undefined {
  if (entry.kind === 'distribution') return undefined;
  return entry.kind ?? registryKindOfHost(entry.id);
}

export class RegistryClientPool implements ClientPool, vscode.Disposable {
  private readonly pool = new Map<string, PoolEntry>();
  private readonly reloaded = new vscode.EventEmitter<string | undefined>();
  readonly onDidReload = this.reloaded.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly registries: RegistryStore,
    private readonly credentials: CredentialService,
    private readonly globalState: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent?: string,
    /** Docker Hub's API (the `registryExplorer.dockerHubApiUrl` setting), read when a client is made. */
    private readonly hubApiUrl?: () => string | undefined,
  ) {
    this.subscriptions = [
      credentials.onDidChange((registryId) => this.reload(registryId)),
      registries.onDidChange(() => {
        for (const [registryId, built] of [...this.pool]) {
          const entry = registries.get(registryId);
          if (!entry || connectionFingerprint(entry) !== built.fingerprint) this.reload(registryId);
        }
      }),
    ];
  }

  get(registryId: string): RegistryApi {
    const entry = this.registries.get(registryId);
    if (!entry) throw new Error(`${registryId} is not a configured registry any more; add it again with Add Registry.`);
    const fp = connectionFingerprint(entry);
    const existing = this.pool.get(registryId);
    if (existing && existing.fingerprint === fp) return existing.client;
    const created = this.create(entry, fp);
    this.pool.set(registryId, created);
    return created.client;
  }

  peek(registryId: string): RegistryApi | undefined {
    return this.pool.get(registryId)?.client;
  }

  vendor(registryId: string): VendorApi | undefined {
    const client = this.get(registryId);
    const built = this.pool.get(registryId);
    if (!built) return undefined;
    if (built.vendor !== undefined) return built.vendor ?? undefined;
    const entry = this.registries.get(registryId);
    const kind = entry && kindOfEntry(entry);
    built.vendor = null;
    if (kind && VENDOR_KINDS.has(kind) && client.vendor) {
      try {
        built.vendor = client.vendor(kind as VendorKind, { apiUrl: entry?.apiUrl });
      } catch (e) {
        this.log.warn(`${registryId}: its ${kind} API cannot be used (${e instanceof Error ? e.message : String(e)}); the registry protocol alone lists it.`);
      }
    }
    return built.vendor ?? undefined;
  }

  reload(registryId?: string): void {
    this.credentials.forget(registryId);
    if (registryId) this.pool.delete(registryId);
    else this.pool.clear();
    this.reloaded.fire(registryId);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.reloaded.dispose();
  }

  private create(entry: RegistryEntry, fp: string): PoolEntry {
    const learnedKey = LEARNED_KEY_PREFIX + entry.id;
    const learned = this.globalState.get<LearnedState>(learnedKey);
    const registryId = entry.id;
    const poolEntry: PoolEntry = { client: undefined as unknown as RegistryApi, fingerprint: fp, savedLearned: JSON.stringify(learned ?? {}) };
    poolEntry.client = createRegistryClient(entry, {
      learned,
      userAgent: this.userAgent,
      hubApiUrl: this.hubApiUrl?.(),
      credentials: async () => (await this.credentials.resolve(registryId))?.credentials,
      credentialsRejected: (_host, rejected) => this.credentials.rejected(registryId, rejected),
      log: this.log,
      afterRequest: () => this.persistLearned(learnedKey, poolEntry),
    });
    return poolEntry;
  }

  /** Forgets what was learned about a registry (it was removed). */
  async forgetLearned(registryId: string): Promise<void> {
    await this.globalState.update(LEARNED_KEY_PREFIX + registryId, undefined);
  }

  /** Saves what the client learned when it changed, so the next session does not learn it again. */
  private persistLearned(key: string, entry: PoolEntry): void {
    const now = JSON.stringify(entry.client?.learned ?? {});
    if (now === entry.savedLearned) return;
    entry.savedLearned = now;
    void this.globalState.update(key, JSON.parse(now));
  }
}

export interface CreateClientOptions {
  credentials?: RegistryClientOptions['credentials'];
  credentialsRejected?: RegistryClientOptions['credentialsRejected'];
  log: vscode.LogOutputChannel;
  learned?: LearnedState;
  userAgent?: string;
  hubApiUrl?: string;
  afterRequest?: () => void;
}

/**
 * A client with a registry's connection settings (CA file, skip-verify, plain http) and request
 * logging. The pool uses it; Add Registry and Sign In use it to try credentials before keeping them.
 */
export function createRegistryClient(entry: RegistrySetting & { id: string }, opts: CreateClientOptions): RegistryApi {
  let ca: Buffer | undefined;
  if (entry.caFile) {
    try {
      ca = fs.readFileSync(entry.caFile);
    } catch (e) {
      throw new ConnectionSettingError(
        `Cannot read the CA certificate file ${entry.caFile} set for ${entry.id} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Edit the connection to fix the path.`,
      );
    }
  }
  return new RegistryClient({
    registry: entry.url,
    insecure: entry.insecure,
    skipTlsVerify: entry.skipTlsVerify,
    allowPrivateTokenServer: entry.allowPrivateTokenServer,
    ca,
    learned: opts.learned,
    userAgent: opts.userAgent,
    credentials: opts.credentials,
    credentialsRejected: opts.credentialsRejected,
    hubApiUrl: opts.hubApiUrl,
    onRequest: (e: RequestLogEntry) => {
      opts.log[requestLogLevel(e)](formatRequest(e));
      opts.afterRequest?.();
    },
    onWait: (e: WaitEvent) => {
      opts.log.warn(formatWait(e));
      waitsShownIn.getStore()?.(e);
    },
  });
}

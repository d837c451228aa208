/**
 * The contracts between the extension's parts: what every command handler receives
 * (CommandContext) and the services behind it. Built once in `activate()`; handlers never create
 * their own clients, stores or channels. Types only, so any part may import this file and this
 * file imports only the registry client and the vscode-free model.
 */
import type * as vscode from 'vscode';
import type { Credentials, ManifestResult, RegistryApi } from './registry';
import type { KnownTags, TagRemovals } from './actions/deleteSelection';
import type { KnownDates } from './actions/cleanup/inventory';
import type { CleanupRunReport } from './actions/cleanup/run';
import type { CleanupPreview } from './actions/cleanup/types';
import type { RegistryEntry, RegistrySetting } from './model/registryEntry';
import type { TagNode, TreeNode } from './model/nodes';

export interface CommandContext {
  /** The configured registries (setting `registryExplorer.registries`). */
  readonly registries: RegistryStore;
  /** One shared RegistryClient per registry id, and the owner of each registry's session. */
  readonly clients: ClientPool;
  /** Where credentials come from (SecretStorage, Docker config, credential helpers, podman). */
  readonly credentials: CredentialService;
  /** The Registries tree (model + view). */
  readonly tree: RegistryTree;
  /** The read-only manifest and config tabs. */
  readonly documents: ManifestDocuments;
  /** "Registry Explorer" log; one line per request is written by the client pool. */
  readonly log: vscode.LogOutputChannel;
  readonly secrets: vscode.SecretStorage;
  readonly pickers: Pickers;
  /** Clean-up rules saved per repository (setting `registryExplorer.cleanupRules`). */
  readonly cleanupRules: CleanupRuleStore;
  /** The read-only clean-up preview tabs, and the previews a run works from. */
  readonly cleanupPreviews: CleanupPreviews;
}

export interface RegistryStore {
  list(): RegistryEntry[];
  get(registryId: string): RegistryEntry | undefined;
  /** Adds (or replaces the entry with the same id) in the global setting. */
  add(setting: RegistrySetting): Promise<RegistryEntry>;
  /** Adds several in one write of the setting (one change event). */
  addAll(settings: RegistrySetting[]): Promise<void>;
  /** Changes fields of an entry; `undefined` values remove the field. */
  update(registryId: string, patch: Partial<RegistrySetting>): Promise<void>;
  remove(registryId: string): Promise<void>;
  addRepository(registryId: string, repository: string): Promise<void>;
  removeRepository(registryId: string, repository: string): Promise<void>;
  readonly onDidChange: vscode.Event<void>;
}

export interface ClientPool {
  /** The shared client of a configured registry. Throws an Error (a sentence) for an unknown id. */
  get(registryId: string): RegistryApi;
  /** The client already built for a registry, if any (no client is made, no file read). */
  peek(registryId: string): RegistryApi | undefined;
  /**
   * Starts a registry's session over (every registry's without an id): its login is read again,
   * its client is rebuilt on next use, and `onDidReload` fires so the tree reloads it. A client
   * asks for its credentials once, so forgetting a login without dropping its client would not
   * reach the requests.
   */
  reload(registryId?: string): void;
  /** A registry's session was started over (undefined: every registry's). */
  readonly onDidReload: vscode.Event<string | undefined>;
  /** Forgets what was learned about a registry (it was removed). */
  forgetLearned(registryId: string): Promise<void>;
}

export type CredentialSourceKind = 'vscode' | 'docker-config' | 'docker-helper' | 'podman';

export interface ResolvedCredentials {
  credentials: Credentials;
  /** User name for display; identity tokens may have none. */
  username?: string;
  source: CredentialSourceKind;
  /** Human words for the source, e.g. "Docker credential helper desktop" or "~/.docker/config.json". */
  sourceLabel: string;
}

export interface CredentialService {
  /** First match in order: signed in here (SecretStorage) → Docker config (auths, credHelpers, credsStore) → podman auth.json. Cached until `forget`. */
  resolve(registryId: string): Promise<ResolvedCredentials | undefined>;
  /** Why Docker's or podman's credentials could not be read for a registry, if they could not. */
  problem(registryId: string): string | undefined;
  /** Whether the user signed in here (SecretStorage holds a secret for it). */
  isSignedInHere(registryId: string): Promise<boolean>;
  /** Stores in SecretStorage (and nothing else). */
  storeSignIn(registryId: string, credentials: Credentials): Promise<void>;
  /** Removes the SecretStorage secret. */
  signOut(registryId: string): Promise<void>;
  /** Drops cached resolutions; the client pool calls it when it starts a session over. */
  forget(registryId?: string): void;
  readonly onDidChange: vscode.Event<string>;
}

/** The tree as commands use it; it tells delete and clean-up planning what it shows and takes the tags a delete removed. */
export interface RegistryTree extends KnownTags, KnownDates, TagRemovals {
  /** Reloads a node's children (or the whole tree when no node). */
  refresh(node?: TreeNode): void;
  /** Reloads the tags of one repository (e.g. after a retag or copy created a tag). */
  refreshRepository(registryId: string, repository: string): void;
  /** The loaded tag nodes of a repository (empty when not loaded). */
  loadedTags(registryId: string, repository: string): TagNode[];
  /** The view's filter (text or glob with `*`, `?`) on repository and tag names; undefined: none. */
  readonly filter: string | undefined;
  setFilter(text: string | undefined): void;
  /** Continues a paged list (the "Load more…" node). */
  loadMore(registryId: string, repository?: string): Promise<void>;
}

export interface PickOptions {
  placeHolder?: string;
  title?: string;
}

/**
 * Quick picks that ask for what a right-click in the tree would have supplied, so every command
 * also works from the palette.
 */
export interface Pickers {
  /** A configured registry; with exactly one configured, returns it without asking. */
  pickRegistry(opts?: PickOptions): Promise<RegistryEntry | undefined>;
  /** A repository of the registry: the catalog (first pages) plus those added by hand; the user may also type a name. */
  pickRepository(registryId: string, opts?: PickOptions): Promise<string | undefined>;
  /** One tag (or several with canPickMany) of a repository, as tag nodes. */
  pickTag(registryId: string, repository: string, opts?: PickOptions & { canPickMany?: false }): Promise<TagNode | undefined>;
  pickTag(registryId: string, repository: string, opts: PickOptions & { canPickMany: true }): Promise<TagNode[] | undefined>;
  /** Registry → repository → tag(s) in a row: what a palette command on tags needs. */
  pickImage(opts?: PickOptions & { canPickMany?: false }): Promise<TagNode | undefined>;
  pickImage(opts: PickOptions & { canPickMany: true }): Promise<TagNode[] | undefined>;
}

export type DocumentKind = 'manifest' | 'config';

/** What a manifest or config tab shows. */
export interface DocumentSpec {
  kind: DocumentKind;
  registryId: string;
  repository: string;
  /** Manifest digest (`sha256:…`). Content is addressed by it, so a cached copy is always right. */
  digest: string;
  /** How the user named it: a tag, or undefined for a digest-only manifest (platform, referrer). */
  tag?: string;
  /** Extra words for the title, e.g. `linux∕arm64` for a platform or `signature` for a referrer. */
  qualifier?: string;
}

/** The read-only JSON tabs of manifests and configs. */
export interface ManifestDocuments {
  uri(spec: DocumentSpec): vscode.Uri;
  /** Loads the content (with a progress notice when it is not cached), so the caller can report a failure before a tab opens. */
  preload(spec: DocumentSpec): Promise<void>;
  /** Opens the document as a JSON tab. */
  open(spec: DocumentSpec, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor>;
  /** The manifest with that digest, verified by the client, fetched once for every tab and picker that needs it. */
  manifest(registryId: string, repository: string, digest: string): Promise<ManifestResult>;
}

/** Clean-up rules (their text, see actions/cleanup/rules.ts) saved per repository, in user settings. */
export interface CleanupRuleStore {
  get(registryId: string, repository: string): string | undefined;
  list(): { registryId: string; repository: string; rules: string }[];
  /** Saves (undefined: removes) the rules of a repository. */
  set(registryId: string, repository: string, rules: string | undefined): Promise<void>;
}

/**
 * The clean-up previews of this window, each shown in a read-only Markdown tab under the
 * extension's document scheme. A run works only from a preview kept here.
 */
export interface CleanupPreviews {
  /** Keeps the preview and opens its tab. */
  show(preview: CleanupPreview): Promise<vscode.TextEditor>;
  get(id: string): CleanupPreview | undefined;
  /** The preview a tab's URI shows, if it is one. */
  idOf(uri: vscode.Uri): string | undefined;
  /** The run's reports (undefined: it has not run); a preview runs once. */
  reports(id: string): CleanupRunReport[] | undefined;
  /** Records a run and adds its results to the tab. */
  addResults(id: string, reports: CleanupRunReport[]): void;
}

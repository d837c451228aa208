/**
 * The contracts between the extension's parts: what every command handler receives
 * (CommandContext) and the services behind it. Built once in `activate()`; handlers never create
 * their own clients, stores or channels. Types only, so any part may import this file and this
 * file imports only the registry client and the vscode-free model.
 */
import type * as vscode from 'vscode';
import type { Credentials, ManifestResult, RegistryApi, VendorApi } from './registry';
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
   * The vendor REST API of a registry whose kind has one (GitLab, Harbor, Quay, GHCR, ACR): the
   * kind from its settings (`kind`) or else from its host name, the API's address from `apiUrl`
   * or the vendor's default. Undefined for other registries (the registry protocol alone), for
   * Docker Hub (the client's own `namespaceRepositories`), and when the API address is unusable.
   * Shares the registry client's login; made again with it when the session starts over.
   */
  vendor(registryId: string): VendorApi | undefined;
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

export type CredentialSourceKind = 'vscode' | 'token-command' | 'docker-config' | 'docker-helper' | 'podman';

export interface ResolvedCredentials {
  credentials: Credentials;
  /** User name for display; identity tokens may have none. */
  username?: string;
  source: CredentialSourceKind;
  /** Human words for the source, e.g. "Docker credential helper desktop" or "~/.docker/config.json". */
  sourceLabel: string;
}

export interface CredentialService {
  /**
   * First match in order: signed in here (SecretStorage) → the user's token command for the host →
   * Docker config (auths, credHelpers, credsStore) → podman auth.json. Cached until `forget` (a
   * token command's token for its lifetime).
   */
  resolve(registryId: string): Promise<ResolvedCredentials | undefined>;
  /**
   * The registry rejected these credentials. True when resolving again may give others (a token
   * command's token is then fetched again, once); the next `resolve` gives them.
   */
  rejected(registryId: string, credentials: Credentials): Promise<boolean>;
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
  /**
   * Shows tags an action created (retag, copy) in their sorted place, without relisting or
   * resetting the paging; a tag already listed (overwritten) gets its details again.
   */
  addTags(registryId: string, repository: string, tags: string[]): void;
  /**
   * Shows a repository an action created in its sorted place, without relisting. True when the
   * registry lists its repositories itself, so it will list this one after a refresh too.
   */
  addRepository(registryId: string, repository: string): boolean;
  /** The loaded tag nodes of a repository (empty when not loaded). */
  loadedTags(registryId: string, repository: string): TagNode[];
  /** What the view has selected; commands run by a keybinding act on it (VS Code passes them no node). */
  readonly selection: readonly TreeNode[];
  /** The view's filter (text or glob with `*`, `?`) on repository and tag names; undefined: none. */
  readonly filter: string | undefined;
  setFilter(text: string | undefined): void;
  /** Shows one more page of a list (the "Load more…" node). */
  loadMore(registryId: string, repository?: string): Promise<void>;
  /** Shows every name of a list whose names are all known (the "Load all (N)" node). */
  loadAll(registryId: string, repository?: string): Promise<void>;
  /** Reads every tag's date of a long repository, to sort it by date. */
  readAllDates(registryId: string, repository: string): void;
  /** With a filter, reads on past the loaded pages until a screenful matches (see RegistryTreeModel.search). */
  search(signal?: AbortSignal, progress?: (p: { registryId: string; searched: number; matched: number }) => void): Promise<void>;
}

/** A step of a multi-step prompt: VS Code titles it "Retag (2/3)". */
export interface StepTitle {
  title: string;
  step: number;
  totalSteps: number;
}

/** Numbers the steps of one command's prompts (commands/support/multiStep.ts). */
export interface StepCounter {
  /** The next step; `title` is this step's own title (default: the command's). */
  next(title?: string): StepTitle;
  /** Steps that were counted but are not needed (nothing to ask). */
  skip(count?: number): void;
  /** Steps that a choice made necessary. */
  add(count: number): void;
}

export interface PickOptions {
  placeHolder?: string;
  title?: string;
  /** The prompt this pick is a step of; without one, the pick stands alone. */
  steps?: StepCounter;
}

/** What a tag pick leaves out or marks, e.g. Compare With's own tag and the tags on the same image. */
export interface TagPickOptions extends PickOptions {
  except?: string;
  /** Words shown beside a tag (undefined: nothing). */
  note?: (tag: string) => string | undefined;
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
  pickTag(registryId: string, repository: string, opts?: TagPickOptions & { canPickMany?: false }): Promise<TagNode | undefined>;
  pickTag(registryId: string, repository: string, opts: TagPickOptions & { canPickMany: true }): Promise<TagNode[] | undefined>;
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
  /** Opens VS Code's diff editor of two documents, both as JSON like their own tabs. */
  diff(left: DocumentSpec, right: DocumentSpec, title: string): Promise<void>;
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

/**
 * The Registries tree's data: what to fetch, what is loaded, and the node objects. It knows
 * nothing of `vscode` (the provider maps nodes to TreeItems), so it runs in plain Node.
 * What is loaded is held by level, one RegistryState per registry holding one RepositoryState
 * per repository, so a refresh drops one object. Node objects are kept and reused so change
 * events and command arguments refer to the same objects VS Code holds.
 */
import { parseFilter, type ParsedFilter } from './filter';
import type { RegistryNode, TagNode, TreeNode } from './nodes';
import { RegistryState } from './registryState';
import type { RepositoryState, StateServices } from './repositoryState';
import type { ClientLookup, LoginLookup, RegistryInfo, RegistryLookup, TreeModelSettings } from './services';
import { TagDetailsLoader } from './tagDetailsLoader';
import { hasNoCatalogByDesign } from './registryEntry';

export interface TreeModelDeps {
  registries: RegistryLookup;
  clients: ClientLookup;
  credentials: LoginLookup;
  settings: () => TreeModelSettings;
  /** A node's item or children changed (undefined: the whole tree). */
  changed: (node: TreeNode | undefined) => void;
}

export class RegistryTreeModel {
  private filterText: string | undefined;
  private filter: ParsedFilter | undefined;
  private readonly registryStates = new Map<string, RegistryState>();
  private readonly services: StateServices;

  constructor(private readonly deps: TreeModelDeps) {
    this.services = {
      ...deps,
      details: new TagDetailsLoader(deps.settings, deps.changed),
      isShown: (tag) => this.repositoryOf(tag)?.tag(tag.tag) === tag,
    };
  }

  // ---- filter -------------------------------------------------------------------------------

  get filterValue(): string | undefined {
    return this.filterText;
  }

  get filterSummary(): string | undefined {
    return this.filter?.summary;
  }

  setFilter(text: string | undefined): void {
    this.filter = parseFilter(text);
    this.filterText = this.filter ? text!.trim() : undefined;
    this.deps.changed(undefined);
  }

  // ---- children -----------------------------------------------------------------------------

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'registry':
        return this.registryState(node.registryId, node).children(this.filter);
      case 'repository':
        return this.registryState(node.registryId).repositoryFor(node).children(this.filter);
      case 'tag':
        return (await this.repositoryOf(node)?.tagChildren(node)) ?? [];
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'registry':
        return undefined;
      case 'tag':
        return this.repositoryOf(node)?.parentOf(node);
      case 'platform':
        return this.repositoryOf(node)?.tag(node.tag);
      default: {
        const repository = node.kind !== 'repository' && 'repository' in node ? node.repository : undefined;
        const repo = repository ? this.repositoryOf({ registryId: node.registryId, repository }) : undefined;
        return repo?.node ?? this.registryStates.get(node.registryId)?.node;
      }
    }
  }

  registryInfo(registryId: string): RegistryInfo | undefined {
    const state = this.registryStates.get(registryId);
    const login = state?.loginInfo();
    if (!state || !login) return undefined;
    let rateLimit;
    try {
      const clients = this.deps.clients;
      rateLimit = (clients.peek ? clients.peek(registryId) : clients.get(registryId))?.rateLimit;
    } catch {
      rateLimit = undefined;
    }
    // The settings part is read live: a change of name (no reload) shows on the next draw.
    const entry = this.deps.registries.get(registryId);
    const settings = entry
      ? { url: entry.url, name: entry.name, insecure: entry.insecure, skipTlsVerify: entry.skipTlsVerify, caFile: entry.caFile }
      : { url: registryId };
    return {
      host: registryId,
      ...settings,
      ...login,
      catalogClosed: state.catalogClosed(),
      listedFrom: state.listedFrom(),
      rateLimit,
      credentialProblem: this.deps.credentials.problem?.(registryId),
    };
  }

  private async roots(): Promise<TreeNode[]> {
    const states = this.deps.registries.list().map((entry) => this.registryState(entry.id));
    await Promise.all(states.map((s) => s.loginLoaded));
    return states.map((s) => s.node);
  }

  // ---- changes ------------------------------------------------------------------------------

  /** Reloads under a node (or everything). */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.registryStates.clear();
      this.deps.changed(undefined);
      return;
    }
    switch (node.kind) {
      case 'registry': {
        const kept = this.registryStates.get(node.registryId)?.node ?? node;
        this.registryStates.delete(node.registryId);
        if (this.deps.registries.get(node.registryId)) {
          const state = this.registryState(node.registryId, kept);
          void state.loginLoaded.then(() => this.deps.changed(kept));
        }
        this.deps.changed(kept);
        return;
      }
      case 'repository': {
        this.registryStates.get(node.registryId)?.refreshRepository(node.repository);
        this.deps.changed(node);
        return;
      }
      case 'tag': {
        this.repositoryOf(node)?.refreshTag(node);
        this.deps.changed(node);
        return;
      }
      default: {
        const parent = this.getParent(node);
        if (parent) this.refresh(parent);
        else this.refresh();
      }
    }
  }

  /** Reloads one registry, as its session started over (every registry without an id). */
  refreshRegistry(registryId?: string): void {
    if (!registryId) return this.refresh();
    const state = this.registryStates.get(registryId);
    if (state) this.refresh(state.node);
  }

  /** Shows one more page of a list ("Load more…"). */
  async loadMore(registryId: string, repository?: string): Promise<void> {
    await (repository ? this.repositoryOf({ registryId, repository }) : this.registryStates.get(registryId))?.loadMore();
  }

  /** Shows every name of a list ("Load all"). */
  async loadAll(registryId: string, repository?: string): Promise<void> {
    await (repository ? this.repositoryOf({ registryId, repository }) : this.registryStates.get(registryId))?.loadAll();
  }

  /** Reads every tag's date, so a long repository can be sorted by date (the user agreed to what it costs). */
  readAllDates(registryId: string, repository: string): void {
    this.repositoryOf({ registryId, repository })?.readAllDates();
  }

  /**
   * With a filter, reads on past the loaded pages of every registry shown until a screenful
   * matches or its lists end (or `signal` fires); `progress` hears how far it got.
   */
  async search(signal?: AbortSignal, progress?: (p: { registryId: string; searched: number; matched: number }) => void): Promise<void> {
    const filter = this.filter;
    if (!filter) return;
    for (const [registryId, state] of this.registryStates) {
      if (signal?.aborted) break;
      await state.search(filter, signal, (searched, matched) => progress?.({ registryId, searched, matched }));
    }
  }

  removeTags(registryId: string, repository: string, tags: string[]): void {
    this.repositoryOf({ registryId, repository })?.removeTags(tags);
  }

  /** Tags an action created, shown at once where the repository is loaded (see RepositoryState.addTags). */
  addTags(registryId: string, repository: string, tags: string[]): void {
    this.repositoryOf({ registryId, repository })?.addTags(tags);
  }

  /**
   * A repository an action created, shown at once where the registry is loaded. True when the
   * registry lists its repositories itself; for a registry not loaded yet, when it has a catalog.
   */
  addRepository(registryId: string, repository: string): boolean {
    const state = this.registryStates.get(registryId);
    return state ? state.addRepository(repository) : !hasNoCatalogByDesign(registryId);
  }

  loadedTags(registryId: string, repository: string): TagNode[] {
    return this.repositoryOf({ registryId, repository })?.loadedTags() ?? [];
  }

  /** Cosign's tags naming a tag's image that show under it (the tag list hides them). */
  artifactTags(tag: TagNode): string[] {
    return this.repositoryOf(tag)?.artifactTags(tag.details?.digest) ?? [];
  }

  knownDigest(registryId: string, repository: string, tag: string): string | undefined {
    return this.repositoryOf({ registryId, repository })?.tag(tag)?.details?.digest;
  }

  knownCreated(registryId: string, repository: string, tag: string): string | undefined {
    const details = this.repositoryOf({ registryId, repository })?.tag(tag)?.details;
    return details?.state === 'loaded' ? details.created : undefined;
  }

  knownReferrerCount(registryId: string, repository: string, digest: string): number | undefined {
    return this.repositoryOf({ registryId, repository })?.referrerCount(digest);
  }

  /** A registry's state; a new one keeps `node` (the one VS Code holds) when given. */
  private registryState(registryId: string, node: RegistryNode = { kind: 'registry', registryId }): RegistryState {
    let state = this.registryStates.get(registryId);
    if (!state) {
      state = new RegistryState(node, this.services);
      this.registryStates.set(registryId, state);
    }
    return state;
  }

  private repositoryOf(at: { registryId: string; repository: string }): RepositoryState | undefined {
    return this.registryStates.get(at.registryId)?.repository(at.repository);
  }
}

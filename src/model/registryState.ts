/**
 * One registry of the tree: its node, who requests go out as, one paged listing per repository
 * source, and the state of each repository. A refresh of the registry replaces this object and
 * keeps the node, the handle VS Code holds.
 */
import type { RegistryApi } from '../registry';
import { failureNode, isNoCatalogFailure } from './errorNodes';
import { failureContext } from './failureExplanation';
import type { ParsedFilter } from './filter';
import type { LoadMoreNode, RegistryNode, RepositoryNode, TreeNode } from './nodes';
import { PagedList } from './pagedList';
import { repositorySources, type RepositorySource } from './repositorySources';
import { RepositoryState, type StateServices } from './repositoryState';

/** Who requests go out as (the settings part of a registry's description is read live). */
export interface LoginInfo {
  username?: string;
  /** Words for where the login comes from ("signed in in VS Code", "~/.docker/config.json"). */
  credentialSource?: string;
  /** Which kind of store it comes from (`vscode`, `docker-config`, `docker-helper`, `podman`). */
  credentialKind?: string;
  signedInHere: boolean;
}

interface SourceListing {
  source: RepositorySource;
  list: PagedList;
}

export class RegistryState {
  private login: LoginInfo | undefined;
  /** Settles once the login is known; the root waits for it, so the first draw names the user. */
  readonly loginLoaded: Promise<void>;
  /** Per source id; a source whose id changed (other namespaces, repositories added by hand) is listed anew. */
  private readonly listings = new Map<string, SourceListing>();
  private readonly repositories = new Map<string, RepositoryState>();
  private loadMoreNode: LoadMoreNode | undefined;
  /** Repositories an action created (a copy) and no listing has shown yet. A refresh starts without them. */
  private readonly created = new Set<string>();
  /** What the registry node was last drawn with: its menus depend on it (Add Repository inline). */
  private drawnClosed: boolean | undefined;

  constructor(
    readonly node: RegistryNode,
    private readonly services: StateServices,
  ) {
    this.loginLoaded = services.credentials.resolve(node.registryId).then(
      (login) => {
        // Signed in here is what resolve() found first: the SecretStorage secret.
        this.login = { username: login?.username, credentialSource: login?.sourceLabel, credentialKind: login?.source, signedInHere: login?.source === 'vscode' };
      },
      () => {
        this.login = { signedInHere: false };
      },
    );
  }

  loginInfo(): LoginInfo | undefined {
    return this.login;
  }

  async children(filter: ParsedFilter | undefined): Promise<TreeNode[]> {
    const id = this.node.registryId;
    const entry = this.services.registries.get(id);
    if (!entry) return [];
    const out: TreeNode[] = [];
    let client: RegistryApi | undefined;
    try {
      client = this.services.clients.get(id);
    } catch (e) {
      out.push(failureNode(e, { registryId: id }));
    }
    await this.loginLoaded;
    const listings = this.listingsOf(repositorySources(entry, client, this.login?.username));
    await Promise.all(listings.map((l) => (l.list.started ? undefined : l.list.next())));
    for (const { source, list } of listings) {
      if (list.error) out.push(...(await source.explainFailure(list.error, await failureContext(this.services.credentials, id))));
      if (source.note) out.push(source.note);
    }
    // One sorted list: repositories added by hand join the registry's own in their place, and are
    // marked as added by hand only while nothing else lists them.
    const listed = new Set(listings.filter((l) => !l.source.addedByHand).flatMap((l) => l.list.items));
    const byHand = new Set(listings.filter((l) => l.source.addedByHand).flatMap((l) => l.list.items));
    const names = [...new Set([...byHand, ...listed, ...this.created])].sort(byName);
    const repos = names.map((name) => this.repositoryNode(name, byHand.has(name) && !listed.has(name)));
    const shown = filter?.repository ? repos.filter((r) => filter.repository!(r.repository)) : repos;
    out.push(...shown);
    if (listings.some((l) => !l.list.done && !l.list.error)) out.push((this.loadMoreNode ??= { kind: 'loadMore', registryId: id }));
    const closed = this.catalogClosed();
    if (closed !== this.drawnClosed) {
      this.drawnClosed = closed;
      this.services.changed(this.node);
    }
    if (filter?.repository && repos.length > 0 && shown.length === 0) {
      out.push({ kind: 'message', registryId: id, action: 'info', text: 'No repository matches', detail: `The filter shows ${filter.summary}; none of the ${repos.length} repositories loaded matches. Clear Filter shows them all.` });
    }
    return out;
  }

  /**
   * Shows a repository an action created, in its sorted place, without listing again. True when
   * the registry lists repositories itself (a working catalog or namespace listing), so it will
   * list this one after a refresh too.
   */
  addRepository(name: string): boolean {
    const own = [...this.listings.values()].filter((l) => !l.source.addedByHand);
    const shown = [...this.listings.values()].some((l) => l.list.items.includes(name));
    if (!shown && !this.created.has(name)) {
      this.created.add(name);
      this.services.changed(this.node);
    }
    return own.some((l) => l.list.started && !l.list.error);
  }

  /**
   * Whether the registry's catalog is closed to this view: it has none (Docker Hub, GHCR, …) or
   * refused this login. Undefined until the repositories were listed.
   */
  catalogClosed(): boolean | undefined {
    if (this.listings.size === 0) return undefined;
    const catalog = [...this.listings.values()].find((l) => l.source.id === 'catalog');
    if (!catalog) return true;
    return catalog.list.error !== undefined && isNoCatalogFailure(catalog.list.error);
  }

  /** Continues every listing that has more. */
  async loadMore(): Promise<void> {
    await Promise.all([...this.listings.values()].filter((l) => !l.list.done).map((l) => l.list.next()));
    this.services.changed(this.node);
  }

  repository(name: string): RepositoryState | undefined {
    return this.repositories.get(name);
  }

  /** The state of a repository node VS Code asks about; one it kept across a reload gets a new state. */
  repositoryFor(node: RepositoryNode): RepositoryState {
    let state = this.repositories.get(node.repository);
    if (!state) {
      state = new RepositoryState(node, this.services);
      this.repositories.set(node.repository, state);
    }
    return state;
  }

  /** Drops what is loaded under a repository; returns its node, if the repository was shown. */
  refreshRepository(name: string): RepositoryNode | undefined {
    const old = this.repositories.get(name);
    if (!old) return undefined;
    this.repositories.set(name, new RepositoryState(old.node, this.services));
    return old.node;
  }

  private repositoryNode(name: string, addedByHand: boolean): RepositoryNode {
    const node = this.repositories.get(name)?.node ?? this.repositoryFor({ kind: 'repository', registryId: this.node.registryId, repository: name }).node;
    node.addedByHand = addedByHand || undefined;
    return node;
  }

  private listingsOf(sources: RepositorySource[]): SourceListing[] {
    const ids = new Set(sources.map((s) => s.id));
    for (const id of [...this.listings.keys()]) if (!ids.has(id)) this.listings.delete(id);
    return sources.map((source) => {
      let listing = this.listings.get(source.id);
      if (!listing) {
        listing = { source, list: new PagedList(() => source.list(this.services.settings().pageSize), () => this.services.changed(this.node)) };
        this.listings.set(source.id, listing);
      }
      return listing;
    });
  }
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

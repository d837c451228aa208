/**
 * One registry of the tree: its node, who requests go out as, one paged listing per repository
 * source, and the state of each repository. A refresh of the registry replaces this object and
 * keeps the node, the handle VS Code holds.
 *
 * Repository names from every source are kept in one sorted list (`SortedNames`), and the tree
 * shows a window over it, a page at a time. A filter reads on past the loaded pages: a pattern
 * with a literal start (`foo/r2*`) jumps there in the catalog (`last=`) and reads only the pages
 * that can match; any other reads on until a screenful matches or the list ends.
 */
import type { RegistryApi } from '../registry';
import { failureNode, isNoCatalogFailure } from './errorNodes';
import { failureContext } from './failureExplanation';
import type { NameMatcher, ParsedFilter } from './filter';
import type { LoadMoreNode, RegistryNode, RepositoryNode, TreeNode } from './nodes';
import { justBefore, namesStartingWith } from './catalogPrefix';
import { PagedList } from './pagedList';
import { listedFrom, repositorySources, vendorOf, type RepositorySource } from './repositorySources';
import { RepositoryState, type StateServices } from './repositoryState';
import { SortedNames } from './sortedNames';
import { repositoryOrder } from './tagSort';

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
  /** How many of `list.items` are in the sorted names. */
  synced: number;
}

/** The window of "Load all". */
const ALL = Number.MAX_SAFE_INTEGER;
/** Registry pages read at most per draw to fill the window when a filter skips most names. */
const PAGES_PER_DRAW = 10;

export class RegistryState {
  private login: LoginInfo | undefined;
  /** Settles once the login is known; the root waits for it, so the first draw names the user. */
  readonly loginLoaded: Promise<void>;
  /** Per source id; a source whose id changed (other namespaces, repositories added by hand) is listed anew. */
  private readonly listings = new Map<string, SourceListing>();
  private readonly repositories = new Map<string, RepositoryState>();
  private readonly names = new SortedNames<string>(repositoryOrder);
  private readonly byHand = new Set<string>();
  /** Catalog pages read from a filter's literal start, per prefix. */
  private readonly prefixListings = new Map<string, SourceListing>();
  private loadMoreNode: LoadMoreNode | undefined;
  private loadAllNode: LoadMoreNode | undefined;
  private window: number | undefined;
  /** Names listed by the registry's own sources: one also added by hand is marked so only while nothing else lists it. */
  private readonly listedByRegistry = new Set<string>();
  /** What the registry node was last drawn with: its menus depend on it (Add Repository inline), its tooltip on where the list comes from. */
  private drawnClosed: boolean | undefined;
  private drawnFrom: string | undefined;

  constructor(
    readonly node: RegistryNode,
    private readonly services: StateServices,
  ) {
    this.loginLoaded = services.credentials.resolve(node.registryId).then(
      (login) => {
        // Signed in here is what resolve() found first: the SecretStorage secret.
        this.login = {
          username: login?.username,
          credentialSource: login?.sourceLabel,
          credentialKind: login?.source,
          signedInHere: login?.source === 'vscode',
        };
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
    const listings = this.listingsOf(repositorySources(entry, client, this.login?.username, client && vendorOf(this.services.clients, id)));
    await Promise.all(listings.map((l) => (l.list.started ? undefined : l.list.next())));
    for (const { source, list } of listings) {
      if (list.error) out.push(...(await source.explainFailure(list.error, await failureContext(this.services.credentials, id))));
      if (source.note) out.push(source.note);
    }
    this.sync(listings);
    const match = this.repositoryMatcher(filter);
    const window = (this.window ??= this.services.settings().pageSize);
    if (filter?.repositoryPrefix) {
      const prefixed = await this.readPrefix(filter.repositoryPrefix, listings, window, match);
      if (prefixed?.list.error) out.push(failureNode(prefixed.list.error, await failureContext(this.services.credentials, id)));
    }
    // "Load all" reads every page; otherwise a bounded number per draw ("Load more…" searches on).
    const pageLimit = window === ALL ? Infinity : PAGES_PER_DRAW;
    for (let pages = 0; this.names.count(match) < window && this.hasMore(listings) && pages < pageLimit; pages++) await this.readOn(listings);
    const page = this.names.first(window, match);
    out.push(...page.names.map((name) => this.repositoryNode(name)));
    const more = this.hasMore(listings) && !(filter?.repositoryPrefix && this.prefixDone(filter.repositoryPrefix));
    if (page.more || more)
      out.push(Object.assign((this.loadMoreNode ??= { kind: 'loadMore', registryId: id }), { searched: match && more ? this.names.size : undefined }));
    // "Load all": how many more once every name is known; without a count it reads the rest first.
    if (page.more || more)
      out.push(
        Object.assign((this.loadAllNode ??= { kind: 'loadMore', registryId: id, all: true }), {
          remaining: more ? undefined : this.names.count(match) - page.names.length,
        }),
      );
    const closed = this.catalogClosed();
    const from = this.listedFrom();
    if (closed !== this.drawnClosed || from !== this.drawnFrom) {
      this.drawnClosed = closed;
      this.drawnFrom = from;
      this.services.changed(this.node);
    }
    if (match && page.names.length === 0 && this.names.size > 0) {
      const searched = `${this.names.size.toLocaleString('en-US')} ${more ? 'searched so far' : 'searched'}`;
      out.push({
        kind: 'message',
        registryId: id,
        action: 'info',
        text: 'No repository matches',
        detail: `The filter shows ${filter!.summary}; none of the ${searched} matches. Clear Filter shows them all.`,
      });
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
    if (this.names.add([name])) {
      // One more row: what was shown stays shown.
      if (this.window !== undefined && this.window !== ALL) this.window++;
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
    // A vendor API that lists is as good as a catalog.
    if ([...this.listings.values()].some((l) => l.source.lister === 'vendor-api' && l.list.started && !l.list.error)) return false;
    const catalog = [...this.listings.values()].find((l) => l.source.lister === 'catalog');
    if (!catalog) return true;
    return catalog.list.error !== undefined && isNoCatalogFailure(catalog.list.error);
  }

  /** Where the repositories listed come from, in words ("Harbor's API at …, projects a, b"); undefined before listing or when only added by hand. */
  listedFrom(): string | undefined {
    return listedFrom([...this.listings.values()].filter((l) => l.list.started && !l.list.error).map((l) => l.source));
  }

  /** One more page of repositories (the registry is asked when what it sent is all shown). */
  async loadMore(): Promise<void> {
    this.window = (this.window ?? this.services.settings().pageSize) + this.services.settings().pageSize;
    this.services.changed(this.node);
  }

  /** Every repository listed so far. */
  async loadAll(): Promise<void> {
    this.window = ALL;
    this.services.changed(this.node);
  }

  /**
   * Reads on with a filter until a screenful of repositories matches or the listing ends (for a
   * search the user started, with progress and Cancel); the repositories shown read their tags on too.
   */
  async search(filter: ParsedFilter, signal: AbortSignal | undefined, progress: (searched: number, matched: number) => void): Promise<void> {
    const listings = [...this.listings.values()];
    const match = this.repositoryMatcher(filter);
    const window = this.window ?? this.services.settings().pageSize;
    if (filter.repositoryPrefix) await this.readPrefix(filter.repositoryPrefix, listings, window, match, signal);
    else {
      while (!signal?.aborted && this.names.count(match) < window && this.hasMore(listings)) {
        await this.readOn(listings);
        progress(this.names.size, this.names.count(match));
      }
    }
    const tagMatch = filter.tag ?? filter.either;
    if (tagMatch) for (const repo of this.repositories.values()) if (!signal?.aborted) await repo.searchOn(tagMatch, signal, () => undefined);
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

  private repositoryMatcher(filter: ParsedFilter | undefined): NameMatcher | undefined {
    if (filter?.repository) return filter.repository;
    const either = filter?.either;
    // Plain text: a repository whose name has it, or whose listed tags do.
    if (either) return (name) => either(name) || !!this.repositories.get(name)?.hasTagMatching(either);
    return undefined;
  }

  /** Whether a next page is worth asking for before anyone asks: the window nears the end of what is fetched. */
  private nearTheEnd(fetched: number): boolean {
    const pageSize = this.services.settings().pageSize;
    return Math.max(fetched, this.names.size) <= (this.window ?? pageSize) + pageSize;
  }

  private hasMore(listings: readonly SourceListing[]): boolean {
    return listings.some((l) => !l.list.done && !l.list.error);
  }

  /** The next page of every listing that has more. */
  private async readOn(listings: readonly SourceListing[]): Promise<void> {
    await Promise.all(listings.filter((l) => !l.list.done && !l.list.error).map((l) => l.list.next()));
    this.sync(listings);
  }

  /**
   * Reads the catalog from just before `prefix` (`last=`) until past the names that start with it:
   * only the pages that can match. Sources that cannot start at a name are read on as usual.
   */
  private async readPrefix(
    prefix: string,
    listings: readonly SourceListing[],
    window: number,
    match: NameMatcher | undefined,
    signal?: AbortSignal,
  ): Promise<SourceListing | undefined> {
    const catalog = listings.find((l) => l.source.listFrom);
    if (!catalog) return undefined;
    let listing = this.prefixListings.get(prefix);
    if (!listing) {
      const from = catalog.source.listFrom!.bind(catalog.source);
      listing = { source: catalog.source, list: new PagedList(() => namesStartingWith(prefix, from(justBefore(prefix)))), synced: 0 };
      this.prefixListings.set(prefix, listing);
    }
    for (
      let pages = 0;
      !listing.list.done && !listing.list.error && !signal?.aborted && this.names.count(match) < window && pages < PAGES_PER_DRAW * 10;
      pages++
    ) {
      await listing.list.next();
      this.sync([listing]);
    }
    return listing;
  }

  private prefixDone(prefix: string): boolean {
    return !!this.prefixListings.get(prefix)?.list.done;
  }

  /** Names listed since the last draw go into the sorted names: one sort of the new ones, one merge. */
  private sync(listings: readonly SourceListing[]): void {
    for (const l of listings) {
      const items = l.list.items;
      if (l.synced >= items.length) continue;
      const fresh = items.slice(l.synced);
      l.synced = items.length;
      for (const n of fresh) (l.source.addedByHand ? this.byHand : this.listedByRegistry).add(n);
      this.names.add(fresh);
    }
  }

  private repositoryNode(name: string): RepositoryNode {
    const node = this.repositories.get(name)?.node ?? this.repositoryFor({ kind: 'repository', registryId: this.node.registryId, repository: name }).node;
    // Added by hand (Remove Repository takes it off) only while the registry does not list it too.
    node.addedByHand = (this.byHand.has(name) && !this.listedByRegistry.has(name)) || undefined;
    return node;
  }

  private listingsOf(sources: RepositorySource[]): SourceListing[] {
    const ids = new Set(sources.map((s) => s.id));
    for (const [id, l] of [...this.listings]) {
      if (ids.has(id)) continue;
      // A source that went (a repository no longer added by hand) takes its names along.
      this.listings.delete(id);
      const kept = new Set([...this.listings.values()].flatMap((o) => o.list.items));
      const gone = l.list.items.filter((n) => !kept.has(n));
      if (l.source.addedByHand) for (const n of gone) this.byHand.delete(n);
      this.names.remove(gone);
    }
    return sources.map((source) => {
      let listing = this.listings.get(source.id);
      if (!listing) {
        listing = {
          source,
          list: new PagedList(
            () => source.list(),
            () => this.services.changed(this.node),
            (fetched) => this.nearTheEnd(fetched),
          ),
          synced: 0,
        };
        this.listings.set(source.id, listing);
      }
      return listing;
    });
  }
}

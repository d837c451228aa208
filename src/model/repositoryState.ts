/**
 * One repository of the tree: its node, its tags, the tag nodes and what their digests say. A
 * refresh of the repository replaces this object and keeps the node, the handle VS Code holds.
 *
 * A registry may send every tag in one answer (distribution 2.8 ignores `n`): what is fetched is
 * kept in display order (`SortedNames`, sorted once per page that arrives), and the tree shows a
 * window over it — a page at a time, "Load more…", and "Load all (N)" once every name is known.
 * Nodes and details exist only for what is shown, so expanding 10,000 tags costs one page of
 * details, not 10,000 manifest reads. Sorting by date needs every tag's date, so above
 * `DATE_SORT_ASK` tags it asks first.
 */
import { subjectOfTag } from '../registry';
import { failureNode } from './errorNodes';
import type { ManifestDetails } from './manifestDetails';
import { failureContext, listingFailure } from './failureExplanation';
import type { NameMatcher, ParsedFilter } from './filter';
import { isIndexMediaType, type LoadMoreNode, type MessageNode, type PlatformNode, type RepositoryNode, type TagNode, type TreeNode } from './nodes';
import { PagedList } from './pagedList';
import type { ClientLookup, LoginLookup, RegistryLookup, TreeModelSettings } from './services';
import { SortedNames } from './sortedNames';
import { RepositoryDigests, type DetailsTarget, type TagDetailsLoader } from './tagDetailsLoader';
import { tagOrder, type TagKey, type TagSort } from './tagSort';

/** Above this many tags, sorting by date (a manifest and a config read per image) asks first. */
export const DATE_SORT_ASK = 500;
/** The window of "Load all". */
const ALL = Number.MAX_SAFE_INTEGER;
/** Registry pages read at most to fill one window when a filter skips most names; "Load more…" searches on. */
const PAGES_PER_DRAW = 10;

/** What the registry and repository states read and share. */
export interface StateServices {
  registries: RegistryLookup;
  clients: ClientLookup;
  credentials: LoginLookup;
  settings: () => TreeModelSettings;
  /** A node's item or children changed (undefined: the whole tree). */
  changed: (node: TreeNode | undefined) => void;
  details: TagDetailsLoader;
  /** Whether a tag node is the one the tree shows now. */
  isShown: (tag: TagNode) => boolean;
}

/** The tag list, started with the client of the first draw. */
interface TagListing {
  list: PagedList;
  target: DetailsTarget;
  names: SortedNames<TagKey>;
  /** How many of `list.items` are in `names`. */
  synced: number;
  sort: TagSort;
  /** The names that name another image by digest (`sha256-<hex>`, cosign's `.sig` …), found once as they arrive. */
  referrerTags: Set<string>;
}

export class RepositoryState {
  private listing: TagListing | undefined;
  private readonly tagNodes = new Map<string, TagNode>();
  private loadMoreNode: LoadMoreNode | undefined;
  private loadAllNode: LoadMoreNode | undefined;
  /** How many tags are shown (grows by a page with "Load more…"; everything with "Load all"). */
  private window: number | undefined;
  /** The user asked to read every tag's date to sort by date. */
  private allDates = false;
  private resortPending = false;
  /** The last children drawn, and what they were drawn from: a redraw of the same is free. */
  private drawn: { key: string; filter: ParsedFilter | undefined; children: TreeNode[] } | undefined;
  /** The last tags were deleted from the view: say the repository stays listed until garbage collection. */
  private emptiedByDelete = false;
  /** An expanded index's platform nodes, by `tag@digest`. */
  private readonly platformNodes = new Map<string, PlatformNode[]>();

  constructor(
    readonly node: RepositoryNode,
    private readonly services: StateServices,
  ) {}

  async children(filter: ParsedFilter | undefined): Promise<TreeNode[]> {
    const { registryId, repository } = this.node;
    let listing: TagListing;
    try {
      listing = this.startListing();
    } catch (e) {
      return [failureNode(e, { registryId, repository })];
    }
    const { list, target } = listing;
    if (!list.started) await list.next();
    if (list.error) return listingFailure(target.digests.client, list.error, await failureContext(this.services.credentials, registryId, repository));
    const window = (this.window ??= this.services.settings().pageSize);
    // Tags that name another image by digest show under that image, not as images of their own.
    const showAll = this.services.settings().showReferrerTags;
    const filterMatch = this.tagMatcher(filter);
    const referrerTags = listing.referrerTags;
    const match = showAll ? filterMatch : (t: string) => !referrerTags.has(t) && (!filterMatch || filterMatch(t));
    this.sync(listing);
    // Fill the window: the registry's pages may be smaller than ours, or a filter may skip most.
    // "Load all" reads every page; otherwise a bounded number per draw ("Load more…" searches on).
    const pageLimit = window === ALL ? Infinity : PAGES_PER_DRAW;
    for (let pages = 0; !list.done && !list.error && listing.names.count(match) < window && pages < pageLimit; pages++) {
      await list.next();
      // Every page for "Load all": merged once at the end, not once per page.
      if (window !== ALL) this.sync(listing);
    }
    this.sync(listing);
    const datesMissing = this.orderFor(listing);
    const key = `${listing.names.version}:${window}:${listing.sort}:${list.done}:${this.allDates}:${showAll}:${this.emptiedByDelete}`;
    if (this.drawn?.key === key && this.drawn.filter === filter) return this.drawn.children;
    const page = listing.names.first(window, match);
    const shown = page.names.map((tag) => this.tagNode(tag));
    this.services.details.schedule(target, shown);
    const out: TreeNode[] = [];
    if (datesMissing) out.push(datesMissing);
    out.push(...shown);
    const total = listing.names.count(match);
    if (page.more || !list.done) out.push((this.loadMoreNode ??= { kind: 'loadMore', registryId, repository }));
    if (this.loadMoreNode) Object.assign(this.loadMoreNode, { searched: filterMatch && !list.done ? listing.names.size : undefined });
    // "Load all": how many more once every name is known; without a count it reads the rest first.
    if (page.more || !list.done) out.push(Object.assign((this.loadAllNode ??= { kind: 'loadMore', registryId, repository, all: true }), { remaining: list.done ? total - shown.length : undefined }));
    const hidden = showAll ? 0 : listing.referrerTags.size;
    if (listing.names.size - hidden === 0 && list.done) out.push(hidden ? hiddenTagsNode(registryId, repository, hidden) : noTagsNode(registryId, repository, this.emptiedByDelete));
    else if (filterMatch && shown.length === 0) {
      const searched = `${listing.names.size.toLocaleString('en-US')} tags ${list.done ? 'searched' : 'loaded'}`;
      out.push({ kind: 'message', registryId, repository, action: 'info', text: 'No tag matches', detail: `The filter shows ${filter!.summary}; none of the ${searched} matches. Clear Filter shows them all.` });
    }
    this.drawn = { key, filter, children: out };
    return out;
  }

  /** Whether any tag listed so far matches (a plain-text filter shows repositories whose tags match). */
  hasTagMatching(match: NameMatcher): boolean {
    return !!this.listing && this.listing.names.count(match) > 0;
  }

  /**
   * The platforms of an index, then the referrers (signatures, SBOMs) of the tag's digest, then
   * cosign's tags naming it while the tag list hides them.
   */
  async tagChildren(tag: TagNode): Promise<TreeNode[]> {
    const digest = tag.details?.digest;
    if (!digest || !this.listing) return [];
    const { registryId, repository } = this.node;
    const { target } = this.listing;
    const out: TreeNode[] = [];
    try {
      if (isIndexMediaType(tag.details?.mediaType)) out.push(...this.platformsOf(tag, digest, await target.digests.manifest(digest)));
      out.push(...(await target.digests.referrers(digest)));
      const artifacts = this.artifactTags(digest).map((t) => this.tagNode(t));
      this.services.details.schedule(target, artifacts);
      out.push(...artifacts);
      return out;
    } catch (e) {
      return [...out, failureNode(e, await failureContext(this.services.credentials, registryId, repository))];
    }
  }

  /** The platform nodes of an index, made once per tag and digest so their images load once. */
  private platformsOf(tag: TagNode, digest: string, index: ManifestDetails): PlatformNode[] {
    const key = `${tag.tag}@${digest}`;
    let nodes = this.platformNodes.get(key);
    if (!nodes) {
      const { registryId, repository } = this.node;
      nodes = (index.platformManifests ?? []).map((p): PlatformNode => ({ kind: 'platform', registryId, repository, tag: tag.tag, ...p, image: { platform: p.platform, digest: p.digest } }));
      this.platformNodes.set(key, nodes);
    }
    if (tag.details) tag.details.platformImages = nodes.map((n) => n.image!);
    if (this.listing) this.services.details.schedulePlatforms(this.listing.target, tag, nodes);
    return nodes;
  }

  /** Cosign's `.sig` / `.att` / `.sbom` tags naming `digest`, while the tag list hides them (they then show under the image). */
  artifactTags(digest: string | undefined): string[] {
    if (!digest || this.services.settings().showReferrerTags) return [];
    return [...(this.listing?.referrerTags ?? [])].filter((t) => {
      const subject = subjectOfTag(t);
      return subject?.digest === digest && subject.kind !== 'referrers';
    });
  }

  /** Where a tag node sits: a hidden cosign tag under the tag of its image (when one is loaded), every other under the repository. */
  parentOf(tag: TagNode): TagNode | RepositoryNode {
    const subject = this.services.settings().showReferrerTags ? undefined : subjectOfTag(tag.tag);
    if (subject && subject.kind !== 'referrers') {
      for (const t of this.tagNodes.values()) if (t !== tag && t.details?.digest === subject.digest && !subjectOfTag(t.tag)) return t;
    }
    return this.node;
  }

  /** Loads the tag's details again (its digest may have moved, its referrers changed). */
  refreshTag(tag: TagNode): void {
    const digest = tag.details?.digest;
    if (digest) this.listing?.target.digests.forget(digest);
    for (const key of [...this.platformNodes.keys()]) if (key.startsWith(`${tag.tag}@`)) this.platformNodes.delete(key);
    tag.details = undefined;
    if (this.listing) this.services.details.schedule(this.listing.target, [tag]);
  }

  /** One more page of tags (the registry is asked when what it sent is all shown). */
  async loadMore(): Promise<void> {
    this.window = (this.window ?? this.services.settings().pageSize) + this.services.settings().pageSize;
    this.services.changed(this.node);
  }

  /** Every tag the registry listed. */
  async loadAll(): Promise<void> {
    this.window = ALL;
    this.services.changed(this.node);
  }

  /** Reads every tag's date (the user asked to sort a long list by date). */
  readAllDates(): void {
    this.allDates = true;
    this.services.changed(this.node);
  }

  /** Takes deleted tags off the list without loading it again: O(tags removed). */
  removeTags(tags: readonly string[]): void {
    for (const tag of tags) this.tagNodes.delete(tag);
    const l = this.listing;
    if (l) {
      l.names.remove(tags);
      for (const tag of tags) l.referrerTags.delete(tag);
      if (l.list.done && l.names.size === 0) this.emptiedByDelete = true;
    }
    this.services.changed(this.node);
  }

  /**
   * Shows tags an action created (retag, copy) without loading the list again: in their sorted
   * place among what is loaded (pages still to come skip them). A tag already listed was
   * overwritten: its details are read again. A list not loaded yet will list them itself.
   */
  addTags(tags: readonly string[]): void {
    const l = this.listing;
    if (!l?.list.started || l.list.error) return;
    for (const tag of tags) {
      const node = this.tagNodes.get(tag);
      if (node) this.refreshTag(node);
    }
    this.sync(l);
    const before = l.names.size;
    this.addNames(l, tags);
    // The new rows join the window: what was shown stays shown.
    if (this.window !== undefined && this.window !== ALL) this.window += l.names.size - before;
    this.emptiedByDelete = false;
    this.services.changed(this.node);
  }

  /** Reads further pages (with a filter: until a screenful matches or the list ends), for a search with progress. */
  async searchOn(match: NameMatcher | undefined, signal: AbortSignal | undefined, progress: (searched: number, matched: number) => void): Promise<void> {
    const listing = this.listing;
    if (!listing) return;
    const window = this.window ?? this.services.settings().pageSize;
    while (!listing.list.done && !listing.list.error && !signal?.aborted && listing.names.count(match) < window) {
      await listing.list.next();
      this.sync(listing);
      progress(listing.names.size, listing.names.count(match));
    }
    this.services.changed(this.node);
  }

  tag(name: string): TagNode | undefined {
    return this.tagNodes.get(name);
  }

  loadedTags(): TagNode[] {
    return [...this.tagNodes.values()];
  }

  /** How many referrers a tag of this repository showed for the digest, if one did. */
  referrerCount(digest: string): number | undefined {
    for (const t of this.tagNodes.values()) if (t.details?.digest === digest && t.details.referrerCount !== undefined) return t.details.referrerCount;
    return undefined;
  }

  /** Whether the next page of the registry is worth asking for before anyone asks: the window nears the end of what is fetched. */
  private nearTheEnd(fetched: number): boolean {
    const pageSize = this.services.settings().pageSize;
    return fetched <= (this.window ?? pageSize) + pageSize;
  }

  /** Date order changes as dates arrive: sorted again (once) on the next draw. */
  datesChanged(): void {
    this.resortPending = true;
  }

  private tagMatcher(filter: ParsedFilter | undefined): NameMatcher | undefined {
    if (filter?.tag) return filter.tag;
    // Plain text: a repository whose name has it shows every tag; another, the tags that have it.
    if (filter?.either && !filter.either(this.node.repository)) return filter.either;
    return undefined;
  }

  /** Names fetched since the last draw go into the sorted list: one sort of the new ones, one merge. */
  private sync(listing: TagListing): void {
    const items = listing.list.items;
    if (listing.synced < items.length) {
      this.addNames(listing, items.slice(listing.synced));
      listing.synced = items.length;
    }
  }

  private addNames(listing: TagListing, names: readonly string[]): void {
    listing.names.add(names);
    for (const n of names) if (subjectOfTag(n)) listing.referrerTags.add(n);
  }

  /**
   * Puts the names in the order the settings ask for (sorting only when it changed, or dates
   * arrived). By date above `DATE_SORT_ASK` tags, until the user agrees to read every date, the
   * order stays by version and a message says what reading the dates costs.
   */
  private orderFor(listing: TagListing): MessageNode | undefined {
    const wanted = this.services.settings().tagSort;
    const ask = wanted === 'date' && !this.allDates && listing.names.size > DATE_SORT_ASK;
    const sort: TagSort = ask ? 'version' : wanted;
    if (sort !== listing.sort || (sort === 'date' && this.resortPending)) {
      listing.sort = sort;
      this.resortPending = false;
      listing.names.reorder(tagOrder(sort, (t) => this.tagNodes.get(t)?.details?.created) as never);
    }
    if (sort === 'date') {
      // Every tag's date, read a few at a time; the order follows as they arrive.
      this.services.details.schedule(listing.target, [...listing.names].map((t) => this.tagNode(t)));
    }
    if (!ask) return undefined;
    const { registryId, repository } = this.node;
    const n = listing.names.size;
    return {
      kind: 'message',
      registryId,
      repository,
      action: 'readAllDates',
      text: `Sorted by version: sorting ${n.toLocaleString('en-US')} tags by date reads each one's manifest and config. Click to do it.`,
      detail: `About ${(2 * n).toLocaleString('en-US')} requests (fewer where tags share an image). Until then the tags are in version order.`,
    };
  }

  private startListing(): TagListing {
    if (!this.listing) {
      const { registryId, repository } = this.node;
      const client = this.services.clients.get(registryId);
      // No page size: the client asks for the registry's largest page; the tree shows its own.
      const list = new PagedList(() => client.tags(repository), () => this.services.changed(this.node), (fetched) => this.nearTheEnd(fetched));
      const digests = new RepositoryDigests(client, registryId, repository, () => this.knownTags());
      const sort: TagSort = 'version';
      const names = new SortedNames<TagKey>(tagOrder(sort, () => undefined) as never);
      this.listing = { list, target: { node: this.node, digests, isShown: this.services.isShown, datesChanged: () => this.datesChanged() }, names, synced: 0, sort, referrerTags: new Set() };
    }
    return this.listing;
  }

  private tagNode(tag: string): TagNode {
    let node = this.tagNodes.get(tag);
    if (!node) {
      node = { kind: 'tag', registryId: this.node.registryId, repository: this.node.repository, tag };
      this.tagNodes.set(tag, node);
    }
    return node;
  }

  /** The whole tag list, once every page is in (a missing `sha256-<hex>` fallback tag then costs no request). */
  private knownTags(): { has(tag: string): boolean } | undefined {
    const l = this.listing;
    return l?.list.done ? l.names : undefined;
  }
}

/** A repository whose only tags name other images by digest (referrer indexes, signatures of images deleted). */
function hiddenTagsNode(registryId: string, repository: string, hidden: number): MessageNode {
  return {
    kind: 'message',
    registryId,
    repository,
    action: 'info',
    text: `${hidden} referrer tag${hidden === 1 ? '' : 's'} hidden`,
    detail: `${repository} holds only tags that name another image by digest (sha256-… referrer indexes, cosign signatures). The setting registryExplorer.showReferrerTags shows them.`,
  };
}

/** An empty repository. Registries list a repository until their garbage collection removes it, also once its last tag is gone. */
function noTagsNode(registryId: string, repository: string, emptiedByDelete: boolean): MessageNode {
  return {
    kind: 'message',
    registryId,
    repository,
    action: 'info',
    text: emptiedByDelete ? 'No tags left' : 'No tags',
    description: 'listed until garbage collection',
    detail: `${emptiedByDelete ? `The last tag of ${repository} was deleted. ` : `${repository} has no tags. `}The registry lists the repository until its garbage collection removes it.`,
  };
}

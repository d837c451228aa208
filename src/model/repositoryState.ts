/**
 * One repository of the tree: its node, its tags, the tag nodes and what their digests say. A
 * refresh of the repository replaces this object and keeps the node, the handle VS Code holds.
 *
 * A registry may send every tag in one answer (distribution 2.8 ignores `n`): what is fetched is
 * kept in display order (`SortedNames`, sorted once per page that arrives), and the tree shows a
 * window over it — a page at a time, "Load more…", and "Load all (N)" once every name is known.
 * Nodes and details exist only for what is shown, so expanding 10,000 tags costs one page of
 * details, not 10,000 manifest reads. Sorting by date needs every tag's date, so above
 * `DATE_SORT_ASK` tags it asks first — unless the registry's own API listed the dates with the
 * names. Where the names come from and how they are kept sorted: tagListing.ts.
 */
import { failureNode } from './errorNodes';
import type { ManifestDetails } from './manifestDetails';
import { failureContext, listingFailure } from './failureExplanation';
import type { NameMatcher, ParsedFilter } from './filter';
import { isIndexTag, type LoadMoreNode, type MessageNode, type PlatformNode, type RepositoryNode, type TagNode, type TreeNode } from './nodes';
import type { StateServices } from './stateServices';
import { addListedNames, orderListing, startTagListing, syncListing, type TagListing } from './tagListing';
import { cosignTagsOf, imageTagOf, platformNodesOf } from './tagChildren';
import { hiddenTagsNode, noMatchNode, noTagsNode, readAllDatesNode } from './tagListNodes';

export { DATE_SORT_ASK } from './tagListing';
/** The window of "Load all". */
const ALL = Number.MAX_SAFE_INTEGER;
/** Registry pages read at most to fill one window when a filter skips most names; "Load more…" searches on. */
const PAGES_PER_DRAW = 10;

export type { StateServices } from './stateServices';

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
    syncListing(listing);
    // Fill the window: the registry's pages may be smaller than ours, or a filter may skip most.
    // "Load all" reads every page; otherwise a bounded number per draw ("Load more…" searches on).
    const pageLimit = window === ALL ? Infinity : PAGES_PER_DRAW;
    for (let pages = 0; !list.done && !list.error && listing.names.count(match) < window && pages < pageLimit; pages++) {
      await list.next();
      // Every page for "Load all": merged once at the end, not once per page.
      if (window !== ALL) syncListing(listing);
    }
    syncListing(listing);
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
    if (page.more || !list.done)
      out.push(
        Object.assign((this.loadAllNode ??= { kind: 'loadMore', registryId, repository, all: true }), {
          remaining: list.done ? total - shown.length : undefined,
        }),
      );
    const hidden = showAll ? 0 : listing.referrerTags.size;
    if (listing.names.size - hidden === 0 && list.done)
      out.push(hidden ? hiddenTagsNode(registryId, repository, hidden) : noTagsNode(registryId, repository, this.emptiedByDelete));
    else if (filterMatch && shown.length === 0) out.push(noMatchNode(this.node, filter!.summary, listing.names.size, list.done));
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
      if (isIndexTag(tag.details)) out.push(...this.platformsOf(tag, digest, await target.digests.manifest(digest)));
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
    if (!nodes) this.platformNodes.set(key, (nodes = platformNodesOf(this.node, tag.tag, index)));
    if (tag.details) tag.details.platformImages = nodes.map((n) => n.image!);
    if (this.listing) this.services.details.schedulePlatforms(this.listing.target, tag, nodes);
    return nodes;
  }

  /** Cosign's `.sig` / `.att` / `.sbom` tags naming `digest`, while the tag list hides them (they then show under the image). */
  artifactTags(digest: string | undefined): string[] {
    if (!digest || this.services.settings().showReferrerTags) return [];
    return cosignTagsOf(this.listing?.referrerTags ?? [], digest);
  }

  /** Where a tag node sits: a hidden cosign tag under the tag of its image (when one is loaded), every other under the repository. */
  parentOf(tag: TagNode): TagNode | RepositoryNode {
    return (!this.services.settings().showReferrerTags && imageTagOf(tag, this.tagNodes.values())) || this.node;
  }

  /** Loads the tag's details again (its digest may have moved, its referrers changed). */
  refreshTag(tag: TagNode): void {
    // What the registry's API listed may be what changed: the manifest says what the tag is now.
    this.listing?.metadata?.byTag.delete(tag.tag);
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
    syncListing(l);
    const before = l.names.size;
    addListedNames(l, tags);
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
      syncListing(listing);
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

  /**
   * Puts the names in the order the settings ask for (sorting only when it changed, or dates
   * arrived). By date above `DATE_SORT_ASK` tags, until the user agrees to read every date, the
   * order stays by version and a message says what reading the dates costs.
   */
  private orderFor(listing: TagListing): MessageNode | undefined {
    const ask = orderListing(listing, this.services.settings().tagSort, this.allDates, this.resortPending, (t) => this.tagNodes.get(t));
    this.resortPending = false;
    // Every tag's date, read a few at a time; the order follows as they arrive.
    if (listing.sort === 'date')
      this.services.details.schedule(
        listing.target,
        [...listing.names].map((t) => this.tagNode(t)),
      );
    return ask ? readAllDatesNode(this.node, listing.names.size) : undefined;
  }

  private startListing(): TagListing {
    return (this.listing ??= startTagListing(this.node, this.services, {
      changed: () => this.services.changed(this.node),
      lookAhead: (fetched) => this.nearTheEnd(fetched),
      knownTags: () => this.knownTags(),
      datesChanged: () => this.datesChanged(),
    }));
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

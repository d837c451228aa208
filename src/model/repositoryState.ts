/**
 * One repository of the tree: its node, its tags (a paged list), the tag nodes and what their
 * digests say. A refresh of the repository replaces this object and keeps the node, the handle
 * VS Code holds.
 */
import { subjectOfTag } from '../registry';
import { failureNode } from './errorNodes';
import type { ManifestDetails } from './manifestDetails';
import { failureContext, listingFailure } from './failureExplanation';
import type { ParsedFilter } from './filter';
import { isIndexMediaType, type LoadMoreNode, type MessageNode, type PlatformNode, type RepositoryNode, type TagNode, type TreeNode } from './nodes';
import { PagedList } from './pagedList';
import type { ClientLookup, LoginLookup, RegistryLookup, TreeModelSettings } from './services';
import { RepositoryDigests, type DetailsTarget, type TagDetailsLoader } from './tagDetailsLoader';
import { sortTags } from './tagSort';

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
}

export class RepositoryState {
  private listing: TagListing | undefined;
  private readonly tagNodes = new Map<string, TagNode>();
  private loadMoreNode: LoadMoreNode | undefined;
  private knownTagSet: Set<string> | undefined;
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
    // Tags that name another image by digest show under that image, not as images of their own.
    const showAll = this.services.settings().showReferrerTags;
    const names = showAll ? list.items : list.items.filter((t) => !subjectOfTag(t));
    const tags = names.map((tag) => this.tagNode(tag));
    const shown = sortTags(filter?.tag ? tags.filter((t) => filter.tag!(t.tag)) : tags, this.services.settings().tagSort, (t) => t.details?.created);
    this.services.details.schedule(target, shown);
    const out: TreeNode[] = [...shown];
    if (!list.done) out.push((this.loadMoreNode ??= { kind: 'loadMore', registryId, repository }));
    const hidden = list.items.length - names.length;
    if (tags.length === 0 && list.done) out.push(hidden ? hiddenTagsNode(registryId, repository, hidden) : noTagsNode(registryId, repository, this.emptiedByDelete));
    else if (filter?.tag && shown.length === 0) out.push({ kind: 'message', registryId, repository, action: 'info', text: 'No tag matches', detail: `The filter shows ${filter.summary}; none of the ${tags.length} tags loaded matches. Clear Filter shows them all.` });
    return out;
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
    return (this.listing?.list.items ?? []).filter((t) => {
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

  async loadMore(): Promise<void> {
    if (!this.listing) return;
    await this.listing.list.next();
    this.services.changed(this.node);
  }

  /** Takes deleted tags off the list without loading it again. */
  removeTags(tags: readonly string[]): void {
    for (const tag of tags) {
      this.tagNodes.delete(tag);
      const items = this.listing?.list.items;
      const at = items ? items.indexOf(tag) : -1;
      if (at >= 0) items!.splice(at, 1);
    }
    if (this.listing?.list.done && this.listing.list.items.length === 0) this.emptiedByDelete = true;
    this.services.changed(this.node);
  }

  /**
   * Shows tags an action created (retag, copy) without loading the list again: appended to what
   * is loaded, they are drawn in their sorted place, and the pages still to come skip them. A tag
   * already listed was overwritten: its details are read again. A list not loaded yet will list
   * them itself.
   */
  addTags(tags: readonly string[]): void {
    const list = this.listing?.list;
    if (!list?.started || list.error) return;
    for (const tag of tags) {
      const node = this.tagNodes.get(tag);
      if (node) this.refreshTag(node);
      else if (!list.items.includes(tag)) list.items.push(tag);
    }
    this.emptiedByDelete = false;
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

  private startListing(): TagListing {
    if (!this.listing) {
      const { registryId, repository } = this.node;
      const client = this.services.clients.get(registryId);
      const list = new PagedList(() => client.tags(repository, { pageSize: this.services.settings().pageSize }), () => this.services.changed(this.node));
      const digests = new RepositoryDigests(client, registryId, repository, () => this.knownTags());
      this.listing = { list, target: { node: this.node, digests, isShown: this.services.isShown } };
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

  /** The whole tag list as a set, once loaded; built again only when the list changed length. */
  private knownTags(): ReadonlySet<string> | undefined {
    const list = this.listing?.list;
    if (!list?.done) return undefined;
    if (this.knownTagSet?.size !== list.items.length) this.knownTagSet = new Set(list.items);
    return this.knownTagSet;
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

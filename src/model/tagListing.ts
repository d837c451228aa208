/**
 * Where a repository's tag names come from, and what comes with them. A registry whose own API
 * lists tags with their digest, push time and size (Docker Hub, GitLab, Harbor, Quay, GHCR, ACR)
 * is listed through that API: one listing gives the names and the details of every tag, so
 * showing them and sorting by date cost no manifest or config read. A side-listing beside the
 * registry's `tags/list` would cost that listing and the API's; this costs the API's alone.
 * Where the API fails, the registry's own tag list takes over and details are read per tag from
 * the manifest and config, as for any registry without such an API.
 */
import { isRegistryError, subjectOfTag, withHasNext, type NamePage, type RegistryApi, type VendorKind, type VendorTag } from '../registry';
import { PagedList } from './pagedList';
import type { RepositoryNode, TagNode } from './nodes';
import { isDockerHubId } from './registryEntry';
import type { ClientLookup } from './services';
import { SortedNames } from './sortedNames';
import type { StateServices } from './stateServices';
import { RepositoryDigests, type DetailsTarget, type ListedDetails } from './tagDetailsLoader';
import { tagOrder, type TagKey, type TagSort } from './tagSort';

/** The registry's own API that lists tags with their details. */
export interface TagMetadataSource {
  /** For sentences: "Quay's API". */
  label: string;
  tags(repository: string): AsyncIterable<VendorTag[]>;
}

const VENDOR_LABEL: Record<VendorKind, string> = {
  gitlab: "GitLab's API",
  harbor: "Harbor's API",
  quay: "Quay's API",
  ghcr: "GitHub's Packages API",
  acr: "ACR's API",
};

/** The API that lists a registry's tags with their details, if it has one. */
export function tagMetadataSource(clients: ClientLookup, client: RegistryApi, registryId: string): TagMetadataSource | undefined {
  if (isDockerHubId(registryId)) return client.hubTags ? { label: "Docker Hub's API", tags: (r) => client.hubTags!(r) } : undefined;
  const vendor = clients.vendor?.(registryId);
  return vendor ? { label: VENDOR_LABEL[vendor.kind], tags: (r) => vendor.tags(r) } : undefined;
}

/** What a registry's API said of the listed tags, and whether it stopped answering. */
export class TagMetadata {
  readonly byTag = new Map<string, VendorTag>();
  /** Why the API's listing failed (the registry's tag list took over); undefined while it answers. */
  problem: string | undefined;

  constructor(readonly source: TagMetadataSource) {}

  /** The API's pages, then — once it fails — the registry's own tag list (names already listed are not listed twice). */
  async *pages(client: RegistryApi, repository: string): AsyncGenerator<NamePage> {
    if (this.problem === undefined) {
      try {
        for await (const page of this.source.tags(repository)) {
          for (const t of page) this.byTag.set(t.name, t);
          // The last page said so: the list is complete at once (a missing `sha256-…` referrers tag then costs no request).
          const hasNext = (page as { hasNext?: boolean }).hasNext;
          yield hasNext === undefined
            ? page.map((t) => t.name)
            : withHasNext(
                page.map((t) => t.name),
                hasNext,
              );
        }
        return;
      } catch (e) {
        const why = isRegistryError(e) || e instanceof Error ? e.message : String(e);
        this.problem = `${this.source.label} could not list the tags (${why}); details come from each tag's manifest and config instead.`;
      }
    }
    yield* client.tags(repository);
  }
}

/** The tag list, started with the client of the first draw. */
export interface TagListing {
  list: PagedList;
  target: DetailsTarget;
  names: SortedNames<TagKey>;
  /** How many of `list.items` are in `names`. */
  synced: number;
  sort: TagSort;
  /** The names that name another image by digest (`sha256-<hex>`, cosign's `.sig` …), found once as they arrive. */
  referrerTags: Set<string>;
  /** What the registry's own API said of each tag, when it lists them. */
  metadata?: TagMetadata;
}

/** What the listing asks of its repository's state. */
export interface ListingHooks {
  /** The look-ahead found the end after the page was shown. */
  changed: () => void;
  /** Whether to ask for the next page as soon as one arrives. */
  lookAhead: (fetched: number) => boolean;
  /** The complete tag list, once every page is in. */
  knownTags: () => { has(tag: string): boolean } | undefined;
  datesChanged: () => void;
}

/** The listing of a repository: through the registry's own API when it lists tags with details, else the registry's tag list. */
export function startTagListing(node: RepositoryNode, services: Pick<StateServices, 'clients' | 'isShown'>, hooks: ListingHooks): TagListing {
  const { registryId, repository } = node;
  const client = services.clients.get(registryId);
  const source = tagMetadataSource(services.clients, client, registryId);
  const metadata = source && new TagMetadata(source);
  // No page size: the client asks for the largest page; the tree shows its own.
  const list = new PagedList(() => (metadata ? metadata.pages(client, repository) : client.tags(repository)), hooks.changed, hooks.lookAhead);
  const digests = new RepositoryDigests(client, registryId, repository, hooks.knownTags);
  const listed = metadata && ((tag: string) => listedDetails(metadata, tag));
  const target: DetailsTarget = { node, digests, isShown: services.isShown, datesChanged: hooks.datesChanged, listed };
  const sort: TagSort = 'version';
  return { list, target, names: new SortedNames<TagKey>(tagOrder(sort, () => undefined) as never), synced: 0, sort, referrerTags: new Set(), metadata };
}

/** What the registry's API listed for a tag, with the API's name; or why it did not. */
function listedDetails(metadata: TagMetadata, tag: string): ListedDetails | undefined {
  const t = metadata.byTag.get(tag);
  return t ? { tag: t, source: metadata.source.label } : metadata.problem ? { problem: metadata.problem } : undefined;
}

/** Above this many tags, sorting by date (a manifest and a config read per image) asks first. */
export const DATE_SORT_ASK = 500;

/**
 * Puts the names in the order `wanted` (sorting only when it changed, or `resort`: dates
 * arrived). By date above `DATE_SORT_ASK` tags whose dates did not come with the listing, the
 * order stays by version until the user agrees to read every date: true then (ask first).
 */
export function orderListing(listing: TagListing, wanted: TagSort, allDates: boolean, resort: boolean, nodeOf: (tag: string) => TagNode | undefined): boolean {
  const ask = wanted === 'date' && !allDates && listing.names.size > DATE_SORT_ASK && !datesListed(listing);
  const sort: TagSort = ask ? 'version' : wanted;
  if (sort !== listing.sort || (sort === 'date' && resort)) {
    listing.sort = sort;
    // A date the API listed sorts the tag before its details are written.
    listing.names.reorder(tagOrder(sort, (t) => tagDate(nodeOf(t)) ?? listing.metadata?.byTag.get(t)?.pushedAt) as never);
  }
  return ask;
}

/** The date a tag sorts by: when it was pushed, where the registry's API says; else when its image was created. */
export function tagDate(tag: TagNode | undefined): string | undefined {
  return tag?.details?.pushed ?? tag?.details?.created;
}

/** Names fetched since the last draw go into the sorted list: one sort of the new ones, one merge. */
export function syncListing(listing: TagListing): void {
  const items = listing.list.items;
  if (listing.synced < items.length) {
    addListedNames(listing, items.slice(listing.synced));
    listing.synced = items.length;
  }
}

export function addListedNames(listing: TagListing, names: readonly string[]): void {
  listing.names.add(names);
  for (const n of names) if (subjectOfTag(n)) listing.referrerTags.add(n);
}

/** Whether every listed tag's date comes with the listing (sorting by date then reads nothing). */
export function datesListed(listing: TagListing): boolean {
  return !!listing.metadata && listing.metadata.problem === undefined;
}

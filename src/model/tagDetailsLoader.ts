/**
 * Details of tags (digest, size, created, platforms, referrer count), read after the tag names are
 * shown, a few at a time (`detailsConcurrency`), each written into its tag node's `details`.
 * Outside Docker Hub one GET by tag gives digest, media type and contents; on Docker Hub a HEAD
 * gives the digest without counting against the pull limit, and the contents wait until an index
 * is expanded. What a digest's manifest and referrers say is asked once per repository and digest:
 * tags on one digest, redraws, and the platform and referrer children share it. Where the
 * registry's own API listed a tag with its digest and push time (tagListing.ts), those are its
 * details: no manifest or config is read for it.
 */
import { isRegistryError, type ManifestResult, type RegistryApi, type VendorTag } from '../registry';
import { fetchManifestDetails, manifestDetails, type ManifestDetails } from './manifestDetails';
import type { PlatformNode, ReferrerNode, RepositoryNode, TagDetails, TagNode, TreeNode } from './nodes';
import { referrerNodes } from './referrerNodes';
import { isDockerHubId } from './registryEntry';
import type { TreeModelSettings } from './services';

/** What one repository's digests say, asked once per digest; it goes with the repository's state. */
export class RepositoryDigests {
  private readonly manifests = new Map<string, Promise<ManifestDetails>>();
  private readonly referrerLists = new Map<string, Promise<ReferrerNode[]>>();
  /** The repository's first referrers lookup, which the others wait for. */
  private firstReferrers: Promise<unknown> | undefined;

  constructor(
    readonly client: RegistryApi,
    private readonly registryId: string,
    private readonly repository: string,
    /** The repository's complete tag list, once loaded: a missing `sha256-<hex>` fallback tag then costs no request. */
    private readonly knownTags: () => { has(tag: string): boolean } | undefined,
  ) {}

  /** What the manifest of a digest says; `read` is the manifest when a GET by tag already brought it. */
  manifest(digest: string, read?: ManifestResult): Promise<ManifestDetails> {
    return once(this.manifests, digest, () =>
      read ? manifestDetails(this.client, this.repository, read) : fetchManifestDetails(this.client, this.repository, digest),
    );
  }

  referrers(digest: string): Promise<ReferrerNode[]> {
    return once(this.referrerLists, digest, async () => {
      // The first answer tells the client whether the registry has the referrers API at all: the
      // lookups behind it wait for it, so a registry without one is asked once, not once per lookup in flight.
      const first = this.firstReferrers;
      if (first) await first.catch(() => undefined);
      const knownTags = this.knownTags();
      const lookup = referrerNodes(this.client, { registryId: this.registryId, repository: this.repository, digest }, knownTags ? { knownTags } : {});
      this.firstReferrers ??= lookup;
      return lookup;
    });
  }

  /** Asks again next time: a refreshed tag may have new referrers. */
  forget(digest: string): void {
    this.manifests.delete(digest);
    this.referrerLists.delete(digest);
  }
}

/** One promise per key; a failed one is dropped, so the next caller asks again. */
function once<T>(cache: Map<string, Promise<T>>, key: string, start: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    const started = start();
    cache.set(key, started);
    started.catch(() => cache.get(key) === started && cache.delete(key));
    p = started;
  }
  return p;
}

/** The repository whose tags get details. */
export interface DetailsTarget {
  /** Re-sorted (a change event) as dates arrive, when tags are sorted by date. */
  readonly node: RepositoryNode;
  readonly digests: RepositoryDigests;
  /** Whether a tag node is still shown (a refresh replaces nodes; late details for old ones are dropped). */
  isShown(tag: TagNode): boolean;
  /** Dates arrived: tags sorted by date are sorted again on the next draw. */
  datesChanged?(): void;
  /** What the registry's own API listed for a tag, when it lists tags with details. */
  listed?(tag: string): ListedDetails | undefined;
}

/** A tag as the registry's API listed it (`source` names the API), or why the API could not. */
export type ListedDetails = { tag: VendorTag; source: string } | { problem: string };

/** Writes what the API listed into `details`; false when it lacks the digest or the push time (the manifest is read instead). */
function fromListing(details: TagDetails, listed: ListedDetails | undefined): boolean {
  if (!listed || 'problem' in listed) {
    if (listed) details.fallback = listed.problem;
    return false;
  }
  const { tag, source } = listed;
  if (!tag.digest || !tag.pushedAt) return false;
  Object.assign(details, { digest: tag.digest, pushed: tag.pushedAt, source });
  if (tag.size !== undefined) Object.assign(details, { size: tag.size, sizeCounts: tag.sizeCounts });
  if (tag.isIndex) details.index = true;
  return true;
}

export class TagDetailsLoader {
  private readonly limit = createLimiter(() => this.settings().detailsConcurrency);
  private readonly resortTimers = new Map<RepositoryNode, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly settings: () => TreeModelSettings,
    private readonly changed: (node: TreeNode) => void,
  ) {}

  /** Queues the tags whose details were never asked for. */
  schedule(target: DetailsTarget, tags: readonly TagNode[]): void {
    for (const tag of tags) {
      if (tag.details) continue;
      const details: TagDetails = { state: 'loading' };
      tag.details = details;
      void this.limit(() => this.load(target, tag, details));
    }
  }

  private async load(target: DetailsTarget, tag: TagNode, details: TagDetails): Promise<void> {
    // A refresh of the tag gives it new details, loaded by the schedule of that refresh.
    const current = () => target.isShown(tag) && tag.details === details;
    if (!current()) return;
    const { client } = target.digests;
    try {
      const gone = () => new Error(`${tag.repository}:${tag.tag} is gone (the registry answered 404); refresh the repository.`);
      if (fromListing(details, target.listed?.(tag.tag))) {
        // The referrers count (signatures, SBOMs) is no manifest read; Docker Hub's registry has no referrers.
        if (!isDockerHubId(tag.registryId)) details.referrerCount = (await target.digests.referrers(details.digest!).catch(() => [])).length;
      } else if (isDockerHubId(tag.registryId)) {
        // Docker Hub counts manifest GETs against the pull limit; HEAD does not. There, only the
        // digest is shown and an index still expands on demand.
        const head = await client.headManifest(tag.repository, tag.tag);
        if (!head) throw gone();
        details.digest = head.digest;
        details.mediaType = head.mediaType;
      } else {
        // One GET by tag: digest, media type and contents (a HEAD first would cost one more request per tag).
        const manifest = await client.getManifest(tag.repository, tag.tag).catch((e) => {
          throw isRegistryError(e) && e.kind === 'not-found' ? gone() : e;
        });
        details.digest = manifest.digest;
        details.mediaType = manifest.mediaType;
        if (current()) this.changed(tag);
        const d = await target.digests.manifest(manifest.digest, manifest);
        details.mediaType = d.mediaType || details.mediaType;
        details.size = d.size;
        details.created = d.created;
        details.platforms = d.platforms;
        // A failing referrers lookup must not hide the details already found.
        details.referrerCount = (await target.digests.referrers(manifest.digest).catch(() => [])).length;
      }
      details.state = 'loaded';
    } catch (e) {
      details.state = 'failed';
      details.error = e instanceof Error ? e.message : String(e);
    }
    if (!current()) return;
    this.changed(tag);
    if (this.settings().tagSort === 'date') {
      target.datesChanged?.();
      this.resortSoon(target.node);
    }
  }

  /**
   * What each platform of an expanded index is (its manifest and config: size and date), a few at
   * a time like the tags, written into each platform's `image`. Asked only when the index is
   * expanded, so it costs two requests per platform shown. On Docker Hub manifest GETs count
   * against the pull limit: there platforms show their digest only.
   */
  schedulePlatforms(target: DetailsTarget, tag: TagNode, platforms: readonly PlatformNode[]): void {
    if (isDockerHubId(tag.registryId)) return;
    const pending = platforms.filter((p) => p.image && !p.image.state);
    let left = pending.length;
    for (const p of pending) {
      const image = p.image!;
      image.state = 'loading';
      void this.limit(async () => {
        try {
          const d = await target.digests.manifest(p.digest);
          image.size = d.size;
          image.created = d.created;
          image.state = 'loaded';
        } catch (e) {
          image.state = 'failed';
          image.error = e instanceof Error ? e.message : String(e);
        }
        if (!target.isShown(tag)) return;
        this.changed(p);
        // The index row (newest date, the tooltip's table) once, when every platform is in.
        if (--left === 0) this.changed(tag);
      });
    }
  }

  /** Date order changes as dates arrive; re-sort once they stop arriving for a moment. */
  private resortSoon(node: RepositoryNode): void {
    clearTimeout(this.resortTimers.get(node));
    this.resortTimers.set(
      node,
      setTimeout(() => {
        this.resortTimers.delete(node);
        this.changed(node);
      }, 300),
    );
  }
}

/** Runs at most `limit` tasks at a time, in order of submission. */
function createLimiter(limit: () => number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  const pump = () => {
    while (running < Math.max(1, limit()) && queue.length) {
      running++;
      queue.shift()!();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            pump();
          });
      });
      pump();
    });
}

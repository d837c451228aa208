/**
 * What a clean-up preview reads of one repository, and no more: one listing (every page); the
 * digest of each tag the tree does not already know; each image's manifest once (not once per
 * tag), for the platforms an index lists and the blobs the space estimate counts; and, only when a
 * rule needs dates, each image's config once, unless the tree already showed its date.
 *
 * A tag whose digest is unknown is read with one GET by tag, which brings the digest and the
 * manifest together (a HEAD and then a GET would cost two). A digest that cannot be learned fails
 * the preview: a tag missing from the map could share a digest that is deleted. A manifest whose
 * content is damaged only keeps its tags (they stay, and the preview says why).
 */
import {
  blobsOf,
  forEachLimited,
  imageSize,
  isImageIndex,
  isImageManifest,
  isRegistryError,
  platformManifests,
  type ManifestResult,
  type RegistryApi,
} from '../../registry';
import type { ImageFact, TagFact } from './engine';
import type { ManifestBlobs } from './space';
import type { ReadCost } from './types';

/** What the tree already knows of a repository's tags (its KnownTags port, narrowed to one repository). */
export interface KnownTagFacts {
  digest(tag: string): string | undefined;
  /** The creation date the tree showed for the tag's image. */
  created?(tag: string): string | undefined;
}

/** What the tree knows of image dates (beside its digests, the KnownTags port), so a date rule reads no config it showed. */
export interface KnownDates {
  /** The creation date the tree shows for a tag's image, once its details are loaded. */
  knownCreated(registryId: string, repository: string, tag: string): string | undefined;
}

export interface InventoryOptions {
  signal?: AbortSignal;
  /** Read creation dates (a date rule applies). */
  dates: boolean;
  onProgress?: (message: string) => void;
}

export interface Inventory {
  tags: TagFact[];
  /** Every name the listing gave (tags found gone while reading included). */
  listed: Set<string>;
  images: Map<string, ImageFact>;
  /** Blobs and children of every manifest read (tagged images and the platforms of indexes); undefined: unreadable. */
  manifests: Map<string, ManifestBlobs | undefined>;
  cost: ReadCost;
}

const PARALLEL = 8;

export async function readInventory(client: RegistryApi, repository: string, known: KnownTagFacts, opts: InventoryOptions): Promise<Inventory> {
  const { signal } = opts;
  const cost: ReadCost = { listings: 0, tagReads: 0, knownDigests: 0, manifestReads: 0, configReads: 0, referrerReads: 0 };
  const names: string[] = [];
  opts.onProgress?.(`listing the tags of ${repository}`);
  for await (const page of client.tags(repository, { signal })) {
    cost.listings++;
    names.push(...page);
  }
  const listed = new Set(names);
  const read = new Map<string, ManifestResult>();
  const problems = new Map<string, string>();
  const digestOf = new Map<string, string>();

  const byTag = async (tags: string[]) => {
    let done = 0;
    await forEachLimited(tags, PARALLEL, async (tag) => {
      cost.tagReads++;
      try {
        const m = await client.getManifest(repository, tag, { signal });
        digestOf.set(tag, m.digest);
        read.set(m.digest, m);
      } catch (e) {
        // Deleted since the listing: nothing to decide. Any other failure leaves the map incomplete.
        if (!(isRegistryError(e) && e.kind === 'not-found')) throw e;
      }
      opts.onProgress?.(`${repository}: ${++done} / ${tags.length} tags read`);
    });
  };

  const unknown: string[] = [];
  for (const tag of listed) {
    const d = known.digest(tag);
    if (d) {
      digestOf.set(tag, d);
      cost.knownDigests++;
    } else unknown.push(tag);
  }
  await byTag(unknown);

  // Images the tree named but whose manifest is not read yet; one it named that is gone means the
  // tree is behind: its tags are read again by name.
  const stale = await readDigests(
    client,
    repository,
    [...new Set(digestOf.values())].filter((d) => !read.has(d)),
    read,
    problems,
    cost,
    signal,
  );
  const again = [...digestOf].filter(([, d]) => stale.has(d)).map(([t]) => t);
  for (const t of again) digestOf.delete(t);
  cost.knownDigests -= again.length;
  await byTag(again);

  const tags: TagFact[] = [...digestOf].map(([tag, digest]) => ({ tag, digest }));
  const manifests = new Map<string, ManifestBlobs | undefined>();
  const images = new Map<string, ImageFact>();
  const tagged = [...new Set(tags.map((t) => t.digest))];
  for (const digest of tagged) {
    const m = read.get(digest);
    const fact: ImageFact = { digest, mediaType: m?.mediaType, children: [], ...(problems.has(digest) ? { problem: problems.get(digest) } : {}) };
    if (m && isImageIndex(m.manifest)) fact.children = m.manifest.manifests.map((c) => c.digest);
    images.set(digest, fact);
  }

  // The platforms of indexes: their blobs count, and an index's date may be its first platform's.
  const children = [...new Set([...images.values()].flatMap((i) => i.children))].filter((d) => !read.has(d));
  if (children.length) opts.onProgress?.(`${repository}: reading ${children.length} platform manifests`);
  await readDigests(client, repository, children, read, problems, cost, signal);
  for (const [digest, m] of read) manifests.set(digest, blobsAndChildren(m));
  for (const d of problems.keys()) manifests.set(d, undefined);
  for (const fact of images.values()) fact.size = sizeOf(fact.digest, read);

  if (opts.dates) {
    const knownDate = new Map<string, string>();
    for (const t of tags) {
      const c = known.created?.(t.tag);
      if (c && !knownDate.has(t.digest)) knownDate.set(t.digest, c);
    }
    const toRead = [...images.values()].filter((f) => !f.problem && !knownDate.has(f.digest));
    let done = 0;
    await forEachLimited(toRead, PARALLEL, async (fact) => {
      fact.created = await createdOf(client, repository, fact.digest, read, cost, signal);
      opts.onProgress?.(`${repository}: ${++done} / ${toRead.length} image dates read`);
    });
    for (const [digest, c] of knownDate) images.get(digest)!.created = c;
  }
  return { tags, listed, images, manifests, cost };
}

/** GETs manifests by digest into `read`; returns the digests that are gone (404). */
async function readDigests(
  client: RegistryApi,
  repository: string,
  digests: string[],
  read: Map<string, ManifestResult>,
  problems: Map<string, string>,
  cost: ReadCost,
  signal?: AbortSignal,
): Promise<Set<string>> {
  const gone = new Set<string>();
  await forEachLimited(digests, PARALLEL, async (digest) => {
    cost.manifestReads++;
    try {
      read.set(digest, await client.getManifest(repository, digest, { signal }));
    } catch (e) {
      if (isRegistryError(e) && e.kind === 'not-found') gone.add(digest);
      else if (isContentProblem(e)) problems.set(digest, (e as Error).message);
      else throw e;
    }
  });
  return gone;
}

/** A manifest or config that came but cannot be used: its image stays, nothing else is in doubt. */
function isContentProblem(e: unknown): boolean {
  return isRegistryError(e) && (e.kind === 'protocol' || e.kind === 'digest-mismatch' || e.kind === 'too-large');
}

function blobsAndChildren(m: ManifestResult): ManifestBlobs {
  if (isImageIndex(m.manifest)) return { blobs: [], children: m.manifest.manifests.map((c) => c.digest) };
  if (isImageManifest(m.manifest)) return { blobs: blobsOf(m.manifest).map((b) => ({ digest: b.digest, size: b.size })), children: [] };
  return { blobs: [], children: [] };
}

/** An image's config + layers; an index's platforms' together (when they were read). */
function sizeOf(digest: string, read: ReadonlyMap<string, ManifestResult>): number | undefined {
  const m = read.get(digest)?.manifest;
  if (isImageManifest(m)) return imageSize(m);
  if (!isImageIndex(m)) return undefined;
  let total = 0;
  for (const c of m.manifests) {
    const child = read.get(c.digest)?.manifest;
    if (isImageManifest(child)) total += imageSize(child);
  }
  return total;
}

/** The image's `created`: its config's; an index's annotation, else its first platform's config. */
async function createdOf(
  client: RegistryApi,
  repository: string,
  digest: string,
  read: ReadonlyMap<string, ManifestResult>,
  cost: ReadCost,
  signal?: AbortSignal,
): Promise<string | undefined> {
  let m = read.get(digest);
  if (m && isImageIndex(m.manifest)) {
    const annotated = m.manifest.annotations?.['org.opencontainers.image.created'];
    if (annotated) return annotated;
    const first = platformManifests(m.manifest)[0];
    m = first && read.get(first.digest);
  }
  if (!m || !isImageManifest(m.manifest)) return undefined;
  cost.configReads++;
  try {
    const config = JSON.parse((await client.getBlobBytes(repository, m.manifest.config.digest, { signal })).toString('utf8'));
    return typeof config?.created === 'string' ? config.created : undefined;
  } catch (e) {
    // A config that is missing or not JSON leaves the date unknown (the tag stays); a failed read fails the preview.
    if (e instanceof SyntaxError || (isRegistryError(e) && (e.kind === 'not-found' || isContentProblem(e)))) return undefined;
    throw e;
  }
}

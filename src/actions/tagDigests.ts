/**
 * Which tag points at which digest in a repository. A registry has no "tags of a digest" query, so
 * the only sure way is to list every tag and know each one's digest. Deleting a digest removes
 * every tag on it; this map is how the confirm can name them all.
 *
 * A digest already known (the tree HEADed the tag when it showed it) is trusted and not asked
 * again: only names the listing shows and nobody has HEADed yet cost a request each.
 */
import type { CallOptions, RegistryApi } from '../registry';
import { forEachLimited } from '../registry';

/** tag → digest for the tags whose digest is already known (a Map, or a view of what the tree shows). */
export type DigestLookup = Pick<ReadonlyMap<string, string>, 'get'>;

export interface TagDigestOptions extends CallOptions {
  /** Called after each HEAD: done / total tags to HEAD. */
  onProgress?: (done: number, total: number) => void;
}

/** Every tag name of the repository, over all pages. */
async function listAllTags(client: RegistryApi, repository: string, opts: CallOptions = {}): Promise<string[]> {
  const names: string[] = [];
  for await (const page of client.tags(repository, { signal: opts.signal })) names.push(...page);
  return [...new Set(names)];
}

/**
 * HEADs `tags` (8 at a time) and returns tag → digest. A tag deleted meanwhile (404) is left out;
 * any other failure is thrown, because a partial map could hide a tag that would be deleted.
 */
async function digestsOfTags(client: RegistryApi, repository: string, tags: readonly string[], opts: TagDigestOptions = {}): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let done = 0;
  await forEachLimited(tags, 8, async (tag) => {
    const head = await client.headManifest(repository, tag, { signal: opts.signal });
    opts.onProgress?.(++done, tags.length);
    if (head) found.set(tag, head.digest);
  });
  return found;
}

/** tag → digest for the whole repository, every tag HEADed (nothing known beforehand). */
export async function listTagDigests(client: RegistryApi, repository: string, opts: TagDigestOptions = {}): Promise<Map<string, string>> {
  return freshTagDigests(client, repository, new Map(), opts);
}

/**
 * tag → digest for the whole repository as it is now, from one fresh listing (all pages): a
 * listed name whose digest is in `known` keeps it without a request; the other names are HEADed;
 * names in `known` that the listing no longer shows are dropped. The map follows listing order.
 */
export async function freshTagDigests(client: RegistryApi, repository: string, known: DigestLookup, opts: TagDigestOptions = {}): Promise<Map<string, string>> {
  const names = await listAllTags(client, repository, opts);
  const unknown = names.filter((t) => !known.get(t));
  const headed = unknown.length ? await digestsOfTags(client, repository, unknown, opts) : new Map<string, string>();
  const map = new Map<string, string>();
  for (const t of names) {
    const digest = known.get(t) || headed.get(t);
    if (digest) map.set(t, digest);
  }
  return map;
}

/** The tags of `map` that point at `digest`, sorted. */
export function tagsOfDigest(map: ReadonlyMap<string, string>, digest: string): string[] {
  return [...map]
    .filter(([, d]) => d === digest)
    .map(([t]) => t)
    .sort();
}

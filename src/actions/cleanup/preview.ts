/**
 * A dry run of the rules on one repository: read it (inventory.ts), decide (engine.ts), list the
 * referrers that go with deleted images when the rules say `referrers`, estimate the space, and
 * say how the registry frees it. Reads only; the result is what the run may delete, and no more.
 */
import { shortDigest, type Descriptor, type RegistryApi, type RegistryKind } from '../../registry';
import { afterwardsAdvice, registryKindOf } from './afterwards';
import { decideCleanup } from './engine';
import { readInventory, type KnownTagFacts } from './inventory';
import type { VersionOrder } from './rank';
import { formatRules, needsDates, type CleanupRules } from './rules';
import { estimateSpace } from './space';
import type { CleanupImage, CleanupPreview, RepositoryCleanup } from './types';
import type { Untagger } from './untagger';

export interface PreviewDeps {
  known: KnownTagFacts;
  untagger: Untagger;
  versionOrder: VersionOrder;
  /** The clock "older than" counts from. */
  now: number;
  /** Tells the kind of registry for the advice afterwards; default `registryKindOf`. */
  kindOf?: (client: RegistryApi, signal?: AbortSignal) => Promise<RegistryKind | undefined>;
}

export interface PreviewOptions {
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export async function previewRepository(
  client: RegistryApi,
  registryId: string,
  repository: string,
  rules: CleanupRules,
  deps: PreviewDeps,
  opts: PreviewOptions = {},
): Promise<RepositoryCleanup> {
  const { signal } = opts;
  const inventory = await readInventory(client, repository, deps.known, { signal, dates: needsDates(rules), onProgress: opts.onProgress });
  const untag = deps.untagger.canUntag();
  const decided = decideCleanup({ tags: inventory.tags, images: inventory.images, rules, now: deps.now, untag, versionOrder: deps.versionOrder });

  if (rules.withReferrers) {
    // What a kept tag or a kept index needs is never a referrer to delete.
    const protectedDigests = new Set(
      decided.images.filter((i) => i.action !== 'delete').flatMap((i) => [i.digest, ...(inventory.images.get(i.digest)?.children ?? [])]),
    );
    const tagged = new Set(decided.images.map((i) => i.digest));
    for (const image of decided.images.filter((i) => i.action === 'delete' && !i.subject)) {
      opts.onProgress?.(`${repository}: referrers of ${shortDigest(image.digest)}`);
      inventory.cost.referrerReads++;
      const list = await client.referrers(repository, image.digest, { signal, knownTags: inventory.listed });
      const own = list.filter((d: Descriptor) => !protectedDigests.has(d.digest) && !tagged.has(d.digest));
      if (own.length)
        image.referrers = own.map(({ mediaType, digest, size, artifactType }) => ({ mediaType, digest, size, ...(artifactType ? { artifactType } : {}) }));
    }
  }

  const space = estimateSpace(decided.images, inventory.manifests);
  const kind = await (deps.kindOf ?? registryKindOf)(client, signal);
  return {
    registryId,
    repository,
    host: client.host,
    rules: formatRules(rules),
    withReferrers: rules.withReferrers,
    tags: decided.tags,
    images: decided.images,
    untag,
    untagBy: deps.untagger.label,
    space,
    afterwards: afterwardsAdvice(kind, registryId),
    cost: inventory.cost,
  };
}

/** Counts a preview names in its summary and confirm. */
export interface CleanupCounts {
  tagsGo: number;
  /** Tags removed with their image (digest deletes). */
  tagsDeleted: number;
  imagesDeleted: number;
  tagsUntagged: number;
  /** Tags the rules would remove but that stay: shared with a kept tag on a registry that cannot untag. */
  tagsSkipped: number;
  tagsKept: number;
  referrers: number;
}

export function countsOf(r: RepositoryCleanup | RepositoryCleanup[]): CleanupCounts {
  const list = Array.isArray(r) ? r : [r];
  const c: CleanupCounts = { tagsGo: 0, tagsDeleted: 0, imagesDeleted: 0, tagsUntagged: 0, tagsSkipped: 0, tagsKept: 0, referrers: 0 };
  for (const repo of list) {
    for (const t of repo.tags) {
      if (!t.goes) c.tagsKept++;
      else if (t.removal === 'delete') c.tagsDeleted++;
      else if (t.removal === 'untag') c.tagsUntagged++;
      else c.tagsSkipped++;
    }
    const deleted = repo.images.filter((i: CleanupImage) => i.action === 'delete');
    c.imagesDeleted += deleted.length;
    c.referrers += deleted.reduce((n, i) => n + (i.referrers?.length ?? 0), 0);
  }
  c.tagsGo = c.tagsDeleted + c.tagsUntagged;
  return c;
}

let sequence = 0;

/** A preview over several repositories, with an id the run and the tab refer to. */
export function newPreview(repositories: RepositoryCleanup[], now: number): CleanupPreview {
  return { id: `${now.toString(36)}-${++sequence}`, made: new Date(now).toISOString(), repositories };
}

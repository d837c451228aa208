/**
 * What a delete will remove, decided before the user confirms.
 *
 * `DELETE /v2/R/manifests/<digest>` removes the manifest and with it every tag that points at it,
 * so the confirm must name the digest and all those tags. Only a registry known to delete a tag
 * alone (OCI 1.1, `learned.deleteByTag === true`) loses just the selected tags. When that is
 * unknown, the plan lists the worst case; the delete then tries the tag first where that removes
 * less (the digest carries tags the user did not select), and deletes the digest directly otherwise.
 */
import { referrersTagOf, shortDigest, type CallOptions, type RegistryApi } from '../registry';
import { freshTagDigests, tagsOfDigest, type DigestLookup } from './tagDigests';

/** A tag the user selected for deletion. */
export interface DeleteRequest {
  repository: string;
  tag: string;
}

/**
 * `tag`: the registry deletes tags alone. `manifest`: only digests can be deleted.
 * `tag-then-manifest`: unknown; where the digest carries unselected tags, try the tag and fall back
 * to the digest; otherwise delete the digest (the confirm lists the worst case either way).
 */
export type DeleteMode = 'tag' | 'manifest' | 'tag-then-manifest';

export function deleteModeOf(deleteByTag: boolean | undefined): DeleteMode {
  return deleteByTag === true ? 'tag' : deleteByTag === false ? 'manifest' : 'tag-then-manifest';
}

/** One digest in one repository, and which tags go with it. */
export interface PlannedDelete {
  repository: string;
  digest: string;
  /** Tags the user selected that point at this digest, sorted. */
  requested: string[];
  /** Tags that go at worst: the requested ones, plus in digest modes every other tag on the digest; sorted. */
  goes: string[];
  /** `goes` minus `requested`: the tags the user did not select but that share the digest. */
  coTags: string[];
  /**
   * The image has referrers (signatures, SBOMs) that a digest delete would leave pointing at
   * nothing: `fallbackTag` is their `sha256-<hex>` index when the listing shows one; `known` is
   * set when the tree counted referrers through the referrers API. Never set in `tag` mode (the
   * image stays).
   */
  referrers?: { fallbackTag?: string; known?: number };
}

export interface DeletePlan {
  /** Registry host, for the confirm text. */
  host: string;
  mode: DeleteMode;
  items: PlannedDelete[];
  /** Selected tags that no longer exist: nothing to delete, reported to the user. */
  missing: DeleteRequest[];
}

/**
 * Groups the selected tags by (repository, digest). `tagDigests` holds, per repository, every tag
 * and its digest (see `freshTagDigests`); a selected tag absent from it is `missing`.
 */
export function planDelete(
  host: string,
  requests: readonly DeleteRequest[],
  tagDigests: ReadonlyMap<string, ReadonlyMap<string, string>>,
  deleteByTag: boolean | undefined,
  /** How many referrers the caller counted on a digest (API registries, where no fallback tag shows them). */
  referrerCount: (repository: string, digest: string) => number | undefined = () => undefined,
): DeletePlan {
  const mode = deleteModeOf(deleteByTag);
  const groups = new Map<string, PlannedDelete>();
  const missing: DeleteRequest[] = [];
  const seen = new Set<string>();
  for (const r of requests) {
    const key = `${r.repository}:${r.tag}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const map = tagDigests.get(r.repository);
    const digest = map?.get(r.tag);
    if (!map || !digest) {
      missing.push(r);
      continue;
    }
    const groupKey = `${r.repository}@${digest}`;
    let item = groups.get(groupKey);
    if (!item) {
      item = { repository: r.repository, digest, requested: [], goes: [], coTags: [] };
      groups.set(groupKey, item);
    }
    item.requested.push(r.tag);
  }
  for (const item of groups.values()) {
    item.requested.sort();
    const all = tagsOfDigest(tagDigests.get(item.repository)!, item.digest);
    item.goes = mode === 'tag' ? [...item.requested] : all;
    item.coTags = item.goes.filter((t) => !item.requested.includes(t));
    if (mode !== 'tag') {
      const fallbackTag = referrersTagOf(item.digest);
      const hasFallback = tagDigests.get(item.repository)!.has(fallbackTag);
      const known = referrerCount(item.repository, item.digest);
      if (hasFallback || known) item.referrers = { ...(hasFallback ? { fallbackTag } : {}), ...(known ? { known } : {}) };
    }
  }
  return { host, mode, items: [...groups.values()], missing };
}

export interface PlanDeleteFreshOptions extends CallOptions {
  /** Called as each repository's listing starts (no counts), then after each HEAD of a tag whose digest was not known. */
  onProgress?: (repository: string, headed?: { done: number; total: number }) => void;
  /** How many referrers the caller counted on a digest (see `planDelete`). */
  referrerCount?: (repository: string, digest: string) => number | undefined;
}

/**
 * `planDelete` from one fresh listing of each affected repository (`freshTagDigests`): digests in
 * `knownByRepository` are trusted, only the other tags are HEADed. The mode follows what the
 * client learned (`client.learned.deleteByTag`). `registryId` is the host named in the confirm.
 */
export async function planDeleteFresh(
  client: RegistryApi,
  registryId: string,
  requests: readonly DeleteRequest[],
  knownByRepository: ReadonlyMap<string, DigestLookup>,
  opts: PlanDeleteFreshOptions = {},
): Promise<DeletePlan> {
  const { signal, onProgress } = opts;
  const maps = new Map<string, Map<string, string>>();
  for (const repository of new Set(requests.map((r) => r.repository))) {
    onProgress?.(repository);
    const known = knownByRepository.get(repository) ?? new Map<string, string>();
    maps.set(repository, await freshTagDigests(client, repository, known, { signal, onProgress: (done, total) => onProgress?.(repository, { done, total }) }));
  }
  return planDelete(registryId, requests, maps, client.learned.deleteByTag, opts.referrerCount);
}

/** Every `repository:tag` the plan may remove. */
export function tagsThatGo(plan: DeletePlan): DeleteRequest[] {
  return plan.items.flatMap((i) => i.goes.map((tag) => ({ repository: i.repository, tag })));
}

export const WITH_REFERRERS = 'Delete with Referrers';

/**
 * The modal's message (one line), detail (the full list) and buttons: `Delete`, and `Delete with
 * Referrers` when an image has referrers that would otherwise be left pointing at nothing.
 */
export function describeDeletePlan(plan: DeletePlan): { message: string; detail: string; buttons: string[] } {
  const tagCount = tagsThatGo(plan).length;
  const digestCount = plan.items.length;
  const lines: string[] = [];
  for (const item of plan.items) {
    const name = `${item.repository}@${shortDigest(item.digest)}`;
    if (plan.mode === 'tag') {
      lines.push(`${item.repository}: ${item.requested.join(', ')} (tag only; the image ${shortDigest(item.digest)} stays)`);
    } else {
      lines.push(`${name} (${item.digest})`);
      lines.push(`   tags: ${item.goes.join(', ')}`);
      if (item.coTags.length) lines.push(`   also tagged, not selected: ${item.coTags.join(', ')}`);
      if (item.referrers) lines.push(`   referrers (signatures, SBOMs${item.referrers.fallbackTag ? `; index tag ${item.referrers.fallbackTag}` : ''}): kept unless you choose ${WITH_REFERRERS}`);
    }
  }
  for (const m of plan.missing) lines.push(`${m.repository}:${m.tag} no longer exists; nothing to delete.`);

  let message: string;
  let why: string;
  if (plan.mode === 'tag') {
    message = tagCount === 1 ? `Delete the tag ${plan.items[0].repository}:${plan.items[0].goes[0]}?` : `Delete ${tagCount} tags on ${plan.host}?`;
    why = `${plan.host} deletes tags alone (OCI 1.1): only the tags listed go; the images and their other tags stay.`;
  } else {
    const extra = plan.items.reduce((n, i) => n + i.coTags.length, 0);
    message =
      digestCount === 1
        ? `Delete ${plan.items[0].repository}@${shortDigest(plan.items[0].digest)} and ${plural(plan.items[0].goes.length, 'tag')}?`
        : `Delete ${plural(digestCount, 'image')} and ${plural(tagCount, 'tag')} on ${plan.host}?`;
    why =
      plan.mode === 'manifest'
        ? `${plan.host} deletes images by digest: every tag pointing at a deleted digest goes with it${extra ? `, including ${plural(extra, 'tag')} you did not select` : ''}.`
        : `Deleting by digest removes every tag pointing at it${extra ? `, including ${plural(extra, 'tag')} you did not select` : ''}. If ${plan.host} can delete a tag alone, only the selected tags go.`;
  }
  const withReferrers = plan.items.filter((i) => i.referrers).length;
  const referrersNote = withReferrers
    ? `\n\n${withReferrers === 1 ? 'The image has' : `${withReferrers} of the images have`} referrers (signatures, SBOMs). Delete keeps them, pointing at nothing; ${WITH_REFERRERS} removes them too${plan.items.some((i) => i.referrers?.fallbackTag) ? ', with their sha256-… index tag' : ''}.`
    : '';
  return { message, detail: `${why}\n\n${lines.join('\n')}${referrersNote}\n\nThis cannot be undone.`, buttons: withReferrers ? ['Delete', WITH_REFERRERS] : ['Delete'] };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

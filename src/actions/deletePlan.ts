/**
 * What a delete will remove, decided before the user confirms.
 *
 * `DELETE /v2/R/manifests/<digest>` removes the manifest and with it every tag that points at it,
 * so the confirm must name the digest and all those tags. Only a registry known to delete a tag
 * alone (OCI 1.1, `learned.deleteByTag === true`) loses just the selected tags. When that is
 * unknown, the plan lists the worst case; the delete then tries the tag first where that removes
 * less (the digest carries tags the user did not select), and deletes the digest directly otherwise.
 * Where the registry's own API removes a tag alone (mode `vendor`, deleteVendor.ts), only the
 * selected tags are listed.
 */
import { referrersTagOf, type CallOptions, type RegistryApi } from '../registry';
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
 * `vendor`: the registry's own REST API removes a tag alone (Harbor, GitLab, Quay, ACR); known
 * before the confirm, so only the selected tags are listed, and nothing falls back to a digest.
 */
export type DeleteMode = 'tag' | 'manifest' | 'tag-then-manifest' | 'vendor';

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
  /**
   * The vendor's API deletes this image instead of the registry's digest delete: GitHub, which
   * deletes a package version through its last tag. Set only where the digest carries just the one
   * selected tag, so it removes exactly what a digest delete would.
   */
  byVendor?: boolean;
}

export interface DeletePlan {
  /** Registry host, for the confirm text. */
  host: string;
  mode: DeleteMode;
  items: PlannedDelete[];
  /** Selected tags that no longer exist: nothing to delete, reported to the user. */
  missing: DeleteRequest[];
  /** Who deletes in words (`Harbor's API`), where a vendor's API does (mode `vendor`, or items `byVendor`). */
  vendor?: string;
  /** The registry refuses every delete, known before the confirm: nothing is asked of it, the user is told why. */
  refused?: { tags: DeleteRequest[]; reason: string };
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

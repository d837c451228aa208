/**
 * Carries out a confirmed `DeletePlan`, one digest group at a time, with a result per group.
 * A failure on one group stops nothing else.
 *
 * What the guarantee is: the confirm was built from the digests the tree already showed plus one
 * fresh listing of each repository made right before the modal (`freshTagDigests`), so it names
 * every tag that pointed at each digest at that moment. Nothing is re-checked here: a tag moved
 * or added between that listing and the delete is not caught. That is a deliberate trade:
 * re-checking before each delete would double the cost of every delete (ten tags: 14 requests
 * instead of ~35), for a window of the few seconds the user spends reading the confirm.
 *
 * Per group: a registry known to delete tags alone loses just the requested tags. When that is
 * unknown, the tag is tried first only where it matters, i.e. when the digest carries tags the user
 * did not select; the client remembers a refusal, so that probe is spent once per registry. Else
 * the digest is deleted directly, which the confirm listed with all its tags.
 *
 * Through a vendor's API (deleteVendor.ts): in mode `vendor` each requested tag is removed alone
 * by the vendor and nothing falls back to a digest delete; an item `byVendor` (GitHub) is the
 * digest delete done by the vendor.
 *
 * With `withReferrers` (the user chose "Delete with Referrers"), an image deleted by digest takes
 * its referrers along: they are read before the image goes (a registry with the referrers API may
 * stop listing them once the subject is gone), deleted after it (never when the image stays), and
 * the `sha256-<hex>` index that listed them goes last.
 */
import type { Descriptor, RegistryApi } from '../registry';
import { isRegistryError, shortDigest } from '../registry';
import type { DeletePlan, PlannedDelete } from './deletePlan';
import { deleteFailureMessage } from './deleteMessages';
import type { DeleteResult } from './deleteResult';
import { untagThroughVendor, type VendorDeleter } from './deleteVendor';

export type { DeleteOutcome, DeleteResult } from './deleteResult';

export interface ExecuteDeleteOptions {
  signal?: AbortSignal;
  /** Called after each group, e.g. to advance a progress bar and remove tree nodes at once. */
  onResult?: (result: DeleteResult, done: number, total: number) => void;
  /** Also delete the referrers of images deleted by digest (see the file comment). */
  withReferrers?: boolean;
  /** The registry's vendor API, for plans that delete through it (mode `vendor`, items `byVendor`; see deleteVendor.ts). */
  vendor?: VendorDeleter;
}

export async function executeDeletePlan(client: RegistryApi, plan: DeletePlan, opts: ExecuteDeleteOptions = {}): Promise<DeleteResult[]> {
  const results: DeleteResult[] = [];
  for (const item of plan.items) {
    let result: DeleteResult;
    if (opts.signal?.aborted) {
      result = { item, outcome: 'cancelled', removedTags: [], message: `${label(item)} was not deleted: cancelled.` };
    } else {
      try {
        result = await deleteGroup(client, plan, item, opts);
      } catch (error) {
        const cancelled = opts.signal?.aborted || (isRegistryError(error) && error.kind === 'cancelled');
        const gone = !cancelled && isRegistryError(error) && error.kind === 'not-found';
        result = {
          item,
          outcome: cancelled ? 'cancelled' : gone ? 'gone' : 'failed',
          // A 404 on the digest delete: the digest and its tags are gone already; drop their nodes.
          removedTags: gone ? item.goes : [],
          message: deleteFailureMessage(error, label(item), client.host),
          error,
        };
      }
    }
    results.push(result);
    opts.onResult?.(result, results.length, plan.items.length);
  }
  return results;
}

function label(item: PlannedDelete): string {
  return `${item.repository}:${item.requested.join(', ')} (${shortDigest(item.digest)})`;
}

/** Whether deleting the tags alone is tried: known to work, or unknown and it would spare unselected tags. */
function triesTagsAlone(plan: DeletePlan, item: PlannedDelete): boolean {
  return plan.mode === 'tag' || (plan.mode === 'tag-then-manifest' && item.coTags.length > 0);
}

async function deleteGroup(client: RegistryApi, plan: DeletePlan, item: PlannedDelete, opts: ExecuteDeleteOptions): Promise<DeleteResult> {
  const { signal, vendor } = opts;
  const withReferrers = !!opts.withReferrers;
  const base = { item, removedTags: [] as string[] };
  const repo = item.repository;
  if ((plan.mode === 'vendor' || item.byVendor) && !vendor) {
    // The plan was made with the vendor's API and the session lost it: nothing else is what the user confirmed.
    return {
      ...base,
      outcome: 'failed',
      message: `${label(item)} was not deleted: ${plan.vendor ?? 'the vendor API'} is not available any more. Refresh and delete again.`,
    };
  }
  if (plan.mode === 'vendor') return untagThroughVendor(client, vendor!, plan.vendor ?? vendor!.kind, item, signal);

  if (triesTagsAlone(plan, item)) {
    const untagged: string[] = [];
    const gone: string[] = [];
    for (const tag of item.requested) {
      let alone: boolean;
      try {
        alone = await client.deleteTag(repo, tag, { signal });
      } catch (e) {
        // 404 from a registry that deletes by tag: this tag is gone already; go on with the others.
        if (isRegistryError(e) && e.kind === 'not-found') {
          gone.push(tag);
          continue;
        }
        throw e;
      }
      if (!alone) break;
      untagged.push(tag);
    }
    const removed = item.requested.filter((t) => untagged.includes(t) || gone.includes(t));
    if (removed.length === item.requested.length) {
      if (untagged.length === 0) {
        return {
          ...base,
          outcome: 'gone',
          removedTags: removed,
          message: `${repo}:${removed.join(', ')} ${removed.length === 1 ? 'is' : 'are'} already gone from ${client.host}. Refresh the view to see the current tags.`,
        };
      }
      const goneNote = gone.length ? ` (${gone.join(', ')} ${gone.length === 1 ? 'was' : 'were'} already gone)` : '';
      return {
        ...base,
        outcome: 'untagged',
        removedTags: removed,
        message: `Deleted the tag${untagged.length === 1 ? '' : 's'} ${repo}:${untagged.join(', ')} only; ${client.host} deletes tags alone, so the image ${shortDigest(item.digest)} and its other tags stay${goneNote}.`,
      };
    }
    if (untagged.length > 0 || plan.mode === 'tag') {
      // The confirm promised the image stays (or some tags already went alone): deleting the digest now would break that.
      const stopped = item.requested.find((t) => !removed.includes(t))!;
      return {
        ...base,
        outcome: 'failed',
        removedTags: removed,
        message: `${repo}:${stopped} was not deleted: ${client.host} stopped deleting tags alone${untagged.length ? ` after ${untagged.join(', ')}` : ''}, and deleting the image instead would remove more than you confirmed. Refresh and delete again to see what would go.`,
      };
    }
    // The registry deletes digests only (the client now remembers it): delete the confirmed digest.
  }

  const referrers = withReferrers && item.referrers ? await readReferrers(client, item, signal) : undefined;
  // The vendor deletes the image through its only tag (GitHub's package version): the same as the digest delete planned.
  if (item.byVendor) {
    try {
      await vendor!.untag(repo, item.requested[0], { signal });
    } catch (e) {
      // The vendor's own words: the registry's advice (e.g. enabling deletes) does not apply to its API.
      if (!isRegistryError(e) || e.kind === 'not-found' || e.kind === 'cancelled') throw e;
      return { ...base, outcome: 'failed', message: `${label(item)} was not deleted: ${e.message}${e.hint ? ` ${e.hint}` : ''}`, error: e };
    }
  } else await client.deleteManifest(repo, item.digest, { signal });
  const removed = [...item.goes];
  const others = removed.filter((t) => !item.requested.includes(t));
  let message = `Deleted ${repo}@${shortDigest(item.digest)} with the tag${removed.length === 1 ? '' : 's'} ${removed.join(', ')}${others.length ? ` (${others.join(', ')} shared the digest)` : ''}${item.byVendor ? `, through ${plan.vendor ?? vendor!.kind}` : ''}.`;
  if (referrers) {
    const r = await deleteReferrers(client, repo, referrers, signal);
    if (r.indexDeleted && item.referrers?.fallbackTag) removed.push(item.referrers.fallbackTag);
    message += r.failed.length
      ? ` Of its ${referrers.descriptors.length} referrers, ${r.deleted} ${r.deleted === 1 ? 'was' : 'were'} deleted; not deleted: ${r.failed.join(' ')}`
      : ` Its ${referrers.descriptors.length === 1 ? 'referrer was' : `${referrers.descriptors.length} referrers were`} deleted too${r.indexDeleted ? `, with the index tag ${item.referrers!.fallbackTag}` : ''}.`;
  }
  return { ...base, outcome: 'deleted', removedTags: removed, message };
}

interface ReferrersToDelete {
  descriptors: Descriptor[];
  /** Digest of the `sha256-<hex>` index listing them (tag-schema fallback), when there is one. */
  indexDigest?: string;
}

/** The referrers of an item, read before its image is deleted. */
async function readReferrers(client: RegistryApi, item: PlannedDelete, signal?: AbortSignal): Promise<ReferrersToDelete> {
  const tag = item.referrers?.fallbackTag;
  if (!tag) return { descriptors: await client.referrers(item.repository, item.digest, { signal }) };
  try {
    const index = await client.getManifest(item.repository, tag, { signal });
    const list = Array.isArray(index.json?.manifests) ? (index.json.manifests as Descriptor[]).filter((d) => typeof d?.digest === 'string') : [];
    return { descriptors: list, indexDigest: index.digest };
  } catch (e) {
    if (isRegistryError(e) && e.kind === 'not-found') return { descriptors: [] };
    throw e;
  }
}

/** Deletes each referrer (one already gone counts as deleted), then the index that listed them if all went. */
async function deleteReferrers(
  client: RegistryApi,
  repo: string,
  r: ReferrersToDelete,
  signal?: AbortSignal,
): Promise<{ deleted: number; failed: string[]; indexDeleted: boolean }> {
  let deleted = 0;
  const failed: string[] = [];
  const remove = async (digest: string) => {
    try {
      await client.deleteManifest(repo, digest, { signal });
    } catch (e) {
      if (!(isRegistryError(e) && e.kind === 'not-found')) throw e;
    }
  };
  for (const d of r.descriptors) {
    try {
      await remove(d.digest);
      deleted++;
    } catch (e) {
      failed.push(deleteFailureMessage(e, `${repo}@${shortDigest(d.digest)}`, client.host));
    }
  }
  let indexDeleted = false;
  if (r.indexDigest && failed.length === 0) {
    try {
      await remove(r.indexDigest);
      indexDeleted = true;
    } catch (e) {
      failed.push(deleteFailureMessage(e, `${repo}@${shortDigest(r.indexDigest)} (the referrers index)`, client.host));
    }
  }
  return { deleted, failed, indexDeleted };
}

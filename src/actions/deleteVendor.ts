/**
 * Deleting through a registry's own REST API, and registries that refuse deletes, decided before
 * the confirm.
 *
 * Harbor, GitLab, Quay and ACR remove a tag alone through their APIs: the plan lists exactly the
 * selected tags (the image and its other tags stay), so no listing of the repository is needed;
 * only a tag whose digest the tree does not show is HEADed (the confirm names the image). When the
 * vendor's untag fails, nothing falls back to a digest delete, which would take the image's other
 * tags the user never confirmed: only the registry's own delete by tag, where the client already
 * knows it removes a tag alone (OCI 1.1), may stand in.
 *
 * GitHub deletes whole package versions: its untag is a digest delete in disguise. An image whose
 * only tag is the selected one is deleted through it (what the confirm lists is the same as for a
 * digest delete); any other selection is planned as the registry protocol plans it.
 *
 * Docker Hub's registry refuses deletes, and the extension has no Hub delete API: the plan says so
 * before any request.
 */
import { forEachLimited, isDockerHub, isRegistryError, shortDigest, type CallOptions, type RegistryApi, type VendorApi, type VendorKind } from '../registry';
import type { DeleteResult } from './deleteResult';
import type { DeletePlan, DeleteRequest, PlannedDelete } from './deletePlan';
import type { DigestLookup } from './tagDigests';

/** What deleting needs of a vendor API. */
export type VendorDeleter = Pick<VendorApi, 'kind' | 'untagsAlone' | 'untag'>;

const VENDOR_NAMES: Record<VendorKind, string> = { harbor: 'Harbor', gitlab: 'GitLab', quay: 'Quay', acr: 'Azure Container Registry', ghcr: 'GitHub' };

/** `Harbor's API`: who deletes, for the confirm and the results. */
export function vendorWords(kind: VendorKind): string {
  return `${VENDOR_NAMES[kind] ?? kind}'s API`;
}

export const DOCKER_HUB_REFUSAL = 'Docker Hub does not let registry tools delete tags; delete them on hub.docker.com.';

/** Why a registry refuses every delete, known without asking it (Docker Hub); undefined for the others. */
export function deleteRefusal(registryId: string, client: Pick<RegistryApi, 'host'>): string | undefined {
  return isDockerHub(registryId) || isDockerHub(client.host) ? DOCKER_HUB_REFUSAL : undefined;
}

/** A plan that deletes nothing, when the registry is known to refuse every delete; undefined otherwise. */
export function refusedPlan(registryId: string, client: Pick<RegistryApi, 'host'>, requests: readonly DeleteRequest[]): DeletePlan | undefined {
  const reason = deleteRefusal(registryId, client);
  return reason ? { host: registryId, mode: 'manifest', items: [], missing: [], refused: { tags: [...requests], reason } } : undefined;
}

export interface PlanVendorOptions extends CallOptions {
  onProgress?: (repository: string, headed?: { done: number; total: number }) => void;
}

/**
 * Mode `vendor`: one item per (repository, digest) of the selected tags, `goes` exactly the
 * selected ones. A digest the caller knows is trusted; the other tags are HEADed (8 at a time), and
 * one the registry does not have is `missing`.
 */
export async function planVendorUntag(
  client: RegistryApi,
  registryId: string,
  vendor: VendorDeleter,
  requests: readonly DeleteRequest[],
  knownByRepository: ReadonlyMap<string, DigestLookup>,
  opts: PlanVendorOptions = {},
): Promise<DeletePlan> {
  const unique = [...new Map(requests.map((r) => [`${r.repository}:${r.tag}`, r])).values()];
  const digests = new Map<DeleteRequest, string | undefined>(unique.map((r) => [r, knownByRepository.get(r.repository)?.get(r.tag)]));
  const unknown = unique.filter((r) => !digests.get(r));
  let done = 0;
  await forEachLimited(unknown, 8, async (r) => {
    const head = await client.headManifest(r.repository, r.tag, { signal: opts.signal });
    digests.set(r, head?.digest);
    opts.onProgress?.(r.repository, { done: ++done, total: unknown.length });
  });
  const groups = new Map<string, PlannedDelete>();
  const missing: DeleteRequest[] = [];
  for (const r of unique) {
    const digest = digests.get(r);
    if (!digest) {
      missing.push(r);
      continue;
    }
    const key = `${r.repository}@${digest}`;
    const item = groups.get(key) ?? { repository: r.repository, digest, requested: [], goes: [], coTags: [] };
    item.requested.push(r.tag);
    groups.set(key, item);
  }
  for (const item of groups.values()) {
    item.requested.sort();
    item.goes = [...item.requested];
  }
  return { host: registryId, mode: 'vendor', items: [...groups.values()], missing, vendor: vendorWords(vendor.kind) };
}

/**
 * A vendor that deletes whole images (GitHub) takes over the digest deletes it can do exactly: an
 * image whose one tag is the selected one. Where the registry deletes tags alone the plan stays as
 * it is (that removes less).
 */
export function withVendorImageDeletes(plan: DeletePlan, vendor: VendorDeleter): DeletePlan {
  if (vendor.untagsAlone || plan.mode === 'tag' || plan.mode === 'vendor') return plan;
  let any = false;
  const items = plan.items.map((i) => {
    if (i.requested.length !== 1 || i.goes.length !== 1) return i;
    any = true;
    return { ...i, byVendor: true };
  });
  return any ? { ...plan, items, vendor: vendorWords(vendor.kind) } : plan;
}

const cancelled = (e: unknown, signal?: AbortSignal) => !!signal?.aborted || (isRegistryError(e) && e.kind === 'cancelled');

function reason(e: unknown): string {
  if (!isRegistryError(e)) return e instanceof Error ? e.message : String(e);
  return `${e.message}${e.hint ? ` ${e.hint}` : ''}`;
}

/**
 * Removes the item's tags one by one through the vendor. A tag the vendor does not find is gone
 * when the registry does not have it either (one HEAD); otherwise, and on any other failure, the
 * registry's delete by tag stands in only where the client knows it removes a tag alone; else the
 * group stops there, reporting what went and why the rest did not.
 */
export async function untagThroughVendor(
  client: RegistryApi,
  vendor: VendorDeleter,
  words: string,
  item: PlannedDelete,
  signal?: AbortSignal,
): Promise<DeleteResult> {
  const repo = item.repository;
  const untagged: string[] = [];
  const gone: string[] = [];
  const done = () => item.requested.filter((t) => untagged.includes(t) || gone.includes(t));
  for (const tag of item.requested) {
    try {
      await vendor.untag(repo, tag, { signal });
      untagged.push(tag);
      continue;
    } catch (e) {
      if (cancelled(e, signal)) return stopped(item, done(), `${repo}:${tag} was not deleted: cancelled.`, 'cancelled', e);
      if (isRegistryError(e) && e.kind === 'not-found') {
        let head;
        try {
          head = await client.headManifest(repo, tag, { signal });
        } catch (h) {
          return stopped(
            item,
            done(),
            `${repo}:${tag} was not deleted: ${words} did not find it, and ${client.host} did not say whether it still exists (${reason(h)}). Nothing else was deleted.`,
            cancelled(h, signal) ? 'cancelled' : 'failed',
            e,
          );
        }
        if (!head) {
          gone.push(tag);
          continue;
        }
      }
      if (client.learned.deleteByTag === true) {
        try {
          if (await client.deleteTag(repo, tag, { signal })) {
            untagged.push(tag);
            continue;
          }
        } catch (r) {
          if (isRegistryError(r) && r.kind === 'not-found') {
            gone.push(tag);
            continue;
          }
        }
      }
      const left = item.requested.length - done().length - 1;
      return stopped(
        item,
        done(),
        `${repo}:${tag}${left ? ` and ${left === 1 ? 'the tag' : `${left} tags`} after it` : ''} ${left ? 'were' : 'was'} not deleted: ${reason(e)} Nothing else was deleted: deleting the image by digest instead would also remove its other tags, which you did not confirm.`,
        'failed',
        e,
      );
    }
  }
  const removed = done();
  if (!untagged.length)
    return {
      item,
      outcome: 'gone',
      removedTags: removed,
      message: `${repo}:${removed.join(', ')} ${removed.length === 1 ? 'is' : 'are'} already gone from ${client.host}. Refresh the view to see the current tags.`,
    };
  const goneNote = gone.length ? ` (${gone.join(', ')} ${gone.length === 1 ? 'was' : 'were'} already gone)` : '';
  const one = untagged.length === 1;
  return {
    item,
    outcome: 'untagged',
    removedTags: removed,
    message: `Deleted the tag${one ? '' : 's'} ${repo}:${untagged.join(', ')} only, through ${words}; the image ${shortDigest(item.digest)} and its other tags stay${goneNote}.`,
  };
}

function stopped(item: PlannedDelete, removed: string[], message: string, outcome: 'failed' | 'cancelled', error: unknown): DeleteResult {
  const went = removed.length ? ` ${item.repository}:${removed.join(', ')} went before.` : '';
  return { item, outcome, removedTags: removed, message: message + went, error };
}

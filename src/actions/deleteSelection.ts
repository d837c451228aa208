/**
 * Deleting a selection of tags across registries: one plan per registry (`planDeleteFresh`, with
 * the digests already known), then the deletes, with one sink for the tags that leave the view.
 * Plain requests and two small ports, no vscode, so what selects the tags is the caller's: a
 * command plans what the user selected, a clean-up by rules what its rules select.
 */
import type { RegistryApi } from '../registry';
import { executeDeletePlan, type DeleteResult } from './deleteExecute';
import { planDeleteFresh, type DeletePlan, type DeleteRequest } from './deletePlan';
import { planVendorUntag, refusedPlan, withVendorImageDeletes, type VendorDeleter } from './deleteVendor';

/** A tag to delete, with what the requester was shown of it. */
export interface SelectedTag extends DeleteRequest {
  registryId: string;
  digest?: string;
  referrerCount?: number;
}

/** What is already known about tags (the tree shows it), so planning does not ask the registry again. */
export interface KnownTags {
  /** The digest a tag is known to point at. */
  knownDigest(registryId: string, repository: string, tag: string): string | undefined;
  /** How many referrers (signatures, SBOMs) a digest is known to have. */
  knownReferrerCount(registryId: string, repository: string, digest: string): number | undefined;
}

/** Where tags that no longer exist go (the tree takes their nodes off). */
export interface TagRemovals {
  /** Removes tag nodes without reloading; the repository's other tags stay as they are. */
  removeTags(registryId: string, repository: string, tags: string[]): void;
}

export interface ClientSource {
  get(registryId: string): RegistryApi;
  /** The registry's vendor API, when it has one (see deleteVendor.ts: who may delete what). */
  vendor?(registryId: string): VendorDeleter | undefined;
}

export interface RegistryDeletePlan {
  registryId: string;
  plan: DeletePlan;
}

export interface PlanSelectionOptions {
  signal?: AbortSignal;
  /** Per registry, as `planDeleteFresh` reports it. */
  onProgress?: (registryId: string, repository: string, headed?: { done: number; total: number }) => void;
}

/**
 * One plan per registry, in the order the registries first appear. What `known` answers wins over
 * what the selection carries: a selection kept across a refresh shows an older digest than the
 * tree does; the selection's own digest counts where the tree shows none.
 */
export async function planDeleteSelection(
  selection: readonly SelectedTag[],
  known: KnownTags,
  clients: ClientSource,
  opts: PlanSelectionOptions = {},
): Promise<RegistryDeletePlan[]> {
  const plans: RegistryDeletePlan[] = [];
  for (const [registryId, selected] of groupByRegistry(selection)) {
    const shown = (repository: string, tag: string) => selected.find((s) => s.repository === repository && s.tag === tag);
    const knownByRepository = new Map(
      [...new Set(selected.map((s) => s.repository))].map((repository) => [
        repository,
        { get: (tag: string) => known.knownDigest(registryId, repository, tag) ?? shown(repository, tag)?.digest },
      ]),
    );
    const client = clients.get(registryId);
    const requests = selected.map(({ repository, tag }) => ({ repository, tag }));
    const refused = refusedPlan(registryId, client, requests);
    if (refused) {
      plans.push({ registryId, plan: refused });
      continue;
    }
    const vendor = clients.vendor?.(registryId);
    const onProgress = (repository: string, headed?: { done: number; total: number }) => opts.onProgress?.(registryId, repository, headed);
    if (vendor?.untagsAlone) {
      plans.push({ registryId, plan: await planVendorUntag(client, registryId, vendor, requests, knownByRepository, { signal: opts.signal, onProgress }) });
      continue;
    }
    const plan = await planDeleteFresh(client, registryId, requests, knownByRepository, {
      signal: opts.signal,
      referrerCount: (repository, digest) =>
        known.knownReferrerCount(registryId, repository, digest) ||
        selected.find((s) => s.repository === repository && s.digest === digest && s.referrerCount)?.referrerCount,
      onProgress,
    });
    plans.push({ registryId, plan: vendor ? withVendorImageDeletes(plan, vendor) : plan });
  }
  return plans;
}

export interface ExecuteSelectionOptions {
  signal?: AbortSignal;
  /** Also delete the referrers of images deleted by digest (see deleteExecute.ts). */
  withReferrers?: boolean;
  /** After each item of every plan: `done` of `total` items. */
  onResult?: (registryId: string, result: DeleteResult, done: number, total: number) => void;
}

/**
 * Carries out the plans, registry after registry. Every selected tag found missing while planning
 * goes to `removals` first (also when nothing else is to delete), then the tags each delete
 * removed or found gone, as it happens.
 */
export async function executeDeleteSelection(
  plans: readonly RegistryDeletePlan[],
  clients: ClientSource,
  removals: TagRemovals,
  opts: ExecuteSelectionOptions = {},
): Promise<DeleteResult[]> {
  const total = plans.reduce((n, p) => n + p.plan.items.length, 0);
  const results: DeleteResult[] = [];
  let done = 0;
  for (const { registryId, plan } of plans) {
    for (const m of plan.missing) removals.removeTags(registryId, m.repository, [m.tag]);
    if (!plan.items.length) continue;
    results.push(
      ...(await executeDeletePlan(clients.get(registryId), plan, {
        signal: opts.signal,
        withReferrers: opts.withReferrers,
        vendor: plan.mode === 'vendor' || plan.items.some((i) => i.byVendor) ? clients.vendor?.(registryId) : undefined,
        onResult: (result) => {
          if (result.removedTags.length) removals.removeTags(registryId, result.item.repository, result.removedTags);
          opts.onResult?.(registryId, result, ++done, total);
        },
      })),
    );
  }
  return results;
}

function groupByRegistry(selection: readonly SelectedTag[]): Map<string, SelectedTag[]> {
  const groups = new Map<string, SelectedTag[]>();
  for (const s of selection) groups.set(s.registryId, [...(groups.get(s.registryId) ?? []), s]);
  return groups;
}

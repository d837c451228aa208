/**
 * Carries out a confirmed `DeletePlan`, one digest group at a time, with a result per group.
 * A failure on one group stops nothing else.
 *
 * Nothing is deleted that the confirm did not list: right before each group the selected tags and
 * listed co-tags are HEADed again, and tag names that did not exist at plan time are HEADed too;
 * if a selected tag moved, or a new tag now points at the digest, the group is skipped.
 * (A tag that existed at plan time on another digest and moved onto this one within those
 * seconds is not caught; re-listing every digest again would double the cost of every delete.)
 */
import type { RegistryApi } from '../registry';
import { isRegistryError, RegistryError } from '../registry';
import type { DeletePlan, PlannedDelete } from './deletePlan';
import { deleteFailureMessage } from './deleteMessages';
import { shortDigest } from './references';
import { digestsOfTags, listAllTags } from './tagDigests';

export type DeleteOutcome =
  /** The digest was deleted: every tag in `removedTags` is gone. */
  | 'deleted'
  /** Only the tags were deleted (OCI 1.1 delete by tag); the image stays. */
  | 'untagged'
  /** Skipped: a selected tag moved, or a new tag appeared on the digest since the confirm. */
  | 'skipped'
  /** Nothing to do: it was already gone. */
  | 'gone'
  | 'failed'
  | 'cancelled';

export interface DeleteResult {
  item: PlannedDelete;
  outcome: DeleteOutcome;
  /** Tags that no longer exist after this group (remove these nodes from the tree). */
  removedTags: string[];
  /** True when the manifest (digest) itself is gone: its platform / referrer nodes go too. */
  digestRemoved: boolean;
  /** A sentence for the user. */
  message: string;
  error?: unknown;
}

export interface ExecuteDeleteOptions {
  signal?: AbortSignal;
  /** Called after each group, e.g. to advance a progress bar and remove tree nodes at once. */
  onResult?: (result: DeleteResult, done: number, total: number) => void;
}

export async function executeDeletePlan(client: RegistryApi, plan: DeletePlan, opts: ExecuteDeleteOptions = {}): Promise<DeleteResult[]> {
  const results: DeleteResult[] = [];
  const currentNames = new Map<string, Promise<string[]>>();
  for (const item of plan.items) {
    let result: DeleteResult;
    if (opts.signal?.aborted) {
      result = { item, outcome: 'cancelled', removedTags: [], digestRemoved: false, message: `${label(item)} was not deleted: cancelled.` };
    } else {
      try {
        result = await deleteGroup(client, plan, item, currentNames, opts.signal);
      } catch (error) {
        const cancelled = opts.signal?.aborted || (isRegistryError(error) && error.kind === 'cancelled');
        const gone = !cancelled && isRegistryError(error) && error.kind === 'not-found';
        result = {
          item,
          outcome: cancelled ? 'cancelled' : gone ? 'gone' : 'failed',
          // A 404 on the delete itself: the digest and its tags are gone already; drop their nodes.
          removedTags: gone ? item.goes : [],
          digestRemoved: gone,
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

async function deleteGroup(
  client: RegistryApi,
  plan: DeletePlan,
  item: PlannedDelete,
  currentNames: Map<string, Promise<string[]>>,
  signal?: AbortSignal,
): Promise<DeleteResult> {
  const base = { item, removedTags: [] as string[], digestRemoved: false };
  const repo = item.repository;
  const listed = [...new Set([...item.requested, ...item.goes])];
  const now = await digestsOfTags(client, repo, listed, { signal });
  const stillRequested = item.requested.filter((t) => now.get(t) === item.digest);
  const moved = item.requested.filter((t) => now.has(t) && now.get(t) !== item.digest);

  if (stillRequested.length === 0) {
    if (moved.length) {
      return { ...base, outcome: 'skipped', message: `${repo}:${moved.join(', ')} now ${moved.length === 1 ? 'points' : 'point'} at another image than the one you confirmed (${shortDigest(item.digest)}); nothing was deleted. Refresh and delete again if you still want to.` };
    }
    return { ...base, outcome: 'gone', removedTags: item.requested, message: `${repo}:${item.requested.join(', ')} ${item.requested.length === 1 ? 'is' : 'are'} already gone from ${client.host}. Refresh the view to see the current tags.` };
  }

  if (plan.mode !== 'manifest') {
    const untagged: string[] = [];
    for (const tag of stillRequested) {
      if (!(await client.deleteTag(repo, tag, { signal }))) break;
      untagged.push(tag);
    }
    if (untagged.length === stillRequested.length) {
      const skippedNote = moved.length ? ` (${moved.join(', ')} moved to another image and ${moved.length === 1 ? 'was' : 'were'} left alone)` : '';
      return { ...base, outcome: 'untagged', removedTags: untagged, message: `Deleted the tag${untagged.length === 1 ? '' : 's'} ${repo}:${untagged.join(', ')} only; ${client.host} deletes tags alone, so the image ${shortDigest(item.digest)} and its other tags stay${skippedNote}.` };
    }
    if (untagged.length > 0 || plan.mode === 'tag') {
      throw new RegistryError({ kind: 'unsupported', operation: `delete tag ${repo}:${stillRequested[untagged.length]}`, message: `${client.host} stopped deleting tags alone after ${untagged.join(', ') || 'the plan was made'}; nothing more was deleted. Refresh and try again.` });
    }
    // The registry deletes digests only (now remembered by the client): fall through.
  }

  // Deleting the digest: no tag may point at it that the confirm did not list.
  const names = await namesOf(client, repo, currentNames, signal);
  const known = plan.tagDigests.get(repo) ?? new Map<string, string>();
  const newNames = names.filter((t) => !known.has(t));
  const newDigests = newNames.length ? await digestsOfTags(client, repo, newNames, { signal }) : new Map<string, string>();
  const unlisted = newNames.filter((t) => newDigests.get(t) === item.digest);
  if (unlisted.length) {
    return { ...base, outcome: 'skipped', message: `${repo}@${shortDigest(item.digest)} was not deleted: the tag${unlisted.length === 1 ? '' : 's'} ${unlisted.join(', ')} now also point${unlisted.length === 1 ? 's' : ''} at it and ${unlisted.length === 1 ? 'was' : 'were'} not in the confirm. Delete again to see the full list.` };
  }

  await client.deleteManifest(repo, item.digest, { signal });
  const removed = item.goes.filter((t) => now.get(t) === item.digest);
  const others = removed.filter((t) => !item.requested.includes(t));
  return {
    ...base,
    outcome: 'deleted',
    removedTags: removed,
    digestRemoved: true,
    message: `Deleted ${repo}@${shortDigest(item.digest)} with the tag${removed.length === 1 ? '' : 's'} ${removed.join(', ')}${others.length ? ` (${others.join(', ')} shared the digest)` : ''}.`,
  };
}

/** Current tag names of a repository, listed once per run (a group's delete does not add tags). */
function namesOf(client: RegistryApi, repo: string, cache: Map<string, Promise<string[]>>, signal?: AbortSignal): Promise<string[]> {
  let p = cache.get(repo);
  if (!p) {
    p = listAllTags(client, repo, { signal });
    cache.set(repo, p);
  }
  return p;
}

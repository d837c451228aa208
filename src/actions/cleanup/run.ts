/**
 * Runs a previewed clean-up of one repository: one fresh listing with every tag's digest as it is
 * now (runCheck.ts decides from it what may go), then one DELETE per image deleted whole and one
 * per tag removed alone, each with its result, and the tags that went reported as they go.
 *
 * Every tag is read again (a HEAD each) because a digest delete removes whatever tag points at the
 * digest at that moment: a kept tag moved back onto an old image (a rollback) would go with it,
 * and only its current digest shows that. Between that read and the deletes there are seconds,
 * not the minutes a person spends reading a preview.
 *
 * Whether the registry removes a tag alone is tried once, only when a shared image needs it, and
 * on an image that goes whole anyway: one of its tags is removed alone, then a HEAD of its digest
 * shows whether the image stayed (a registry that deletes the image on a tag delete must never be
 * asked to untag a shared one). The digest delete follows as planned.
 */
import { isRegistryError, shortDigest, type RegistryApi } from '../../registry';
import { executeDeletePlan } from '../deleteExecute';
import { deleteFailureMessage } from '../deleteMessages';
import { listTagDigests } from '../tagDigests';
import { checkRun, type RunCheck, type RunStep } from './runCheck';
import type { RepositoryCleanup } from './types';
import type { Untagger } from './untagger';

export type StepOutcome = 'deleted' | 'untagged' | 'gone' | 'skipped' | 'failed' | 'cancelled';

export interface StepResult {
  digest: string;
  /** The tags the step was about. */
  tags: string[];
  /** Those that no longer exist after it (removed, or found gone). */
  removed: string[];
  outcome: StepOutcome;
  message: string;
}

export interface CleanupRunReport {
  registryId: string;
  repository: string;
  check: RunCheck;
  results: StepResult[];
  /** Every tag that no longer exists after the run (removed, or found gone). */
  removedTags: string[];
}

export interface RunOptions {
  untagger: Untagger;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** Called as tags leave the registry (or are found gone), to take their nodes off the tree. */
  onRemoved?: (tags: string[]) => void;
  onResult?: (result: StepResult) => void;
}

export async function runCleanup(client: RegistryApi, preview: RepositoryCleanup, opts: RunOptions): Promise<CleanupRunReport> {
  const { repository } = preview;
  const { signal } = opts;
  opts.onProgress?.(`${repository}: checking every tag against the preview`);
  const fresh = await listTagDigests(client, repository, {
    signal,
    onProgress: (done, total) => opts.onProgress?.(`${repository}: ${done} / ${total} tags checked`),
  });
  const check = checkRun(preview, fresh);
  const report: CleanupRunReport = { registryId: preview.registryId, repository, check, results: [], removedTags: [] };
  const removed = (tags: string[]) => {
    if (!tags.length) return;
    report.removedTags.push(...tags);
    opts.onRemoved?.(tags);
  };
  removed(check.gone);

  const untagger = opts.untagger;
  const needsProbe = untagger.canUntag() === undefined && check.steps.some((s) => s.kind === 'untag');
  /** What the run saw: undefined until tried (only then is the untagger's own answer trusted, when it has one). */
  let untagsAlone: boolean | undefined = needsProbe ? undefined : untagger.canUntag();
  let probed = false;
  const deletedDigests = new Set<string>();
  const total = check.steps.length;
  let done = 0;

  for (const step of check.steps) {
    let result: StepResult;
    if (signal?.aborted) {
      result = {
        digest: step.image.digest,
        tags: step.tags,
        removed: [],
        outcome: 'cancelled',
        message: `${label(repository, step)} was not removed: cancelled.`,
      };
    } else if (step.kind === 'delete') {
      const subject = step.image.subject;
      if (subject && !deletedDigests.has(subject)) {
        result = {
          digest: step.image.digest,
          tags: step.tags,
          removed: [],
          outcome: 'skipped',
          message: `${label(repository, step)} stays: it names the referrers of ${shortDigest(subject)}, which was not deleted.`,
        };
      } else {
        let probe: Awaited<ReturnType<typeof tryUntag>> | undefined;
        if (needsProbe && !probed) {
          probed = true;
          probe = await tryUntag(client, untagger, repository, step, signal);
          untagsAlone = probe.untagsAlone;
        }
        result = await deleteImage(client, repository, step, signal);
        // The probe's tag delete took the image: what the user confirmed is done, by another road.
        if (probe?.tookImage && result.outcome === 'gone') result = { ...result, outcome: 'deleted', message: probe.tookImage };
        if (probe?.tagRemoved && !result.removed.includes(step.tags[0])) result.removed.push(step.tags[0]);
        if (result.outcome === 'deleted' || result.outcome === 'gone') deletedDigests.add(step.image.digest);
      }
    } else {
      result = await untagStep(untagger, untagsAlone, preview.host, repository, step, signal);
      if (untagger.canUntag() === false) untagsAlone = false;
    }
    removed(result.removed.filter((t) => !report.removedTags.includes(t)));
    report.results.push(result);
    opts.onResult?.(result);
    opts.onProgress?.(`${repository}: ${++done} / ${total}`);
  }
  return report;
}

function label(repository: string, step: RunStep): string {
  return `${repository}:${step.tags.join(', ')} (${shortDigest(step.image.digest)})`;
}

/** The once-per-run probe (see the file comment). */
async function tryUntag(
  client: RegistryApi,
  untagger: Untagger,
  repository: string,
  step: RunStep,
  signal?: AbortSignal,
): Promise<{ untagsAlone: boolean | undefined; tagRemoved?: boolean; tookImage?: string }> {
  const tag = step.tags[0];
  let alone: boolean;
  try {
    alone = await untagger.untag(repository, tag, { signal });
  } catch {
    // Not answered either way: shared images stay untouched; the digest delete reports any real failure.
    return { untagsAlone: undefined };
  }
  if (!alone) return { untagsAlone: false };
  // Whatever the HEAD says, the tag is gone; the digest delete that follows reports the image.
  const stayed = !!(await client.headManifest(repository, step.image.digest, { signal }).catch(() => undefined));
  return {
    untagsAlone: stayed,
    tagRemoved: true,
    tookImage: stayed
      ? undefined
      : `Deleted ${repository}@${shortDigest(step.image.digest)} with the tag${step.tags.length === 1 ? '' : 's'} ${step.tags.join(', ')}: removing the tag ${tag} alone removed the image, so ${client.host} is not asked to remove tags of shared images.`,
  };
}

async function deleteImage(client: RegistryApi, repository: string, step: Extract<RunStep, { kind: 'delete' }>, signal?: AbortSignal): Promise<StepResult> {
  const item = { repository, digest: step.image.digest, requested: step.tags, goes: step.tags, coTags: [] };
  const [r] = await executeDeletePlan(client, { host: client.host, mode: 'manifest', items: [item], missing: [] }, { signal });
  const outcome: StepOutcome = r.outcome;
  // On success or 404 every tag of the step is gone: the check saw no other tag on the digest.
  const removed = outcome === 'deleted' || outcome === 'gone' ? [...step.tags] : [];
  let message = r.message;
  if (r.outcome === 'deleted' && step.referrers.length) {
    const failed: string[] = [];
    for (const digest of step.referrers) {
      try {
        await client.deleteManifest(repository, digest, { signal });
      } catch (e) {
        if (!(isRegistryError(e) && e.kind === 'not-found')) failed.push(deleteFailureMessage(e, `${repository}@${shortDigest(digest)}`, client.host));
      }
    }
    const ok = step.referrers.length - failed.length;
    message += failed.length
      ? ` Of its ${step.referrers.length} referrers, ${ok} went; not deleted: ${failed.join(' ')}`
      : ` Its ${step.referrers.length === 1 ? 'referrer' : `${step.referrers.length} referrers`} went too.`;
  }
  return { digest: step.image.digest, tags: step.tags, removed, outcome, message };
}

async function untagStep(
  untagger: Untagger,
  untagsAlone: boolean | undefined,
  host: string,
  repository: string,
  step: Extract<RunStep, { kind: 'untag' }>,
  signal?: AbortSignal,
): Promise<StepResult> {
  const base = { digest: step.image.digest, tags: step.tags, removed: [] as string[] };
  const why = step.because ?? `${shortDigest(step.image.digest)} stays for ${step.image.keptFor ?? 'a kept tag'}`;
  if (untagsAlone !== true) {
    const cannot =
      untagsAlone === false
        ? `${host} cannot remove a tag alone`
        : `it is not known whether ${host} removes a tag alone (there was no image going whole to try it on)`;
    return { ...base, outcome: 'skipped', message: `${repository}:${step.tags.join(', ')} stay${step.tags.length === 1 ? 's' : ''}: ${why}, and ${cannot}.` };
  }
  const untagged: string[] = [];
  const gone: string[] = [];
  for (const tag of step.tags) {
    try {
      if (!(await untagger.untag(repository, tag, { signal }))) {
        return {
          ...base,
          removed: [...untagged, ...gone],
          outcome: 'skipped',
          message: `${repository}:${tag}${untagged.length + gone.length + 1 < step.tags.length ? ' and the tags after it' : ''} stay${untagged.length ? `; ${untagged.join(', ')} went alone before` : ''}: ${host} does not remove a tag alone after all.`,
        };
      }
      untagged.push(tag);
    } catch (e) {
      if (isRegistryError(e) && e.kind === 'not-found') gone.push(tag);
      else
        return {
          ...base,
          removed: [...untagged, ...gone],
          outcome: 'failed',
          message: `${deleteFailureMessage(e, `${repository}:${tag}`, host)}${untagged.length ? ` (${untagged.join(', ')} went alone before)` : ''}`,
        };
    }
  }
  const goneNote = gone.length ? ` (${gone.join(', ')} ${gone.length === 1 ? 'was' : 'were'} already gone)` : '';
  return {
    ...base,
    removed: [...untagged, ...gone],
    outcome: untagged.length ? 'untagged' : 'gone',
    message: `Removed the tag${untagged.length === 1 ? '' : 's'} ${repository}:${untagged.join(', ')} alone; ${why}${goneNote}.`,
  };
}

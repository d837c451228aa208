/**
 * Copy to Repository…: another repository of the same registry (blob mounts) or of another
 * configured registry (blobs streamed), with progress "blobs done / total" and cancellation.
 * When the image has referrers (signatures, SBOMs), the user chooses whether they come along.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { digestOf, errorText, IMAGE_STEPS, isCancellation, tagOrPick, withCancellableProgress } from './support/actionTargets';
import { askPick, askText, isCancelled, Steps } from './support/multiStep';
import { copyImage, type CopyResult } from '../registry';
import { repositoryProblem, shortDigest, tagProblem, type Descriptor } from '../registry';
import { referrerLabel } from '../model/referrerNodes';
import type { TagNode } from '../model/nodes';

/** Where to copy; commands called programmatically (tests) may pass it instead of being asked. */
export interface CopyDestination {
  registryId: string;
  repository: string;
  tag: string;
  /** Copy the image's referrers too (asked when the image has some and no destination is given). */
  referrers?: boolean;
}

export async function copyToRepository(ctx: CommandContext, node?: unknown, destinationArg?: unknown): Promise<CopyResult | undefined> {
  // The image (from the palette), the target registry, repository and tag, and whether referrers come along.
  // With one registry there is no target registry to ask for.
  const steps = new Steps('Copy to Repository', IMAGE_STEPS + (ctx.registries.list().length > 1 ? 4 : 3));
  const source = await tagOrPick(ctx, node, 'Copy to Repository', steps);
  if (!source) return undefined;
  const destination = isDestination(destinationArg) ? destinationArg : await askDestination(ctx, source.registryId, source.repository, source.tag, steps);
  if (!destination) return undefined;
  const { registryId, repository, tag } = destination;
  const sourceClient = ctx.clients.get(source.registryId);
  const targetClient = ctx.clients.get(registryId);
  const where = `${registryId === source.registryId ? '' : registryId + '/'}${repository}:${tag}`;

  // A destination passed in (tests, other commands) is written without asking.
  const existing = isDestination(destinationArg) ? undefined : await targetClient.headManifest(repository, tag);
  if (existing) {
    const overwrite = 'Overwrite';
    const choice = await vscode.window.showWarningMessage(
      `${where} already exists. Overwrite it?`,
      { modal: true, detail: `It points at ${existing.digest}; after the copy it will point at the image of ${source.repository}:${source.tag}.` },
      overwrite,
    );
    if (choice !== overwrite) return undefined;
  }
  // The referrers listed for the question are handed to the copy, not listed again.
  const withReferrers = isDestination(destinationArg) ? !!destinationArg.referrers : await askReferrers(ctx, source, steps);
  if (withReferrers === undefined) return undefined;

  const result = await withCancellableProgress(`Copying ${source.repository}:${source.tag} to ${where}`, async (progress, signal) => {
    let reported = 0;
    return copyImage(
      { client: sourceClient, repository: source.repository, reference: source.tag },
      { client: targetClient, repository, tag },
      {
        signal,
        referrers: withReferrers,
        onProgress: (p) => {
          const total = p.blobsTotal + p.manifestsTotal;
          const done = p.blobsDone + p.manifestsDone;
          const percent = total ? (done / total) * 100 : 0;
          progress.report({
            message: `blobs ${p.blobsDone} / ${p.blobsTotal}${p.manifestsDone ? `, manifests ${p.manifestsDone} / ${p.manifestsTotal}` : ''}`,
            increment: percent - reported,
          });
          reported = percent;
        },
      },
    );
  }).then(undefined, (e) => {
    if (isCancellation(e)) {
      void vscode.window.showWarningMessage(`The copy to ${where} was cancelled. Blobs already copied stay in ${repository}; the tag was not written.`);
      return undefined;
    }
    throw new Error(`Copying ${source.repository}:${source.tag} to ${where} failed: ${errorText(e)}`);
  });
  if (!result) return undefined;

  const b = result.blobs;
  const how =
    [b.mounted && `${b.mounted} mounted`, b.uploaded && `${b.uploaded} streamed`, b.present && `${b.present} already there`].filter(Boolean).join(', ') ||
    'none needed';
  const refs = result.referrers ? `, with ${result.referrers} referrer${result.referrers === 1 ? '' : 's'}` : '';
  const msg = `Copied ${source.repository}:${source.tag} to ${where} (${shortDigest(result.digest)}, digest unchanged): ${result.childManifests ? `${result.childManifests + 1} manifests, ` : ''}${b.total} blobs (${how})${refs}.`;
  ctx.log.info(msg);
  void vscode.window.showInformationMessage(msg);
  await showCopy(ctx, registryId, repository, tag);
  return result;
}

/**
 * Whether the referrers come along (their descriptors when they do): asked only when the image
 * has some (the tree's count when its details are loaded, else one lookup). undefined: the user
 * dismissed the question.
 */
async function askReferrers(ctx: CommandContext, source: TagNode, steps: Steps): Promise<readonly Descriptor[] | false | undefined> {
  if (source.details?.referrerCount === 0) return false;
  const client = ctx.clients.get(source.registryId);
  const { digest } = await digestOf(ctx, source);
  const list = await client.referrers(source.repository, digest).catch(() => []);
  if (list.length === 0) return false;
  const kinds = [...new Set(list.map((d) => referrerLabel(d)))].join(', ');
  const both = {
    label: `Copy the image and its ${list.length} referrer${list.length === 1 ? '' : 's'}`,
    description: kinds,
    value: list as readonly Descriptor[] | false,
  };
  const only = { label: 'Copy the image only', description: 'signatures and attestations stay behind', value: false as const };
  const picked = await askPick(steps.next(`Copy ${source.repository}:${source.tag}: it has referrers (${kinds})`), [both, only]);
  return isCancelled(picked) ? undefined : picked.value;
}

function isDestination(v: unknown): v is CopyDestination {
  const d = v as CopyDestination;
  return !!d && typeof d === 'object' && typeof d.registryId === 'string' && typeof d.repository === 'string' && typeof d.tag === 'string';
}

async function askDestination(
  ctx: CommandContext,
  sourceRegistryId: string,
  sourceRepository: string,
  sourceTag: string,
  steps: Steps,
): Promise<CopyDestination | undefined> {
  const registries = ctx.registries.list();
  const title = `Copy ${sourceRepository}:${sourceTag}`;
  let registryId = sourceRegistryId;
  if (registries.length > 1) {
    const picked = await askPick(
      steps.next(title),
      [
        { label: sourceRegistryId, description: 'this registry: another repository (blobs are mounted, nothing is downloaded)', id: sourceRegistryId },
        ...registries
          .filter((r) => r.id !== sourceRegistryId)
          .map((r) => ({ label: r.id, description: 'another registry: blobs are streamed through this machine', id: r.id })),
      ],
      { placeholder: 'To which registry?' },
    );
    if (isCancelled(picked)) return undefined;
    registryId = picked.id;
  }
  const repository = (
    await ctx.pickers.pickRepository(registryId, { title, steps, placeHolder: `To which repository on ${registryId}? (type a new name to create one)` })
  )?.trim();
  if (!repository) return undefined;
  const problem = repositoryProblem(repository);
  if (problem) {
    void vscode.window.showErrorMessage(`"${repository}" is not a repository name: ${problem}.`);
    return undefined;
  }
  const tag = await askText(steps.next(`${title} to ${registryId === sourceRegistryId ? '' : registryId + '/'}${repository}`), {
    prompt: 'Tag in the target repository',
    value: sourceTag,
    validate: (v) =>
      tagProblem(v.trim()) ??
      (registryId === sourceRegistryId && repository === sourceRepository && v.trim() === sourceTag
        ? 'That is the image itself; choose another repository or tag (or use Retag…).'
        : undefined),
    required: 'Type the tag, or press Escape to cancel.',
  });
  if (isCancelled(tag) || !tag.trim()) return undefined;
  return { registryId, repository, tag: tag.trim() };
}

/**
 * The copy shows in the tree at once, in its sorted place, without relisting what is loaded. On a
 * registry that does not list its repositories (no catalog, or not for this login), a new
 * repository would vanish at the next refresh, so it is kept with the repositories added by hand.
 */
async function showCopy(ctx: CommandContext, registryId: string, repository: string, tag: string): Promise<void> {
  const listed = ctx.tree.addRepository(registryId, repository);
  ctx.tree.addTags(registryId, repository, [tag]);
  if (!listed && !(ctx.registries.get(registryId)?.repositories ?? []).includes(repository)) {
    await ctx.registries.addRepository(registryId, repository);
  }
}

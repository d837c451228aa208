/** Retag…: the same manifest under a new tag in the same repository (digest unchanged). */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { errorText, IMAGE_STEPS, isCancellation, tagOrPick, withCancellableProgress } from './support/actionTargets';
import { askText, isCancelled, Steps } from './support/multiStep';
import { shortDigest, tagProblem } from '../registry';
import { retag as retagManifest, type RetagResult } from '../actions/retag';

export async function retag(ctx: CommandContext, node?: unknown, newTagArg?: unknown): Promise<RetagResult | undefined> {
  // Registry, repository and tag (from the palette), then the new tag.
  const steps = new Steps('Retag', IMAGE_STEPS + 1);
  const source = await tagOrPick(ctx, node, 'Retag', steps);
  if (!source) return undefined;
  const newTag =
    typeof newTagArg === 'string'
      ? newTagArg
      : await askText(steps.next(`Retag ${source.repository}:${source.tag}`), {
          prompt: `New tag in ${source.repository} for the same image (the digest stays the same)`,
          value: source.tag,
          valueSelection: [0, source.tag.length],
          validate: (v) => tagProblem(v.trim()) ?? (v.trim() === source.tag ? 'That is the current tag; type another one.' : undefined),
          required: 'Type the new tag, or press Escape to cancel.',
        });
  if (isCancelled(newTag) || !newTag.trim()) return undefined;
  const client = ctx.clients.get(source.registryId);
  const result = await withCancellableProgress(`Retagging ${source.repository}:${source.tag} as ${newTag.trim()}`, (_p, signal) =>
    retagManifest(client, {
      repository: source.repository,
      source: source.tag,
      newTag: newTag.trim(),
      signal,
      confirmOverwrite: async (existing) => {
        const overwrite = 'Overwrite';
        const choice = await vscode.window.showWarningMessage(
          `${source.repository}:${newTag.trim()} already exists. Overwrite it?`,
          {
            modal: true,
            detail: `It points at ${existing.digest}. After this it will point at the image of ${source.tag}; the old image stays in the registry under its digest and any other tags.`,
          },
          overwrite,
        );
        return choice === overwrite;
      },
    }),
  ).then(undefined, (e) => {
    if (isCancellation(e)) return undefined;
    throw new Error(`Retag failed: ${errorText(e)}`);
  });
  if (!result) return undefined;
  ctx.log.info(`retag ${source.registryId}/${source.repository}:${source.tag} → ${newTag.trim()}: ${result.outcome} ${shortDigest(result.digest)}`);
  // The new tag shows at once in its sorted place; an overwritten one gets its new details.
  if (result.outcome === 'created' || result.outcome === 'overwritten') ctx.tree.addTags(source.registryId, source.repository, [newTag.trim()]);
  void vscode.window.showInformationMessage(result.message);
  return result;
}

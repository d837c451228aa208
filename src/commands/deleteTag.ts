/**
 * Delete… on one tag or a multi-selection: pick (or take the selection), plan (one fresh listing
 * of each affected repository names every tag on each digest; see actions/deleteSelection.ts),
 * one modal confirm of everything that goes, then the deletes with progress and cancellation,
 * and a result per item.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { errorText, IMAGE_STEPS, isCancellation, tagsOrPick, withCancellableProgress } from './support/actionTargets';
import { Steps } from './support/multiStep';
import { withProgressBeforeDialog } from './support/progressBeforeDialog';
import { DELETE, DELETE_KEEP_REFERRERS, describeDeletePlan, WITH_REFERRERS } from '../actions/deleteConfirm';
import type { DeleteResult } from '../actions/deleteExecute';
import { executeDeleteSelection, planDeleteSelection, type RegistryDeletePlan } from '../actions/deleteSelection';

export async function deleteTag(ctx: CommandContext, node?: unknown, nodes?: unknown): Promise<DeleteResult[] | undefined> {
  const tags = await tagsOrPick(ctx, node, nodes, 'Delete', new Steps('Delete', IMAGE_STEPS));
  if (!tags?.length) return undefined;
  const selection = tags.map((t) => ({
    registryId: t.registryId,
    repository: t.repository,
    tag: t.tag,
    digest: t.details?.digest,
    referrerCount: t.details?.referrerCount,
  }));

  // The modal follows: its progress must be gone when it shows (see progressBeforeDialog.ts).
  const plans = await withProgressBeforeDialog('Finding every tag that shares the digests to delete', (progress, signal) =>
    planDeleteSelection(selection, ctx.tree, ctx.clients, {
      signal,
      onProgress: (registryId, repository, headed) =>
        progress.report({ message: headed ? `${repository}: ${headed.done} / ${headed.total} new tags` : `${registryId}/${repository}` }),
    }),
  ).then(undefined, (e) => {
    if (isCancellation(e)) return undefined;
    throw e;
  });
  if (!plans) return undefined;

  // A registry known to refuse deletes is told now, before any modal promises one; nothing is sent to it.
  const refusals = [...new Set(plans.flatMap((p) => (p.plan.refused ? [p.plan.refused.reason] : [])))];
  if (refusals.length) void vscode.window.showWarningMessage(refusals.join(' '));
  const items = plans.reduce((n, p) => n + p.plan.items.length, 0);
  if (items === 0 && refusals.length) {
    await executeDeleteSelection(plans, ctx.clients, ctx.tree);
    return [];
  }
  if (items === 0) {
    const gone = plans.flatMap((p) => p.plan.missing.map((m) => `${m.repository}:${m.tag}`));
    void vscode.window.showInformationMessage(
      `Nothing to delete: ${gone.join(', ')} no longer ${gone.length === 1 ? 'exists' : 'exist'}. The view is refreshed.`,
    );
    // Deletes nothing: takes the missing tags off the view.
    await executeDeleteSelection(plans, ctx.clients, ctx.tree);
    return [];
  }

  const withReferrers = await confirm(
    plans.filter((p) => !p.plan.refused),
    items,
  );
  if (withReferrers === undefined) return undefined;

  const results = await withCancellableProgress('Deleting', (progress, signal) =>
    executeDeleteSelection(plans, ctx.clients, ctx.tree, {
      signal,
      withReferrers,
      onResult: (registryId, r, done, total) => {
        progress.report({ message: `${done} / ${total}`, increment: 100 / total });
        ctx.log.info(`delete ${registryId}/${r.item.repository}@${r.item.digest}: ${r.outcome} — ${r.message}`);
      },
    }),
  ).then(undefined, (e) => {
    void vscode.window.showErrorMessage(errorText(e));
    return [] as DeleteResult[];
  });

  report(results);
  return results;
}

/**
 * One modal for every registry's plan; true: delete with referrers, undefined: not confirmed.
 * Escape or Cancel confirms nothing; of two destructive buttons the first, which VS Code's
 * dialog focuses, is the one that deletes less.
 */
async function confirm(plans: RegistryDeletePlan[], items: number): Promise<boolean | undefined> {
  const texts = plans.map((p) => describeDeletePlan(p.plan));
  const message = texts.length === 1 ? texts[0].message : `Delete ${items} images on ${plans.length} registries?`;
  const detail = texts.map((t, i) => (texts.length === 1 ? t.detail : `${plans[i].registryId}: ${t.message}\n${t.detail}`)).join('\n\n');
  const withReferrers = texts.some((t) => t.buttons.includes(WITH_REFERRERS));
  const buttons = withReferrers ? [DELETE_KEEP_REFERRERS, WITH_REFERRERS] : [DELETE];
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  if (choice === undefined || !buttons.includes(choice)) return undefined;
  return choice === WITH_REFERRERS;
}

function report(results: DeleteResult[]): void {
  if (!results.length) return;
  const ok = results.filter((r) => r.outcome === 'deleted' || r.outcome === 'untagged' || r.outcome === 'gone');
  const bad = results.filter((r) => !ok.includes(r));
  if (results.length === 1) {
    const r = results[0];
    void (bad.length ? vscode.window.showErrorMessage(r.message) : vscode.window.showInformationMessage(r.message));
    return;
  }
  const summary = `${ok.length} of ${results.length} deleted.`;
  if (!bad.length) {
    void vscode.window.showInformationMessage(`${summary} ${ok.map((r) => r.message).join(' ')}`);
    return;
  }
  void vscode.window.showErrorMessage(`${summary} Not deleted: ${bad.map((r) => r.message).join(' ')}`, { modal: false });
}

/**
 * Delete… on one tag or a multi-selection: one fresh listing of each affected repository (digests
 * the tree already shows are trusted; only tags without one are HEADed) to name every tag on each
 * digest, one modal confirm of everything that goes, then the deletes with progress and
 * cancellation, a result per item, and exactly the affected nodes removed.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { errorText, isCancellation, tagsOrPick, withCancellableProgress } from './support/actionTargets';
import type { TagNode } from '../model/nodes';
import { describeDeletePlan, planDeleteFresh, WITH_REFERRERS, type DeletePlan } from '../actions/deletePlan';
import { executeDeletePlan, type DeleteResult } from '../actions/deleteExecute';

export async function deleteTag(ctx: CommandContext, node?: unknown, nodes?: unknown): Promise<DeleteResult[] | undefined> {
  const tags = await tagsOrPick(ctx, node, nodes, 'Delete tags');
  if (!tags?.length) return undefined;

  const byRegistry = new Map<string, TagNode[]>();
  for (const t of tags) byRegistry.set(t.registryId, [...(byRegistry.get(t.registryId) ?? []), t]);

  const plans = await withCancellableProgress('Finding every tag that shares the digests to delete', async (progress, signal) => {
    const out: { registryId: string; plan: DeletePlan }[] = [];
    for (const [registryId, selected] of byRegistry) {
      // The live tree nodes last: after a refresh they carry a newer digest than a kept selection.
      const known = new Map<string, Map<string, string>>();
      const knownReferrers = new Map<string, number>();
      for (const repository of new Set(selected.map((t) => t.repository))) {
        const nodes = [...selected.filter((t) => t.repository === repository), ...ctx.tree.loadedTags(registryId, repository)];
        known.set(repository, knownDigests(nodes));
        for (const n of nodes) if (n.details?.digest && n.details.referrerCount) knownReferrers.set(`${repository}@${n.details.digest}`, n.details.referrerCount);
      }
      const requests = selected.map((t) => ({ repository: t.repository, tag: t.tag }));
      const plan = await planDeleteFresh(ctx.clients.get(registryId), registryId, requests, known, {
        signal,
        knownReferrers,
        onProgress: (repository, headed) => progress.report({ message: headed ? `${repository}: ${headed.done} / ${headed.total} new tags` : `${registryId}/${repository}` }),
      });
      out.push({ registryId, plan });
    }
    return out;
  }).then(undefined, (e) => {
    if (isCancellation(e)) return undefined;
    throw e;
  });
  if (!plans) return undefined;

  const items = plans.reduce((n, p) => n + p.plan.items.length, 0);
  if (items === 0) {
    const gone = plans.flatMap((p) => p.plan.missing.map((m) => `${m.repository}:${m.tag}`));
    void vscode.window.showInformationMessage(`Nothing to delete: ${gone.join(', ')} no longer ${gone.length === 1 ? 'exists' : 'exist'}. The view is refreshed.`);
    for (const p of plans) for (const m of p.plan.missing) ctx.tree.removeTags(p.registryId, m.repository, [m.tag]);
    return [];
  }

  const texts = plans.map((p) => describeDeletePlan(p.plan));
  const message = texts.length === 1 ? texts[0].message : `Delete ${items} images on ${plans.length} registries?`;
  const detail = texts.map((t, i) => (texts.length === 1 ? t.detail : `${plans[i].registryId}: ${t.message}\n${t.detail}`)).join('\n\n');
  const buttons = [...new Set(texts.flatMap((t) => t.buttons))];
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  if (choice !== 'Delete' && choice !== WITH_REFERRERS) return undefined;
  const withReferrers = choice === WITH_REFERRERS;

  const results = await withCancellableProgress('Deleting', async (progress, signal) => {
    const all: DeleteResult[] = [];
    let done = 0;
    for (const { registryId, plan } of plans) {
      for (const m of plan.missing) ctx.tree.removeTags(registryId, m.repository, [m.tag]);
      const client = ctx.clients.get(registryId);
      all.push(
        ...(await executeDeletePlan(client, plan, {
          signal,
          withReferrers,
          onResult: (r) => {
            done++;
            progress.report({ message: `${done} / ${items}`, increment: 100 / items });
            ctx.log.info(`delete ${registryId}/${r.item.repository}@${r.item.digest}: ${r.outcome} — ${r.message}`);
            if (r.removedTags.length) ctx.tree.removeTags(registryId, r.item.repository, r.removedTags);
          },
        })),
      );
    }
    return all;
  }).then(undefined, (e) => {
    void vscode.window.showErrorMessage(errorText(e));
    return [] as DeleteResult[];
  });

  report(results);
  return results;
}

/** tag → digest the tree already shows (read when the tag was displayed): not asked again. */
function knownDigests(nodes: readonly TagNode[]): Map<string, string> {
  const known = new Map<string, string>();
  for (const n of nodes) if (n.details?.digest) known.set(n.tag, n.details.digest);
  return known;
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

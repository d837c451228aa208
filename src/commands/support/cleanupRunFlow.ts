/**
 * A previewed clean-up, run: one modal confirm with the counts, then each repository's run with
 * progress and Cancel (actions/cleanup/run.ts: a fresh listing first, nothing outside the
 * preview), tags taken off the tree as they go, the results added to the preview tab, one
 * summary, and how the registry gets the space back.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../../contracts';
import { countsOf } from '../../actions/cleanup/preview';
import { runCleanup, type CleanupRunReport } from '../../actions/cleanup/run';
import { formatBytes } from '../../actions/cleanup/space';
import type { CleanupPreview } from '../../actions/cleanup/types';
import { untaggerFor } from '../../actions/cleanup/untagger';
import { errorText, isCancellation, withCancellableProgress } from './actionTargets';

export const SHOW_RESULTS = 'Show Results';

export async function confirmAndRunCleanup(ctx: CommandContext, id: string): Promise<CleanupRunReport[] | undefined> {
  const preview = ctx.cleanupPreviews.get(id);
  if (!preview) throw new Error('This clean-up preview is gone (previews are kept only while the window is open). Run Clean Up Tags… again.');
  if (ctx.cleanupPreviews.reports(id)) {
    void vscode.window.showInformationMessage('This clean-up has run already; its results are in the preview tab. Preview again to clean up what is left.');
    return undefined;
  }
  const c = countsOf(preview.repositories);
  if (c.tagsGo === 0) {
    void vscode.window.showInformationMessage('Nothing to delete: the rules keep every tag, or the registry cannot remove the tags they would.');
    return [];
  }
  const what = whatOf(preview);
  const bytes = preview.repositories.reduce((n, r) => n + r.space.bytes, 0);
  const unknown = preview.repositories.some((r) => r.untag === undefined && r.tags.some((t) => t.removal === 'untag'));
  const lines = [
    `${c.imagesDeleted} image${c.imagesDeleted === 1 ? ' is' : 's are'} deleted by digest, with ${c.tagsDeleted === 1 ? 'its tag' : `their ${c.tagsDeleted} tags`}.`,
    ...(c.tagsUntagged
      ? [
          `${c.tagsUntagged} tag${c.tagsUntagged === 1 ? ' is' : 's are'} removed alone; ${c.tagsUntagged === 1 ? 'its image stays' : 'their images stay'} for kept tags${unknown ? ' (only if the registry can remove a tag alone, which the run tries once on an image that goes anyway)' : ''}.`,
        ]
      : []),
    ...(c.tagsSkipped
      ? [
          `${c.tagsSkipped} tag${c.tagsSkipped === 1 ? ' stays' : 's stay'} although the rules say ${c.tagsSkipped === 1 ? 'it goes' : 'they go'}: shared with kept tags on a registry that cannot remove a tag alone.`,
        ]
      : []),
    ...(c.referrers ? [`${c.referrers} referrer${c.referrers === 1 ? '' : 's'} (signatures, SBOMs) go with their images.`] : []),
    `${c.tagsKept} tag${c.tagsKept === 1 ? ' is' : 's are'} kept. About ${formatBytes(bytes)} could be freed (an estimate).`,
    '',
    'Every tag is read again first: a tag that moved or appeared since the preview is skipped and reported, and nothing that is not in the preview is deleted. This cannot be undone.',
  ];
  const button = `Delete ${c.tagsGo} Tag${c.tagsGo === 1 ? '' : 's'}`;
  const choice = await vscode.window.showWarningMessage(
    `Clean up ${what}: delete ${c.tagsGo} tag${c.tagsGo === 1 ? '' : 's'}?`,
    { modal: true, detail: lines.join('\n') },
    button,
  );
  if (choice !== button) return undefined;

  const reports: CleanupRunReport[] = [];
  const failures: string[] = [];
  await withCancellableProgress(`Cleaning up ${what}`, async (progress, signal) => {
    for (const r of preview.repositories) {
      if (signal.aborted) break;
      const client = ctx.clients.get(r.registryId);
      try {
        reports.push(
          await runCleanup(client, r, {
            untagger: untaggerFor(client, ctx.clients.vendor(r.registryId)),
            signal,
            onProgress: (message) => progress.report({ message }),
            onRemoved: (tags) => ctx.tree.removeTags(r.registryId, r.repository, tags),
            onResult: (x) => ctx.log.info(`clean-up ${r.registryId}/${r.repository}@${x.digest}: ${x.outcome} — ${x.message}`),
          }),
        );
      } catch (e) {
        if (isCancellation(e)) break;
        failures.push(`${r.registryId}/${r.repository}: nothing was deleted there (${errorText(e)})`);
      }
    }
  });
  ctx.cleanupPreviews.addResults(id, reports);
  for (const f of failures) ctx.log.error(`clean-up ${f}`);
  void report(ctx, preview, reports, failures);
  return reports;
}

function whatOf(preview: CleanupPreview): string {
  const r = preview.repositories;
  return r.length === 1 ? `${r[0].repository} on ${r[0].registryId}` : `${r.length} repositories`;
}

async function report(ctx: CommandContext, preview: CleanupPreview, reports: CleanupRunReport[], failures: string[]): Promise<void> {
  const results = reports.flatMap((r) => r.results);
  const removed = reports.reduce((n, r) => n + r.removedTags.length, 0);
  const images = results.filter((r) => r.outcome === 'deleted').length;
  const alone = results.filter((r) => r.outcome === 'untagged').reduce((n, r) => n + r.removed.length, 0);
  const stayed =
    results.filter((r) => r.outcome === 'skipped').reduce((n, r) => n + r.tags.length, 0) + reports.reduce((n, r) => n + r.check.skipped.length, 0);
  const failed = results.filter((r) => r.outcome === 'failed');
  const cancelled = results.filter((r) => r.outcome === 'cancelled').length + (preview.repositories.length - reports.length - failures.length);
  const appeared = reports.reduce((n, r) => n + r.check.appeared.length, 0);
  const parts = [
    `Clean-up of ${whatOf(preview)}: ${removed} tag${removed === 1 ? '' : 's'} removed (${images} image${images === 1 ? '' : 's'} deleted${alone ? `, ${alone} tag${alone === 1 ? '' : 's'} removed alone` : ''}).`,
  ];
  if (stayed)
    parts.push(
      `${stayed} previewed tag${stayed === 1 ? '' : 's'} stayed (moved since the preview, or shared with kept tags); the preview tab has the results.`,
    );
  if (appeared) parts.push(`${appeared} tag${appeared === 1 ? '' : 's'} appeared since the preview and ${appeared === 1 ? 'was' : 'were'} not judged.`);
  if (cancelled) parts.push(`Cancelled: ${cancelled} step${cancelled === 1 ? '' : 's'} not done.`);
  const advice = [
    ...new Set(
      preview.repositories
        .filter((r) => reports.some((x) => x.repository === r.repository && x.registryId === r.registryId && x.results.some((y) => y.outcome === 'deleted')))
        .map((r) => r.afterwards)
        .filter(Boolean),
    ),
  ];
  parts.push(...(advice as string[]));
  const bad = [...failed.map((f) => f.message), ...failures];
  const choice = bad.length
    ? await vscode.window.showErrorMessage(`${parts.join(' ')} Not done: ${bad.join(' ')}`, SHOW_RESULTS)
    : await vscode.window.showInformationMessage(parts.join(' '), SHOW_RESULTS);
  if (choice === SHOW_RESULTS) await ctx.cleanupPreviews.show(preview);
}

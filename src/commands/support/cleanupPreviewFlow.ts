/**
 * From rules to an open preview: read each repository (with progress and Cancel; nothing is
 * deleted), open the preview tab, then offer what can follow in a notification that stays while
 * the user reads the tab: run it (one modal confirm), save it as JSON or CSV, save the rules.
 * Dismissing the notification changes nothing; the tab's title bar offers the same actions.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from '../../contracts';
import { countsOf, newPreview, previewRepository } from '../../actions/cleanup/preview';
import { previewCsv, previewJson } from '../../actions/cleanup/previewText';
import { formatRules } from '../../actions/cleanup/rules';
import { formatBytes } from '../../actions/cleanup/space';
import type { CleanupPreview, RepositoryCleanup } from '../../actions/cleanup/types';
import { untaggerFor } from '../../actions/cleanup/untagger';
import { deleteRefusal } from '../../actions/deleteVendor';
import type { CleanupRunReport } from '../../actions/cleanup/run';
import { compareTagsByVersion } from '../../model/tagSort';
import { errorText, isCancellation, withCancellableProgress } from './actionTargets';
import { confirmAndRunCleanup } from './cleanupRunFlow';
import type { RulesChoice } from './cleanupRulesInput';

export const RUN = 'Run Clean-Up…';
export const SAVE_PREVIEW = 'Save Preview…';
export const SAVE_RULES = 'Save Rules';

/** Builds the preview (undefined: cancelled), keeps it and opens its tab. */
export async function showCleanupPreview(ctx: CommandContext, all: RulesChoice[]): Promise<CleanupPreview | undefined> {
  // A registry that refuses every delete gets no preview promising deletes: the user is told now.
  const refusals = new Set(all.map((c) => deleteRefusal(c.registryId, ctx.clients.get(c.registryId))).filter((r): r is string => !!r));
  if (refusals.size) void vscode.window.showWarningMessage([...refusals].join(' '));
  const choices = all.filter((c) => !deleteRefusal(c.registryId, ctx.clients.get(c.registryId)));
  if (!choices.length) return undefined;
  const preview = await withCancellableProgress('Clean-up preview (nothing is deleted)', async (progress, signal) => {
    const repositories: RepositoryCleanup[] = [];
    for (const c of choices) {
      const client = ctx.clients.get(c.registryId);
      const { registryId, repository } = c;
      try {
        repositories.push(
          await previewRepository(
            client,
            registryId,
            repository,
            c.rules,
            {
              known: {
                digest: (tag) => ctx.tree.knownDigest(registryId, repository, tag),
                created: (tag) => ctx.tree.knownCreated(registryId, repository, tag),
              },
              untagger: untaggerFor(client, ctx.clients.vendor(registryId)),
              versionOrder: compareTagsByVersion,
              now: Date.now(),
            },
            { signal, onProgress: (message) => progress.report({ message }) },
          ),
        );
      } catch (e) {
        if (isCancellation(e)) throw e;
        throw new Error(`The clean-up preview of ${registryId}/${repository} could not be made: ${errorText(e)}`);
      }
    }
    return newPreview(repositories, Date.now());
  }).then(undefined, (e) => {
    if (isCancellation(e)) return undefined;
    throw e;
  });
  if (!preview) return undefined;
  await ctx.cleanupPreviews.show(preview);
  for (const r of preview.repositories)
    ctx.log.info(`clean-up preview ${r.registryId}/${r.repository} (${r.rules}): ${summary(r)}; read ${JSON.stringify(r.cost)}`);
  return preview;
}

/** The notification beside the open tab; resolves when it is dismissed or the run is done. */
export async function offerCleanup(ctx: CommandContext, preview: CleanupPreview, choices: RulesChoice[] = []): Promise<CleanupRunReport[] | undefined> {
  let unsaved = choices.filter((c) => !c.saved);
  for (;;) {
    const c = countsOf(preview.repositories);
    const what = preview.repositories.length === 1 ? preview.repositories[0].repository : `${preview.repositories.length} repositories`;
    const bytes = preview.repositories.reduce((n, r) => n + r.space.bytes, 0);
    const message =
      c.tagsGo + c.tagsSkipped === 0
        ? `Clean-up preview of ${what}: the rules keep every tag (${c.tagsKept}). Nothing would be deleted.`
        : `Clean-up preview of ${what}: ${c.tagsGo} tag${c.tagsGo === 1 ? '' : 's'} would go (${c.imagesDeleted} image${c.imagesDeleted === 1 ? '' : 's'} deleted)${c.tagsSkipped ? `, ${c.tagsSkipped} would stay although the rules say they go` : ''}, ${c.tagsKept} kept; about ${formatBytes(bytes)} could be freed (an estimate). Nothing is deleted yet: read the preview tab first.`;
    const buttons = [...(c.tagsGo ? [RUN] : []), SAVE_PREVIEW, ...(unsaved.length ? [SAVE_RULES] : [])];
    const choice = await vscode.window.showInformationMessage(message, ...buttons);
    if (choice === RUN) return confirmAndRunCleanup(ctx, preview.id);
    if (choice === SAVE_PREVIEW) await savePreviewAs(ctx, preview);
    else if (choice === SAVE_RULES) {
      for (const u of unsaved) await ctx.cleanupRules.set(u.registryId, u.repository, formatRules(u.rules));
      void vscode.window.showInformationMessage(
        `Saved the clean-up rules of ${unsaved.map((u) => u.repository).join(', ')} (setting registryExplorer.cleanupRules). Preview Saved Clean-Up… runs them again.`,
      );
      unsaved = [];
    } else return undefined;
  }
}

/** Asks where, and writes the preview as JSON or CSV (by the file's extension). */
export async function savePreviewAs(ctx: CommandContext, preview: CleanupPreview): Promise<vscode.Uri | undefined> {
  const base = preview.repositories.length === 1 ? `cleanup-${preview.repositories[0].repository.replace(/[^\w.-]+/g, '-')}` : 'cleanup';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: 'Save the clean-up preview',
    defaultUri: vscode.Uri.joinPath(folder, `${base}.json`),
    filters: { JSON: ['json'], CSV: ['csv'] },
    saveLabel: 'Save Preview',
  });
  if (!target) return undefined;
  const csv = path.extname(target.path).toLowerCase() === '.csv';
  const text = csv ? previewCsv(preview) : previewJson(preview, ctx.cleanupPreviews.reports(preview.id));
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  void vscode.window.showInformationMessage(`Saved the clean-up preview as ${csv ? 'CSV' : 'JSON'}: ${target.fsPath}`);
  return target;
}

function summary(r: RepositoryCleanup): string {
  const c = countsOf(r);
  return `${c.tagsDeleted} tags with ${c.imagesDeleted} images, ${c.tagsUntagged} alone, ${c.tagsSkipped} staying, ${c.tagsKept} kept, ~${r.space.bytes} bytes`;
}

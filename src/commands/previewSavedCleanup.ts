/**
 * Preview Saved Clean-Up…: the saved rules of one repository (picked from every repository that
 * has some, or the clicked repository's), straight to the preview; the run follows from there.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { parseRules } from '../actions/cleanup/rules';
import type { CleanupRunReport } from '../actions/cleanup/run';
import { offerCleanup, showCleanupPreview } from './support/cleanupPreviewFlow';

export async function previewSavedCleanup(ctx: CommandContext, node?: unknown): Promise<CleanupRunReport[] | undefined> {
  const saved = ctx.cleanupRules.list();
  const at = node && typeof node === 'object' ? (node as { registryId?: unknown; repository?: unknown }) : undefined;
  let entry =
    typeof at?.registryId === 'string' && typeof at.repository === 'string'
      ? saved.find((s) => s.registryId === at.registryId && s.repository === at.repository)
      : undefined;
  if (at?.repository !== undefined && !entry) {
    void vscode.window.showInformationMessage(`${String(at.repository)} has no saved clean-up rules. Clean Up Tags… asks for rules and offers to save them.`);
    return undefined;
  }
  if (!entry) {
    if (!saved.length) {
      void vscode.window.showInformationMessage('No clean-up rules are saved yet. Clean Up Tags… on a repository asks for rules and offers to save them.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      saved.map((s) => ({ label: s.repository, description: s.registryId, detail: s.rules, entry: s })),
      { title: 'Preview Saved Clean-Up', placeHolder: 'Whose saved clean-up rules?', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    entry = picked.entry;
  }
  const parsed = parseRules(entry.rules);
  if (!parsed.rules)
    throw new Error(
      `The saved clean-up rules of ${entry.registryId}/${entry.repository} (setting registryExplorer.cleanupRules) are not valid: ${parsed.problem}.`,
    );
  const choices = [{ registryId: entry.registryId, repository: entry.repository, rules: parsed.rules, saved: true }];
  const preview = await showCleanupPreview(ctx, choices);
  return preview && offerCleanup(ctx, preview, choices);
}

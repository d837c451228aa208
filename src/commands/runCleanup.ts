/** Run This Clean-Up… from a preview tab's title bar (or the palette while a preview tab is active). */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import type { CleanupRunReport } from '../actions/cleanup/run';
import { confirmAndRunCleanup } from './support/cleanupRunFlow';

export async function runCleanupPreview(ctx: CommandContext, uri?: unknown): Promise<CleanupRunReport[] | undefined> {
  const id = previewIdOf(ctx, uri);
  if (!id) {
    void vscode.window.showInformationMessage('Open a clean-up preview first: Clean Up Tags… on a repository makes one.');
    return undefined;
  }
  return confirmAndRunCleanup(ctx, id);
}

/** The preview of the tab a title-bar command was run on, else of the active editor. */
export function previewIdOf(ctx: CommandContext, uri: unknown): string | undefined {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  return target && ctx.cleanupPreviews.idOf(target);
}

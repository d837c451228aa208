/** Save Clean-Up Preview As…: the preview of the active (or clicked) tab as JSON or CSV. */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { previewIdOf } from './runCleanup';
import { savePreviewAs } from './support/cleanupPreviewFlow';

export async function saveCleanupPreview(ctx: CommandContext, uri?: unknown): Promise<vscode.Uri | undefined> {
  const id = previewIdOf(ctx, uri);
  const preview = id && ctx.cleanupPreviews.get(id);
  if (!preview) {
    void vscode.window.showInformationMessage(
      id
        ? 'This clean-up preview is gone (previews are kept only while the window is open).'
        : 'Open a clean-up preview first: Clean Up Tags… on a repository makes one.',
    );
    return undefined;
  }
  return savePreviewAs(ctx, preview);
}

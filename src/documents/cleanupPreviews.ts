/**
 * The clean-up previews of this window and their read-only Markdown tabs, under the extension's
 * `registry-explorer:` scheme (the manifest provider hands these URIs here). A preview lives only
 * in memory: a run must work from what the user read, not from a file that could have been
 * edited. A tab VS Code restores after a reload says that its preview is gone.
 */
import * as vscode from 'vscode';
import type { CleanupPreviews } from '../contracts';
import type { CleanupRunReport } from '../actions/cleanup/run';
import type { CleanupPreview } from '../actions/cleanup/types';
import { previewMarkdown } from '../actions/cleanup/previewText';
import { DOCUMENT_SCHEME } from './documentUri';

const TITLE_SLASH = '\u2215';
/** What a tab's file name starts with; package.json's menus match it (`resourceFilename`). */
export const CLEANUP_TITLE = 'Clean-up preview';

/** Keeps this many previews; older ones are dropped (their tabs then say so). */
const KEEP = 20;

export class CleanupPreviewDocuments implements CleanupPreviews, vscode.Disposable {
  private readonly previews = new Map<string, { preview: CleanupPreview; reports?: CleanupRunReport[] }>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  uri(preview: CleanupPreview): vscode.Uri {
    const names = preview.repositories.map((r) => r.repository);
    const what = names.length === 1 ? names[0] : `${names.length} repositories`;
    return vscode.Uri.from({
      scheme: DOCUMENT_SCHEME,
      path: `/${CLEANUP_TITLE} · ${what.split('/').join(TITLE_SLASH)}`,
      query: new URLSearchParams({ kind: 'cleanup', id: preview.id }).toString(),
    });
  }

  idOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== DOCUMENT_SCHEME) return undefined;
    const q = new URLSearchParams(uri.query);
    return q.get('kind') === 'cleanup' ? (q.get('id') ?? undefined) : undefined;
  }

  /** The tab's text, for the content provider; undefined for URIs that are not previews. */
  content(uri: vscode.Uri): string | undefined {
    const id = this.idOf(uri);
    if (id === undefined) return undefined;
    const held = this.previews.get(id);
    if (!held)
      return `# ${CLEANUP_TITLE}\n\nThis preview is gone: previews are kept only while the window is open. Run **Registry Explorer: Clean Up Tags…** again.\n`;
    return previewMarkdown(held.preview, held.reports);
  }

  async show(preview: CleanupPreview): Promise<vscode.TextEditor> {
    if (!this.previews.has(preview.id)) this.previews.set(preview.id, { preview });
    while (this.previews.size > KEEP) this.previews.delete(this.previews.keys().next().value as string);
    let doc = await vscode.workspace.openTextDocument(this.uri(preview));
    if (doc.languageId !== 'markdown') doc = await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  get(id: string): CleanupPreview | undefined {
    return this.previews.get(id)?.preview;
  }

  reports(id: string): CleanupRunReport[] | undefined {
    return this.previews.get(id)?.reports;
  }

  addResults(id: string, reports: CleanupRunReport[]): void {
    const held = this.previews.get(id);
    if (!held) return;
    held.reports = reports;
    this.changes.fire(this.uri(held.preview));
  }

  dispose(): void {
    this.changes.dispose();
  }
}

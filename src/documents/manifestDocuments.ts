/**
 * The read-only JSON tabs for manifests and configs: a TextDocumentContentProvider on the
 * `registry-explorer:` scheme, backed by the digest-addressed DocumentContentCache.
 * Commands load the content first (so a failure is a clear message, not a broken tab) and then
 * open the URI; the provider answers from the cache, so reopening a tab is instant. Registered
 * when it is built (in `activate()`, with no request), so tabs VS Code restores at startup load.
 */
import * as vscode from 'vscode';
import type { ManifestResult, RegistryApi } from '../registry';
import type { DocumentSpec, ManifestDocuments } from '../contracts';
import { DocumentContentCache } from './documentContent';
import type { CleanupPreviewDocuments } from './cleanupPreviews';
import { DOCUMENT_SCHEME, documentTitle, documentUriParts, parseDocumentQuery } from './documentUri';

export class ManifestDocumentProvider implements ManifestDocuments, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly cache: DocumentContentCache;
  private readonly registration: vscode.Disposable;
  /** Manifests never change (they are addressed by digest); clean-up previews do, when a run adds its results. */
  readonly onDidChange: vscode.Event<vscode.Uri> | undefined;

  /** `cleanup`: the clean-up previews, which share the extension's one document scheme. */
  constructor(
    clientFor: (registryId: string) => RegistryApi,
    private readonly cleanup?: CleanupPreviewDocuments,
  ) {
    this.onDidChange = cleanup?.onDidChange;
    this.cache = new DocumentContentCache(clientFor);
    this.registration = vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, this);
  }

  dispose(): void {
    this.registration.dispose();
  }

  uri(spec: DocumentSpec): vscode.Uri {
    return vscode.Uri.from(documentUriParts(spec));
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const preview = this.cleanup?.content(uri);
    if (preview !== undefined) return preview;
    const spec = parseDocumentQuery(uri.query);
    if (!spec) throw new Error(`${uri.toString()} is not a Registry Explorer document.`);
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      return (await this.cache.load(spec, ac.signal)).text;
    } finally {
      sub.dispose();
    }
  }

  async preload(spec: DocumentSpec): Promise<void> {
    if (this.cache.peek(spec)) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Loading ${documentTitle(spec)}` }, () => this.cache.load(spec));
  }

  async open(spec: DocumentSpec, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await this.jsonDocument(spec), { preview: true, ...options });
  }

  async diff(left: DocumentSpec, right: DocumentSpec, title: string): Promise<void> {
    // The diff editor shows the documents VS Code already holds for these URIs: set to JSON here,
    // they diff as JSON instead of plain text (the scheme has no file extension to go by).
    await Promise.all([this.jsonDocument(left), this.jsonDocument(right)]);
    await vscode.commands.executeCommand('vscode.diff', this.uri(left), this.uri(right), title, { preview: true });
  }

  private async jsonDocument(spec: DocumentSpec): Promise<vscode.TextDocument> {
    await this.preload(spec);
    const doc = await vscode.workspace.openTextDocument(this.uri(spec));
    return doc.languageId === 'json' ? doc : vscode.languages.setTextDocumentLanguage(doc, 'json');
  }

  manifest(registryId: string, repository: string, digest: string): Promise<ManifestResult> {
    return this.cache.manifest(registryId, repository, digest);
  }
}

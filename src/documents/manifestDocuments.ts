/**
 * The read-only JSON tabs for manifests and configs: a TextDocumentContentProvider on the
 * `registry-explorer:` scheme, backed by the digest-addressed DocumentContentCache.
 * Commands load the content first (so a failure is a clear message, not a broken tab) and then
 * open the URI; the provider answers from the cache, so reopening a tab is instant.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { DocumentContentCache } from './documentContent';
import { DOCUMENT_SCHEME, documentTitle, documentUriParts, parseDocumentQuery, type DocumentSpec } from './documentUri';

export class ManifestDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly cache: DocumentContentCache;
  private readonly registration: vscode.Disposable;

  constructor(ctx: Pick<CommandContext, 'clients'>) {
    this.cache = new DocumentContentCache((id) => ctx.clients.get(id));
    this.registration = vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, this);
  }

  dispose(): void {
    this.registration.dispose();
  }

  uri(spec: DocumentSpec): vscode.Uri {
    return vscode.Uri.from(documentUriParts(spec));
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
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

  /** Loads (with a progress notice when it is not cached) so the caller can report failures. */
  async preload(spec: DocumentSpec): Promise<void> {
    if (this.cache.peek(spec)) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Loading ${documentTitle(spec)}` },
      () => this.cache.load(spec),
    );
  }

  /** Opens the document as a JSON tab. */
  async open(spec: DocumentSpec, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    await this.preload(spec);
    let doc = await vscode.workspace.openTextDocument(this.uri(spec));
    if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: true, ...options });
  }
}

const instances = new WeakMap<object, ManifestDocuments>();

/**
 * The one ManifestDocuments of the extension, created on first use and disposed with the
 * extension. `activate()` should call this once so tabs restored at startup resolve.
 */
export function manifestDocuments(ctx: Pick<CommandContext, 'clients' | 'extensionContext'>): ManifestDocuments {
  let docs = instances.get(ctx.extensionContext);
  if (!docs) {
    docs = new ManifestDocuments(ctx);
    instances.set(ctx.extensionContext, docs);
    ctx.extensionContext.subscriptions.push(docs);
  }
  return docs;
}

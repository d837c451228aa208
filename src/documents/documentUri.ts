/**
 * The `registry-explorer:` URIs of the read-only manifest / config tabs. Pure: no `vscode`.
 *
 * The editor's tab title is the last path segment, so the path is the title
 * (`foo∕bar:qux · manifest`). A `/` would split it into folders, so slashes in the title are
 * written as U+2215 DIVISION SLASH, which looks the same. What to load is in the query.
 */
import { shortDigest } from '../registry';
import type { DocumentSpec } from '../contracts';

export const DOCUMENT_SCHEME = 'registry-explorer';

const TITLE_SLASH = '\u2215';

/** `foo/bar:qux · manifest`, `foo/bar@0123456789ab · linux/amd64 · config` (with real slashes). */
export function documentTitle(spec: DocumentSpec): string {
  const name = spec.tag ? `${spec.repository}:${spec.tag}` : `${spec.repository}@${shortDigest(spec.digest)}`;
  return [name, spec.qualifier, spec.kind].filter(Boolean).join(' · ');
}

/** The URI's parts, for `vscode.Uri.from` (which does the percent-encoding). */
export function documentUriParts(spec: DocumentSpec): { scheme: string; path: string; query: string } {
  const q = new URLSearchParams({ kind: spec.kind, registry: spec.registryId, repository: spec.repository, digest: spec.digest });
  if (spec.tag) q.set('tag', spec.tag);
  if (spec.qualifier) q.set('qualifier', spec.qualifier);
  return { scheme: DOCUMENT_SCHEME, path: '/' + documentTitle(spec).split('/').join(TITLE_SLASH), query: q.toString() };
}

/** Reads a spec back from a URI's query (`uri.query`); undefined if it is not one of ours. */
export function parseDocumentQuery(query: string): DocumentSpec | undefined {
  const q = new URLSearchParams(query);
  const kind = q.get('kind');
  const registryId = q.get('registry');
  const repository = q.get('repository');
  const digest = q.get('digest');
  if ((kind !== 'manifest' && kind !== 'config') || !registryId || !repository || !digest) return undefined;
  return { kind, registryId, repository, digest, tag: q.get('tag') ?? undefined, qualifier: q.get('qualifier') ?? undefined };
}

/** A cache key: content addressed, the title does not matter. */
export function contentKey(spec: DocumentSpec): string {
  return `${spec.kind}:${spec.registryId}/${spec.repository}@${spec.digest}`;
}

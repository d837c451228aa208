/**
 * Loads the JSON shown in a manifest or config tab, verified and cached. Pure: no `vscode`.
 *
 * Manifests are fetched by digest; the client checks the bytes hash to that digest
 * (and `Docker-Content-Digest`), so what is shown is what the digest names. A config blob is read
 * with `getBlobBytes`, which verifies its digest too. Content is addressed by digest, so the cache
 * never goes stale: reopening a tab needs no request.
 */
import type { RegistryApi } from '../registry';
import { RegistryError } from '../registry';
import { contentKey, type DocumentSpec } from './documentUri';

export interface LoadedDocument {
  text: string;
  /** The digest of the bytes shown (manifest digest, or config digest). */
  digest: string;
}

/**
 * The text of a tab. Bytes the pusher already formatted (docker's 3-space manifests, most OCI
 * tools) are shown exactly as the registry sent them, so what you read is what the digest names,
 * byte for byte. Compact one-line JSON (crane, some registries) is unreadable in an editor, so
 * it is indented with 2 spaces; bytes that are not JSON are shown as they are.
 */
export function prettyJson(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  return text.trim().includes('\n') ? text : JSON.stringify(value, null, 2) + '\n';
}

export class DocumentContentCache {
  private readonly entries = new Map<string, LoadedDocument>();
  private readonly inFlight = new Map<string, Promise<LoadedDocument>>();

  constructor(
    private readonly clientFor: (registryId: string) => RegistryApi,
    private readonly maxEntries = 200,
  ) {}

  /** Cached content, if any (for an instant reopen). */
  peek(spec: DocumentSpec): LoadedDocument | undefined {
    return this.entries.get(contentKey(spec));
  }

  async load(spec: DocumentSpec, signal?: AbortSignal): Promise<LoadedDocument> {
    const key = contentKey(spec);
    const hit = this.entries.get(key);
    if (hit) return hit;
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.fetch(spec, signal).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    const doc = await p;
    this.remember(key, doc);
    return doc;
  }

  private remember(key: string, doc: LoadedDocument): void {
    this.entries.delete(key);
    this.entries.set(key, doc);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  private async fetch(spec: DocumentSpec, signal?: AbortSignal): Promise<LoadedDocument> {
    const client = this.clientFor(spec.registryId);
    const manifest = await client.getManifest(spec.repository, spec.digest, { signal });
    if (manifest.digest !== spec.digest) {
      throw new RegistryError({ kind: 'digest-mismatch', operation: `inspect ${spec.repository}@${spec.digest}`, message: `${client.host} sent a manifest with the digest ${manifest.digest} when asked for ${spec.digest}; it is not shown.` });
    }
    if (spec.kind === 'manifest') return { text: prettyJson(manifest.bytes), digest: manifest.digest };
    const config = manifest.json?.config;
    if (!config?.digest) {
      throw new RegistryError({
        kind: 'not-found',
        operation: `inspect config of ${spec.repository}@${spec.digest}`,
        message: Array.isArray(manifest.json?.manifests)
          ? `${spec.repository}@${spec.digest} is an index of several platforms and has no config of its own; inspect the config of one platform.`
          : `${spec.repository}@${spec.digest} has no config blob.`,
      });
    }
    const bytes = await client.getBlobBytes(spec.repository, config.digest, { signal });
    return { text: prettyJson(bytes), digest: config.digest };
  }
}

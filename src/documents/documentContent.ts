/**
 * Loads the JSON shown in a manifest or config tab, verified and cached. Pure: no `vscode`.
 *
 * Manifests are fetched by digest; the client checks the bytes hash to that digest
 * (and `Docker-Content-Digest`), so what is shown is what the digest names. A config blob is read
 * with `getBlobBytes`, which verifies its digest too. Content is addressed by digest, so the cache
 * never goes stale: reopening a tab needs no request.
 */
import type { ManifestResult, RegistryApi } from '../registry';
import { RegistryError } from '../registry';
import type { DocumentSpec } from '../contracts';
import { contentKey } from './documentUri';

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

/** A small LRU of settled values with shared in-flight promises. */
class Memo<T> {
  private readonly entries = new Map<string, T>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  peek(key: string): T | undefined {
    return this.entries.get(key);
  }

  async get(key: string, fetch: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    let p = this.inFlight.get(key);
    if (!p) {
      p = fetch().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    const value = await p;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}

export class DocumentContentCache {
  private readonly documents: Memo<LoadedDocument>;
  /** Each manifest once, for its manifest tab, its config tab and the platform picker. */
  private readonly manifests: Memo<ManifestResult>;

  constructor(
    private readonly clientFor: (registryId: string) => RegistryApi,
    maxEntries = 200,
  ) {
    this.documents = new Memo(maxEntries);
    this.manifests = new Memo(maxEntries);
  }

  /** Cached content, if any (for an instant reopen). */
  peek(spec: DocumentSpec): LoadedDocument | undefined {
    return this.documents.peek(contentKey(spec));
  }

  load(spec: DocumentSpec, signal?: AbortSignal): Promise<LoadedDocument> {
    return this.documents.get(contentKey(spec), () => this.fetch(spec, signal));
  }

  /** The manifest with that digest, verified by the client, fetched once and cached. */
  manifest(registryId: string, repository: string, digest: string, signal?: AbortSignal): Promise<ManifestResult> {
    return this.manifests.get(`${registryId}/${repository}@${digest}`, () => this.clientFor(registryId).getManifest(repository, digest, { signal }));
  }

  private async fetch(spec: DocumentSpec, signal?: AbortSignal): Promise<LoadedDocument> {
    const manifest = await this.manifest(spec.registryId, spec.repository, spec.digest, signal);
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
    const bytes = await this.clientFor(spec.registryId).getBlobBytes(spec.repository, config.digest, { signal });
    return { text: prettyJson(bytes), digest: config.digest };
  }
}

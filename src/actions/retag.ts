/**
 * Retag: put an existing manifest under another tag in the same repository. The exact bytes and
 * media type are PUT back, so the new tag has the same digest (no blobs move).
 */
import type { ManifestHead, RegistryApi } from '../registry';
import { RegistryError, shortDigest, tagProblem } from '../registry';

export interface RetagRequest {
  repository: string;
  /** Tag or digest of the manifest to retag. */
  source: string;
  newTag: string;
  /** Asked when `newTag` exists and points at another digest; true overwrites. */
  confirmOverwrite: (existing: ManifestHead) => Promise<boolean>;
  signal?: AbortSignal;
}

export type RetagOutcome = 'created' | 'overwritten' | 'unchanged' | 'declined';

export interface RetagResult {
  outcome: RetagOutcome;
  digest: string;
  /** The digest `newTag` pointed at before, when it existed. */
  previousDigest?: string;
  message: string;
}

export async function retag(client: RegistryApi, req: RetagRequest): Promise<RetagResult> {
  const problem = tagProblem(req.newTag);
  if (problem) throw new RegistryError({ kind: 'invalid-reference', operation: 'retag', message: `"${req.newTag}" is not a valid tag: ${problem}` });
  const { repository, newTag, signal } = req;
  // One token for the read and the write, instead of a pull token and then a pull,push one.
  await client.prepare([{ repository, actions: ['pull', 'push'] }], { signal });
  const manifest = await client.getManifest(repository, req.source, { signal });
  const existing = await client.headManifest(repository, newTag, { signal });
  const target = `${repository}:${newTag}`;
  if (existing?.digest === manifest.digest) {
    return {
      outcome: 'unchanged',
      digest: manifest.digest,
      previousDigest: existing.digest,
      message: `${target} already points at ${shortDigest(manifest.digest)}; nothing to change.`,
    };
  }
  if (existing && !(await req.confirmOverwrite(existing))) {
    return {
      outcome: 'declined',
      digest: manifest.digest,
      previousDigest: existing.digest,
      message: `${target} was left pointing at ${shortDigest(existing.digest)}.`,
    };
  }
  const digest = await client.putManifest(repository, newTag, manifest.bytes, manifest.mediaType, { signal });
  if (digest !== manifest.digest) {
    throw new RegistryError({
      kind: 'digest-mismatch',
      operation: `retag ${target}`,
      message: `${client.host} stored ${target} under ${shortDigest(digest)} instead of ${shortDigest(manifest.digest)}: the registry changed the manifest.`,
    });
  }
  return existing
    ? {
        outcome: 'overwritten',
        digest,
        previousDigest: existing.digest,
        message: `${target} now points at ${shortDigest(digest)} (was ${shortDigest(existing.digest)}).`,
      }
    : { outcome: 'created', digest, message: `Tagged ${repository}@${shortDigest(digest)} as ${newTag}; the digest is unchanged.` };
}

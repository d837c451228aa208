/**
 * Referrer children (signatures, SBOMs, attestations) of a tag or platform node. The client asks
 * the OCI 1.1 referrers API and falls back to the `sha256-<hex>` tag schema; this maps the
 * descriptors to tree nodes. Pure: the tree provider calls it for a tag / platform node's children.
 */
import type { ReferrersOptions, RegistryApi } from '../registry';
import type { ReferrerNode } from './nodes';

export interface ReferrerSubject {
  registryId: string;
  repository: string;
  /** Digest of the manifest the referrers point at. */
  digest: string;
}

export async function referrerNodes(client: RegistryApi, subject: ReferrerSubject, opts: ReferrersOptions = {}): Promise<ReferrerNode[]> {
  const descriptors = await client.referrers(subject.repository, subject.digest, opts);
  return descriptors
    .filter((d) => d?.digest)
    .map((d) => ({
      kind: 'referrer' as const,
      registryId: subject.registryId,
      repository: subject.repository,
      subject: subject.digest,
      digest: d.digest,
      mediaType: d.mediaType,
      artifactType: d.artifactType,
      size: d.size,
    }))
    .sort((a, b) => (a.artifactType ?? '').localeCompare(b.artifactType ?? '') || a.digest.localeCompare(b.digest));
}

/** A short label for a referrer node: the artifact type's last part (`signature`, `spdx+json`). */
export function referrerLabel(node: Pick<ReferrerNode, 'artifactType' | 'mediaType'>): string {
  const type = node.artifactType || node.mediaType || 'artifact';
  const last = type.split('/').pop() ?? type;
  return last.replace(/^vnd\.[^.]+\./, '');
}

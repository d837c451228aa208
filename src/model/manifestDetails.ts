/**
 * What a manifest says about its image: size, creation date, platforms, and for an index its
 * image manifests. Read from the manifest and, for an image, its config blob. Pure (a RegistryApi
 * is passed in).
 */
import type { RegistryApi, ManifestResult } from '../registry';
import { isIndexMediaType, type Platform } from './nodes';

export interface PlatformManifest {
  digest: string;
  mediaType: string;
  size?: number;
  platform: Platform;
}

/** The image manifests of an index, without attestation manifests (`unknown/unknown`). */
export function platformManifests(index: any): PlatformManifest[] {
  const list: any[] = Array.isArray(index?.manifests) ? index.manifests : [];
  return list
    .filter(
      (m) =>
        m &&
        typeof m.digest === 'string' &&
        m.platform &&
        m.platform.os !== 'unknown' &&
        m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
    )
    .map((m) => ({
      digest: m.digest,
      mediaType: m.mediaType,
      size: typeof m.size === 'number' ? m.size : undefined,
      platform: {
        os: String(m.platform.os),
        architecture: String(m.platform.architecture),
        ...(m.platform.variant ? { variant: String(m.platform.variant) } : {}),
      },
    }));
}

/** Size of an image: config + layers as stored (compressed). */
export function imageSize(manifest: any): number | undefined {
  if (!manifest?.config || !Array.isArray(manifest.layers)) return undefined;
  let total = typeof manifest.config.size === 'number' ? manifest.config.size : 0;
  for (const l of manifest.layers) total += typeof l?.size === 'number' ? l.size : 0;
  return total;
}

/** What a manifest (by digest) says: size, created, platforms; for an index also its image manifests (the platform children). */
export interface ManifestDetails {
  mediaType: string;
  /** An image's config + layers (compressed); undefined for an index. */
  size?: number;
  created?: string;
  platforms?: Platform[];
  platformManifests?: PlatformManifest[];
}

/** What a manifest (by digest) says: size, created, platforms. Shared by every tag on that digest. */
export async function fetchManifestDetails(client: RegistryApi, repository: string, digest: string, signal?: AbortSignal): Promise<ManifestDetails> {
  return manifestDetails(client, repository, await client.getManifest(repository, digest, { signal }), signal);
}

/** The details of a manifest already read (e.g. by tag); an image's config is read for its date and platform. */
export async function manifestDetails(client: RegistryApi, repository: string, manifest: ManifestResult, signal?: AbortSignal): Promise<ManifestDetails> {
  const details: ManifestDetails = { mediaType: manifest.mediaType };
  if (isIndexMediaType(manifest.mediaType)) {
    details.platformManifests = platformManifests(manifest.json);
    details.platforms = details.platformManifests.map((m) => m.platform);
    const created = manifest.json?.annotations?.['org.opencontainers.image.created'];
    if (typeof created === 'string') details.created = created;
    return details;
  }
  details.size = imageSize(manifest.json);
  const configDigest = manifest.json?.config?.digest;
  if (typeof configDigest === 'string') {
    const config = JSON.parse((await client.getBlobBytes(repository, configDigest, { signal })).toString('utf8'));
    if (typeof config?.created === 'string') details.created = config.created;
    if (typeof config?.os === 'string' && typeof config?.architecture === 'string') {
      details.platforms = [{ os: config.os, architecture: config.architecture, ...(config.variant ? { variant: String(config.variant) } : {}) }];
    }
  }
  return details;
}

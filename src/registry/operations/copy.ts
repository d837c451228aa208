/**
 * Copies an image (a manifest, or an index with all its child manifests) and its blobs from one
 * repository to another, on the same registry or across registries, using only `RegistryApi`.
 *
 * Order matters, because a registry refuses a manifest whose blobs or children it does not have:
 * blobs first, then child manifests (by digest), then the top manifest under the target tag.
 * Manifests are PUT with the exact bytes read from the source, so every digest is preserved.
 *
 * Blobs: on the same registry a cross-repository mount (no bytes move); when the registry refuses
 * the mount (202, or the token may not pull the source for a mount) or on another registry, the
 * blob is streamed from the source GET into the target upload, never held in memory.
 *
 * Referrers (signatures, SBOMs, attestations of the top manifest) come along when asked: each is
 * copied by digest, then the target is made to list them (see `copyReferrers`).
 */
import { PassThrough, pipeline, type Readable } from 'node:stream';
import type { RegistryApi } from '../api';
import type { CallOptions, ManifestResult } from '../types';
import { RegistryError, isRegistryError } from '../errors';
import { forEachLimited } from './concurrency';
import { MEDIA, blobsOf, isImageIndex, isImageManifest, referrersTagOf, type Descriptor } from '../oci';
import { shortDigest as short } from '../imageReference';

export interface CopySource {
  client: RegistryApi;
  repository: string;
  /** Tag or digest. */
  reference: string;
}

export interface CopyTarget {
  client: RegistryApi;
  repository: string;
  /** Tag to put the top manifest under; a digest reference (`sha256:…`) copies without a tag. */
  tag: string;
}

export interface CopyProgress {
  blobsDone: number;
  blobsTotal: number;
  manifestsDone: number;
  manifestsTotal: number;
  /** What just finished, e.g. `blob sha256:ab12… mounted`. */
  last?: string;
}

export interface CopyOptions extends CallOptions {
  onProgress?: (p: CopyProgress) => void;
  /** Blobs transferred at once; default 3. */
  concurrency?: number;
  /**
   * Also copy the referrers of the top manifest (one level: not the referrers of referrers);
   * their descriptors when the caller has already listed them.
   */
  referrers?: boolean | readonly Descriptor[];
}

export interface CopyResult {
  /** Digest of the top manifest in the target (equal to the source's). */
  digest: string;
  mediaType: string;
  /** Child manifests PUT before the top manifest (0 for a single image). */
  childManifests: number;
  blobs: {
    total: number;
    /** Already in the target repository: nothing to do. */
    present: number;
    mounted: number;
    /** Streamed from the source into the target. */
    uploaded: number;
  };
  /** Referrers copied along (when `referrers` was asked). */
  referrers: number;
}

/** Manifests in the order they must be PUT (children before their index), each with its blobs. */
export interface CopyPlan {
  /** Post-order: every child manifest comes before the index that lists it; the root is last. */
  manifests: ManifestResult[];
  /** Unique blobs (config and layers) over all manifests, in first-seen order. */
  blobs: Descriptor[];
}

function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    throw new RegistryError({
      kind: 'cancelled',
      operation: what,
      message: `Cancelled: ${what} was stopped before it finished; what was already copied stays in the target.`,
    });
  }
}

/** Reads the source manifest tree (no writes). */
export async function planCopy(source: CopySource, opts: CallOptions = {}): Promise<CopyPlan> {
  const manifests: ManifestResult[] = [];
  const blobs = new Map<string, Descriptor>();
  const seen = new Set<string>();

  const visit = async (m: ManifestResult, depth: number): Promise<void> => {
    if (seen.has(m.digest)) return;
    seen.add(m.digest);
    if (isImageIndex(m.manifest)) {
      if (depth > 4)
        throw new RegistryError({
          kind: 'protocol',
          operation: 'copy',
          message: `The index ${m.digest} nests indexes more than 4 levels deep; refusing to follow it.`,
        });
      for (const child of m.manifest.manifests) {
        throwIfAborted(opts.signal, 'copy');
        const cm = await source.client.getManifest(source.repository, child.digest, { signal: opts.signal });
        await visit(cm, depth + 1);
      }
    } else if (isImageManifest(m.manifest)) {
      for (const b of blobsOf(m.manifest)) if (!blobs.has(b.digest)) blobs.set(b.digest, b);
    }
    manifests.push(m);
  };

  const root = await source.client.getManifest(source.repository, source.reference, { signal: opts.signal });
  await visit(root, 0);
  return { manifests, blobs: [...blobs.values()] };
}

/** Same registry (same base URL): blobs can be mounted instead of copied. */
export function sameRegistry(a: RegistryApi, b: RegistryApi): boolean {
  return a === b || a.baseUrl === b.baseUrl;
}

/** Errors after which a mount is worth replacing by a streamed upload rather than failing. */
function mountRefused(e: unknown): boolean {
  return isRegistryError(e) && (e.kind === 'denied' || e.kind === 'unauthorized' || e.kind === 'unsupported' || e.kind === 'not-found');
}

/**
 * A body for `uploadBlob` that can be opened again: each call starts a fresh GET of the source
 * blob and pipes it through a PassThrough, so bytes flow source → target and are never buffered.
 */
function replayableBlobBody(source: CopySource, digest: string, signal?: AbortSignal): () => NodeJS.ReadableStream {
  let previous: PassThrough | undefined;
  return () => {
    // A replay (the PUT was challenged) abandons the last attempt: close its source GET as well.
    previous?.destroy();
    const body = new PassThrough();
    previous = body;
    source.client.getBlob(source.repository, digest, { signal }).then(
      // pipeline (not pipe): if the upload gives up and destroys `body`, the source GET is closed too.
      (blob) => pipeline(blob.stream as Readable, body, () => undefined),
      (err) => body.destroy(err),
    );
    return body;
  };
}

type BlobOutcome = 'present' | 'mounted' | 'uploaded';

/** Shared by the blobs of one copy: once the registry refuses to mount from the source for want of access, the other blobs go straight to an upload. */
interface MountState {
  denied: boolean;
}

/**
 * A mount needs no HEAD first: the registry answers 201 whether the blob was already in the
 * target or not. A HEAD is spent only before an upload, where it can save moving the bytes, and
 * not after a mount answered 202: that opened the upload session the bytes now go to.
 */
async function copyBlob(source: CopySource, target: CopyTarget, blob: Descriptor, mounts: MountState, signal?: AbortSignal): Promise<BlobOutcome> {
  let sessionOpen = false;
  if (!mounts.denied && sameRegistry(source.client, target.client) && source.repository !== target.repository) {
    try {
      if (await target.client.mountBlob(target.repository, blob.digest, source.repository, { signal })) return 'mounted';
      sessionOpen = true;
    } catch (e) {
      if (!mountRefused(e)) throw e;
      // Access is per repository, so every other blob from the same source would be refused too.
      if (isRegistryError(e) && (e.kind === 'denied' || e.kind === 'unauthorized')) mounts.denied = true;
    }
  }
  if (!sessionOpen && (await target.client.headBlob(target.repository, blob.digest, { signal }))) return 'present';
  await target.client.uploadBlob(target.repository, blob.digest, blob.size, replayableBlobBody(source, blob.digest, signal), { signal });
  return 'uploaded';
}

/** Copies `source` to `target`; see the file comment for the order and the blob strategy. */
export async function copyImage(source: CopySource, target: CopyTarget, opts: CopyOptions = {}): Promise<CopyResult> {
  const { signal } = opts;
  // One token per registry for the whole copy: on one registry it also carries the mount
  // source's pull, so HEADs, mounts and PUTs need no token of their own.
  if (sameRegistry(source.client, target.client)) {
    await target.client.prepare(
      [
        { repository: target.repository, actions: ['pull', 'push'] },
        { repository: source.repository, actions: ['pull'] },
      ],
      { signal },
    );
  } else {
    await source.client.prepare([{ repository: source.repository, actions: ['pull'] }], { signal });
    await target.client.prepare([{ repository: target.repository, actions: ['pull', 'push'] }], { signal });
  }
  const plan = await planCopy(source, { signal });
  const root = plan.manifests[plan.manifests.length - 1];
  const progress: CopyProgress = { blobsDone: 0, blobsTotal: plan.blobs.length, manifestsDone: 0, manifestsTotal: plan.manifests.length };
  const counts = { present: 0, mounted: 0, uploaded: 0 };
  const mounts: MountState = { denied: false };
  opts.onProgress?.({ ...progress });

  await forEachLimited(plan.blobs, opts.concurrency ?? 3, async (blob) => {
    throwIfAborted(signal, 'copy');
    const outcome = await copyBlob(source, target, blob, mounts, signal);
    counts[outcome]++;
    progress.blobsDone++;
    opts.onProgress?.({ ...progress, last: `blob ${short(blob.digest)} ${outcome}` });
  });

  for (const m of plan.manifests) {
    throwIfAborted(signal, 'copy');
    const isRoot = m === root;
    const reference = isRoot ? target.tag : m.digest;
    const digest = await target.client.putManifest(target.repository, reference, m.bytes, m.mediaType, { signal });
    if (digest !== m.digest) {
      throw new RegistryError({
        kind: 'digest-mismatch',
        operation: `copy manifest to ${target.repository}`,
        message: `${target.client.host} stored the manifest ${short(m.digest)} under the digest ${short(digest)}; the copy is not identical.`,
        hint: 'The target registry may rewrite manifests; copy with a tool that converts formats if that is acceptable.',
      });
    }
    progress.manifestsDone++;
    opts.onProgress?.({ ...progress, last: `manifest ${short(m.digest)}${isRoot ? ` as ${target.tag}` : ''}` });
  }

  const known = Array.isArray(opts.referrers) ? opts.referrers : undefined;
  const referrers = opts.referrers ? await copyReferrers(source, target, root.digest, { signal, concurrency: opts.concurrency, known }) : 0;
  return {
    digest: root.digest,
    mediaType: root.mediaType,
    childManifests: plan.manifests.length - 1,
    blobs: { total: plan.blobs.length, ...counts },
    referrers,
  };
}

/**
 * Copies the referrers of `subject` (already in the target) by digest, without tags. A target
 * with the OCI 1.1 referrers API lists them by itself (it indexes their `subject` field); where
 * it does not, the `sha256-<hex>` tag of the fallback tag schema is written, keeping what it
 * listed already, as the distribution spec asks of clients. Returns how many were copied.
 */
export async function copyReferrers(
  source: CopySource,
  target: Omit<CopyTarget, 'tag'>,
  subject: string,
  opts: CallOptions & { concurrency?: number; known?: readonly Descriptor[] } = {},
): Promise<number> {
  const { signal } = opts;
  const list = opts.known ?? (await source.client.referrers(source.repository, subject, { signal }));
  if (list.length === 0) return 0;
  for (const d of list) {
    throwIfAborted(signal, 'copy');
    await copyImage(
      { client: source.client, repository: source.repository, reference: d.digest },
      { ...target, tag: d.digest },
      { signal, concurrency: opts.concurrency },
    );
  }
  const listed = await target.client.referrers(target.repository, subject, { signal });
  const have = new Set(listed.map((d) => d.digest));
  const missing = list.filter((d) => !have.has(d.digest));
  if (missing.length > 0) {
    const index = { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: [...listed, ...missing] };
    await target.client.putManifest(target.repository, referrersTagOf(subject), Buffer.from(JSON.stringify(index)), MEDIA.ociIndex, { signal });
  }
  return list.length;
}

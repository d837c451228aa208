/**
 * The space a clean-up could free: the blobs (configs and layers) of the images it deletes that no
 * image it keeps uses. An estimate, and labelled as one: blobs another repository shares stay,
 * manifests nobody tags are not seen, and a registry frees nothing until it collects garbage.
 * An index counts through its platforms; a platform a kept image also lists stays.
 */
import type { CleanupImage, SpaceEstimate } from './types';

export interface ManifestBlobs {
  /** Config and layers (an index: none of its own). */
  blobs: { digest: string; size: number }[];
  /** The manifests an index lists. */
  children: string[];
}

export function estimateSpace(images: readonly CleanupImage[], manifests: ReadonlyMap<string, ManifestBlobs | undefined>): SpaceEstimate {
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const walk = (d: string, depth: number) => {
      if (seen.has(d) || depth > 4) return;
      seen.add(d);
      for (const c of manifests.get(d)?.children ?? []) walk(c, depth + 1);
    };
    for (const r of roots) walk(r, 0);
    return seen;
  };
  const kept = reach(images.filter((i) => i.action !== 'delete').map((i) => i.digest));
  const gone = [...reach(images.filter((i) => i.action === 'delete').map((i) => i.digest))].filter((d) => !kept.has(d));

  // An unread manifest on either side makes the figure less sure: counted, and said in the preview.
  let unknownImages = 0;
  const keptBlobs = new Set<string>();
  for (const d of kept) {
    const m = manifests.get(d);
    if (!m) unknownImages++;
    for (const b of m?.blobs ?? []) keptBlobs.add(b.digest);
  }
  const freed = new Map<string, number>();
  for (const d of gone) {
    const m = manifests.get(d);
    if (!m) {
      unknownImages++;
      continue;
    }
    for (const b of m.blobs) if (!keptBlobs.has(b.digest)) freed.set(b.digest, b.size);
  }
  let bytes = 0;
  for (const size of freed.values()) bytes += size;
  return { bytes, blobs: freed.size, unknownImages };
}

/** `12.3 MB` (decimal units, as registries and docker show sizes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

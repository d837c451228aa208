/**
 * The run's check against the preview, on a fresh listing with every tag's digest as it is now.
 * Pure. It decides what the run may do, which is never more than the preview showed:
 *
 * - A tag that goes is removed only if it still points at the digest the preview showed; one that
 *   moved is skipped, one that is gone is reported gone.
 * - An image is deleted by digest only if every tag on it now is one the preview said goes with it.
 *   A tag that appeared on it, or a kept tag moved onto it, would go with the digest: then only the
 *   previewed tags are removed alone (where the registry can), and the image stays.
 * - A tag the preview never saw is not judged: it stays, and the report names it.
 * - Referrers go only after their image, and not one that has a tag now; a referrer index or
 *   cosign tag (an image with a `subject`) only after its subject was deleted.
 */
import { shortDigest } from '../../registry';
import { tagsOfDigest } from '../tagDigests';
import type { CleanupImage, RepositoryCleanup } from './types';

export type RunStep =
  /** Delete `image.digest`; `tags` are the previewed tags on it now (all of its tags). */
  | { kind: 'delete'; image: CleanupImage; tags: string[]; referrers: string[] }
  /** Remove `tags` alone; the image stays. `because` is set when the preview said delete and the check said no. */
  | { kind: 'untag'; image: CleanupImage; tags: string[]; because?: string };

export interface RunCheck {
  steps: RunStep[];
  /** Previewed tags that will not be removed, and why. */
  skipped: { tag: string; reason: string }[];
  /** Previewed tags (that go) no longer listed: gone already. */
  gone: string[];
  /** Tags listed now that the preview never saw: not judged, kept. */
  appeared: string[];
}

export function checkRun(preview: RepositoryCleanup, fresh: ReadonlyMap<string, string>): RunCheck {
  const check: RunCheck = { steps: [], skipped: [], gone: [], appeared: [] };
  const seen = new Set(preview.tags.map((t) => t.tag));
  check.appeared = [...fresh.keys()].filter((t) => !seen.has(t)).sort();
  const removal = new Map(preview.tags.map((t) => [t.tag, t.removal]));
  const deletes: RunStep[] = [];
  const untags: RunStep[] = [];

  for (const image of preview.images) {
    if (!image.goes.length) continue;
    const live: string[] = [];
    for (const tag of image.goes) {
      const now = fresh.get(tag);
      if (now === undefined) check.gone.push(tag);
      else if (now !== image.digest)
        check.skipped.push({ tag, reason: `moved to ${shortDigest(now)} after the preview (it showed ${shortDigest(image.digest)})` });
      else if (removal.get(tag) === 'skip')
        check.skipped.push({ tag, reason: `its image stays for ${image.keptFor ?? 'a kept tag'}, and ${untagWords(preview)}` });
      else live.push(tag);
    }
    if (!live.length) continue;
    if (image.action !== 'delete') {
      untags.push({ kind: 'untag', image, tags: live });
      continue;
    }
    const extra = tagsOfDigest(fresh, image.digest).filter((t) => !live.includes(t));
    if (extra.length) {
      const words = extra.map((t) => (seen.has(t) ? `${t} (moved there after the preview)` : `${t} (new since the preview)`));
      untags.push({
        kind: 'untag',
        image,
        tags: live,
        because: `${shortDigest(image.digest)} now also carries ${words.join(', ')}, which deleting the image would remove`,
      });
      continue;
    }
    const taggedNow = new Set(fresh.values());
    const referrers: string[] = [];
    for (const r of image.referrers ?? []) {
      if (taggedNow.has(r.digest)) check.skipped.push({ tag: `${shortDigest(r.digest)} (a referrer)`, reason: 'it has a tag now; kept' });
      else referrers.push(r.digest);
    }
    deletes.push({ kind: 'delete', image, tags: live, referrers });
  }
  // Subjects before what depends on them; whole images before untags, so the first digest delete
  // can show whether the registry removes a tag alone (run.ts) before any shared image is touched.
  deletes.sort((a, b) => Number(!!a.image.subject) - Number(!!b.image.subject));
  check.steps = [...deletes, ...untags];
  check.gone.sort();
  return check;
}

/** Why a shared image's tag stays, as the preview knew it. */
export function untagWords(preview: Pick<RepositoryCleanup, 'host' | 'untag'>): string {
  return preview.untag === false
    ? `${preview.host} cannot remove a tag alone`
    : `it is not known whether ${preview.host} removes a tag alone, and no image here goes whole to try it on`;
}

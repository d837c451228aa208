/**
 * The rule engine: which tags of one repository go, which stay, and the rule that decided each;
 * then what happens to each image. Pure: facts in (tags with digests, what each image's manifest
 * said), decisions out.
 *
 * Per tag, in this order: `protect=` keeps; with `include=`, a tag matching none of it stays; a
 * tag matching `exclude=` stays; a tag whose image could not be read, or whose date is unknown
 * while a date rule applies, stays (nothing is deleted on a guess). What remains are the
 * candidates: ranked newest first, the `keep=N` newest stay, and with `older=` the young ones
 * stay; the rest go.
 *
 * Per image: a digest carrying a kept tag, or listed by a kept index (its platforms), stays,
 * because `DELETE /v2/R/manifests/<digest>` would remove the kept tag with it. Its tags that go
 * are removed alone where the registry can (`untag`), else skipped. Only an image all of whose
 * tags go is deleted by digest.
 *
 * Tags that name another image (`sha256-<hex>` referrer indexes, cosign `.sig`/`.att`/`.sbom`)
 * are not judged by the rules: they follow their image, going only when it is deleted and the
 * rules say `referrers`.
 */
import { shortDigest, subjectOfTag } from '../../registry';
import type { CleanupRules } from './rules';
import { needsDates } from './rules';
import { firstMatch } from './patterns';
import { ageInDays, dayOf, isOlderThan, rankNewestFirst, timeOf, type VersionOrder } from './rank';
import type { CleanupImage, CleanupTag, TagRemoval, UntagSupport } from './types';

export interface TagFact {
  tag: string;
  digest: string;
}

/** What a manifest said (inventory.ts reads it). */
export interface ImageFact {
  digest: string;
  mediaType?: string;
  created?: string;
  /** Why its manifest could not be read. */
  problem?: string;
  /** The digests an index lists (platforms, attestations). */
  children: string[];
  size?: number;
}

export interface EngineInput {
  tags: readonly TagFact[];
  images: ReadonlyMap<string, ImageFact>;
  rules: CleanupRules;
  /** Milliseconds since the epoch: what "older than" counts from. */
  now: number;
  untag: UntagSupport;
  versionOrder: VersionOrder;
}

export interface EngineResult {
  tags: CleanupTag[];
  images: CleanupImage[];
}

export function decideCleanup(input: EngineInput): EngineResult {
  const { rules, images, now } = input;
  const tags = dedupe(input.tags);
  const judged = new Map<string, CleanupTag>();
  const dependents: TagFact[] = [];
  const candidates: (TagFact & { time?: number; created?: string; included?: string })[] = [];
  const dated = needsDates(rules);

  for (const t of tags) {
    const image = images.get(t.digest);
    const created = image?.created;
    const keep = (rule: CleanupTag['rule'], why: string) => judged.set(t.tag, { tag: t.tag, digest: t.digest, created, goes: false, rule, why });
    if (subjectOfTag(t.tag)) {
      dependents.push(t);
      continue;
    }
    const protectedBy = firstMatch(rules.protect, t.tag);
    if (protectedBy) {
      keep('protected', `protected (protect=${protectedBy.text})`);
      continue;
    }
    const included = rules.include.length ? firstMatch(rules.include, t.tag) : undefined;
    if (rules.include.length && !included) {
      keep('not-included', `not included (matches none of include=${rules.include.map((p) => p.text).join(',')})`);
      continue;
    }
    const excludedBy = firstMatch(rules.exclude, t.tag);
    if (excludedBy) {
      keep('excluded', `excluded (exclude=${excludedBy.text})`);
      continue;
    }
    if (image?.problem) {
      keep('unreadable', `kept: its manifest could not be read (${image.problem})`);
      continue;
    }
    const time = timeOf(created);
    if (dated && time === undefined) {
      keep('date-unknown', 'kept: its image has no creation date, and a date rule applies');
      continue;
    }
    candidates.push({ ...t, time, created, included: included?.text });
  }

  const ranked = rankNewestFirst(candidates, rules.by, input.versionOrder);
  ranked.forEach((c, i) => {
    const rank = i + 1;
    const age = c.time !== undefined ? ageInDays(c.time, now) : undefined;
    const dateWords = c.time !== undefined ? `created ${dayOf(c.created)}, ${age} day${age === 1 ? '' : 's'} ago` : '';
    const base = { tag: c.tag, digest: c.digest, created: c.created };
    if (rules.keep !== undefined && rank <= rules.keep) {
      judged.set(c.tag, { ...base, goes: false, rule: 'newest', why: `one of the ${rules.keep} newest by ${rules.by} (rank ${rank} of ${ranked.length})` });
      return;
    }
    if (rules.olderThanDays !== undefined && c.time !== undefined && !isOlderThan(c.time, rules.olderThanDays, now)) {
      judged.set(c.tag, { ...base, goes: false, rule: 'recent', why: `${dateWords}: not older than ${rules.olderThanDays} days` });
      return;
    }
    const why: string[] = [];
    if (c.included) why.push(`include=${c.included}`);
    if (rules.keep !== undefined) why.push(`rank ${rank} of ${ranked.length} by ${rules.by}, outside keep=${rules.keep}`);
    if (rules.olderThanDays !== undefined) why.push(`${dateWords}, older than ${rules.olderThanDays} days`);
    judged.set(c.tag, { ...base, goes: true, rule: 'rules', why: why.join('; ') });
  });

  // Dependents follow their image; an image's fate can change once they are placed (a kept
  // referrer index on a digest that also carries tags), so settle until nothing moves.
  let result = placeImages(tags, judged, images, input.untag);
  for (let round = 0; round < 3; round++) {
    let moved = false;
    for (const d of dependents) {
      const next = dependentVerdict(d, result.images, images, rules.withReferrers);
      const before = judged.get(d.tag);
      if (before?.goes !== next.goes || before?.why !== next.why) moved = true;
      judged.set(d.tag, next);
    }
    result = placeImages(tags, judged, images, input.untag);
    if (!moved) break;
  }
  // Whether the registry removes a tag alone is tried only on an image that goes whole (run.ts):
  // with none here, a shared image's tags would stay, and the preview says so now.
  if (input.untag === undefined && !result.images.some((i) => i.action === 'delete')) {
    for (const t of result.tags) if (t.removal === 'untag') t.removal = 'skip';
  }
  // Newest first, whatever order the registry listed the tags in; images in the order of their first tag.
  const sorted = rankNewestFirst(result.tags, 'version', input.versionOrder);
  const first = new Map<string, number>();
  sorted.forEach((t, i) => first.has(t.digest) || first.set(t.digest, i));
  return { tags: sorted, images: [...result.images].sort((a, b) => (first.get(a.digest) ?? 0) - (first.get(b.digest) ?? 0)) };
}

function dependentVerdict(t: TagFact, placed: readonly CleanupImage[], images: ReadonlyMap<string, { created?: string }>, withReferrers: boolean): CleanupTag {
  const subject = subjectOfTag(t.tag)!.digest;
  const base = { tag: t.tag, digest: t.digest, created: images.get(t.digest)?.created, rule: 'referrers' as const };
  const of = placed.find((i) => i.digest === subject);
  const names = `names the referrers of ${shortDigest(subject)}`;
  if (!of) return { ...base, goes: false, why: `${names}, which no tag here points at; not judged by the rules` };
  if (of.action !== 'delete') return { ...base, goes: false, why: `${names} (${[...of.stays, ...of.goes].join(', ')}), which stays` };
  if (!withReferrers) return { ...base, goes: false, why: `${names} (${of.goes.join(', ')}), which is deleted; kept because the rules do not say referrers` };
  return { ...base, goes: true, why: `${names} (${of.goes.join(', ')}), deleted with it (referrers)` };
}

/** Groups the judged tags by digest and decides each image; sets each going tag's removal. */
function placeImages(tags: readonly TagFact[], judged: Map<string, CleanupTag>, images: ReadonlyMap<string, ImageFact>, untag: UntagSupport): EngineResult {
  const byDigest = new Map<string, CleanupTag[]>();
  for (const t of tags) {
    const j = judged.get(t.tag);
    if (j) byDigest.set(t.digest, [...(byDigest.get(t.digest) ?? []), j]);
  }
  // What kept tags point at: their digests, and the manifests their indexes list.
  const keptTags = new Map<string, string[]>();
  for (const [digest, list] of byDigest) {
    const kept = list
      .filter((t) => !t.goes)
      .map((t) => t.tag)
      .sort();
    if (kept.length) keptTags.set(digest, kept);
  }
  const keptFor = new Map<string, string>();
  for (const [digest, kept] of keptTags) keptFor.set(digest, `kept tag${kept.length === 1 ? '' : 's'} ${kept.join(', ')}`);
  // A digest kept by its own tags says so; a platform only an index keeps names the index.
  for (const [digest, kept] of keptTags) {
    for (const child of images.get(digest)?.children ?? []) if (!keptFor.has(child)) keptFor.set(child, `a platform of the kept index ${kept[0]}`);
  }

  const out: CleanupImage[] = [];
  for (const [digest, list] of byDigest) {
    const goes = list
      .filter((t) => t.goes)
      .map((t) => t.tag)
      .sort();
    const stays = list
      .filter((t) => !t.goes)
      .map((t) => t.tag)
      .sort();
    const fact = images.get(digest);
    const action = goes.length === 0 ? 'keep' : keptFor.has(digest) ? 'untag' : 'delete';
    const removal: TagRemoval = action === 'delete' ? 'delete' : untag === false ? 'skip' : 'untag';
    for (const t of list) {
      if (t.goes) t.removal = removal;
      else delete t.removal;
    }
    const subject = list.map((t) => subjectOfTag(t.tag)).find(Boolean)?.digest;
    out.push({
      digest,
      mediaType: fact?.mediaType,
      goes,
      stays,
      action,
      ...(action === 'untag' ? { keptFor: keptFor.get(digest) } : {}),
      ...(fact?.size !== undefined ? { size: fact.size } : {}),
      ...(fact?.created ? { created: fact.created } : {}),
      ...(subject && action === 'delete' ? { subject } : {}),
    });
  }
  return { tags: [...judged.values()], images: out };
}

function dedupe(tags: readonly TagFact[]): TagFact[] {
  const seen = new Set<string>();
  return tags.filter((t) => !seen.has(t.tag) && !!seen.add(t.tag));
}

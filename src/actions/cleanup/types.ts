/**
 * What a clean-up preview holds: every tag with the rule that decided it, every image with what
 * happens to it, the counts and the space estimate. Plain data (JSON-safe but for the rules'
 * patterns, which are kept as text): the run works from it, and nothing outside it is deleted.
 */
import type { Descriptor } from '../../registry';

/** Which rule decided a tag. */
export type TagRule =
  /** Matches `protect=`. */
  | 'protected'
  /** `include=` given, and the tag matches none of it. */
  | 'not-included'
  /** Matches `exclude=`. */
  | 'excluded'
  /** A date rule applies and the image's creation date is unknown: never deleted on a guess. */
  | 'date-unknown'
  /** Its manifest could not be read. */
  | 'unreadable'
  /** Among the `keep=N` newest. */
  | 'newest'
  /** Not older than `older=`. */
  | 'recent'
  /** Every rule that applies says it goes. */
  | 'rules'
  /** Names the referrers of another image (`sha256-<hex>`, cosign `.sig`): it goes only with that image, and only with `referrers`. */
  | 'referrers';

/**
 * How a tag that goes is removed. `delete`: its image is deleted by digest, with every tag on it
 * (all of which go). `untag`: its image stays (a kept tag points at it), only the tag is removed,
 * where the registry can remove a tag alone. `skip`: the same, on a registry known not to.
 */
export type TagRemoval = 'delete' | 'untag' | 'skip';

export interface CleanupTag {
  tag: string;
  digest: string;
  /** ISO date of the image, when read. */
  created?: string;
  goes: boolean;
  rule: TagRule;
  /** The rule in words, e.g. "rank 12 by version, outside keep=10; created 40 days ago, older than 30 days". */
  why: string;
  /** For a tag that goes. */
  removal?: TagRemoval;
}

export type ImageAction =
  /** Deleted by digest: every tag on it goes. */
  | 'delete'
  /** Stays (a kept tag or a kept index needs it); its tags that go are removed alone. */
  | 'untag'
  | 'keep';

export interface CleanupImage {
  digest: string;
  mediaType?: string;
  /** Tags on it that go / stay, sorted. */
  goes: string[];
  stays: string[];
  action: ImageAction;
  /** Why an image with tags that go stays, e.g. "kept tag latest" or "a platform of the kept index 1.0". */
  keptFor?: string;
  /** Config and layers (compressed); an index: its platforms' together. */
  size?: number;
  created?: string;
  /** A `sha256-<hex>` / cosign tag's image: the digest it names. It is deleted after that image, never without it. */
  subject?: string;
  /** With `referrers`: what is deleted after the image, by digest, exactly these. */
  referrers?: Descriptor[];
}

export interface SpaceEstimate {
  /** Bytes of the blobs of deleted images that no kept image of the repository uses. */
  bytes: number;
  blobs: number;
  /** Manifests (kept or deleted) whose blobs were not known (unreadable): the figure is less sure by that much. */
  unknownImages: number;
}

/**
 * Whether the registry removes a tag alone: true / false as known, undefined when not known yet
 * (the run tries it once, on an image that goes anyway).
 */
export type UntagSupport = boolean | undefined;

/** What reading the repository cost, for the preview's footer and the bench. */
export interface ReadCost {
  listings: number;
  /** HEADs or GETs by tag for digests the tree did not know. */
  tagReads: number;
  /** Tags whose digest the tree already knew (no request). */
  knownDigests: number;
  manifestReads: number;
  configReads: number;
  referrerReads: number;
}

export interface RepositoryCleanup {
  registryId: string;
  repository: string;
  /** The registry host as the client names it (messages). */
  host: string;
  /** The rule text, canonical (formatRules). */
  rules: string;
  withReferrers: boolean;
  tags: CleanupTag[];
  images: CleanupImage[];
  untag: UntagSupport;
  /** Who removes tags alone there, in words (e.g. "OCI 1.1 delete by tag"). */
  untagBy: string;
  space: SpaceEstimate;
  /** How the registry frees space afterwards, when known (distribution's garbage collection). */
  afterwards?: string;
  cost: ReadCost;
}

export interface CleanupPreview {
  id: string;
  /** ISO time the preview was made. */
  made: string;
  repositories: RepositoryCleanup[];
}

/**
 * Tag orders. "version" puts `latest` first, then version-like tags newest first, comparing
 * numbers as numbers (1.10.0 above 1.9.0) and a release above its pre-releases (1.0.0 above
 * 1.0.0-rc.1); other tags (branch names, shas) follow by name.
 */

export type TagSort = 'name' | 'version' | 'date';

interface ParsedVersion {
  numbers: number[];
  /** What follows the numbers (`-rc.1`, `-alpine`), '' for a plain release. */
  suffix: string;
}

const VERSION = /^v?(\d+(?:\.\d+){0,3})(?:([-+_].*))?$/i;

export function parseVersion(tag: string): ParsedVersion | undefined {
  const m = VERSION.exec(tag);
  if (!m) return undefined;
  return { numbers: m[1].split('.').map((n) => Number(n)), suffix: m[2] ?? '' };
}

/** Natural comparison: digit runs compare as numbers (`rc.10` after `rc.9`). */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

/** Ascending version order (older first); use negated for newest first. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  const len = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < len; i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.numbers.length !== b.numbers.length) return a.numbers.length - b.numbers.length;
  // A plain release is newer than anything with a suffix on the same numbers.
  if (!a.suffix !== !b.suffix) return a.suffix ? -1 : 1;
  return naturalCompare(a.suffix, b.suffix);
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `version` order for tag names: latest, versions newest first, then the rest by name. */
export function compareTagsByVersion(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'latest') return -1;
  if (b === 'latest') return 1;
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return -compareVersions(va, vb) || byName(a, b);
  if (va) return -1;
  if (vb) return 1;
  return naturalCompare(a, b);
}

/** What a tag sorts by in `version` order, parsed once. */
export interface VersionKey {
  name: string;
  latest: boolean;
  version?: ParsedVersion;
  /** Digit and non-digit runs of a name that is no version, for natural order. */
  runs?: string[];
}

export function versionKey(name: string): VersionKey {
  const version = parseVersion(name);
  return { name, latest: name === 'latest', version, runs: version ? undefined : (name.match(/\d+|\D+/g) ?? []) };
}

function compareRuns(ra: readonly string[], rb: readonly string[]): number {
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === y) continue;
    const nx = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const ny = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

/** `compareTagsByVersion` over parsed keys: the same order, without parsing on every comparison. */
export function compareVersionKeys(a: VersionKey, b: VersionKey): number {
  if (a.name === b.name) return 0;
  if (a.latest) return -1;
  if (b.latest) return 1;
  if (a.version && b.version) return -compareVersions(a.version, b.version) || byName(a.name, b.name);
  if (a.version) return -1;
  if (b.version) return 1;
  return compareRuns(a.runs!, b.runs!);
}

export type TagKey = { name: string } | VersionKey | { time?: number; version: VersionKey };

/**
 * An `Order` for `SortedNames` of tags. `date` reads each tag's date through `createdOf` when the
 * names are sorted: sort again (`reorder`) once dates have arrived.
 */
export function tagOrder(order: TagSort, createdOf: (tag: string) => string | undefined) {
  if (order === 'name') return { key: (name: string) => ({ name }), compare: (a: { name: string }, b: { name: string }) => byName(a.name, b.name) };
  if (order === 'version') return { key: versionKey, compare: compareVersionKeys };
  return {
    key: (name: string) => {
      const created = createdOf(name);
      const ms = created ? Date.parse(created) : NaN;
      return { time: Number.isNaN(ms) ? undefined : ms, version: versionKey(name) };
    },
    compare: (a: { time?: number; version: VersionKey }, b: { time?: number; version: VersionKey }) => {
      if (a.time !== undefined && b.time !== undefined && a.time !== b.time) return b.time - a.time;
      if ((a.time === undefined) !== (b.time === undefined)) return a.time === undefined ? 1 : -1;
      return compareVersionKeys(a.version, b.version);
    },
  };
}

/** Repositories are shown by name. */
export const repositoryOrder = { key: (name: string) => name, compare: byName };

/**
 * "Newest" for `keep=N`: version order or creation date, newest first. The version order is the
 * tree's (model/tagSort.ts: `latest` first, versions newest first, numbers compared as numbers,
 * then other tags by name); actions/ may not import the model, so the caller passes it in.
 * Ties are broken so that the order never depends on the listing's order (2.8 lists tags in no
 * order at all): equal dates by version order, and the version order itself ends with the name.
 */
import type { CleanupOrder } from './rules';

/** Newest first: negative when `a` is newer than `b`; 0 only for the same tag. */
export type VersionOrder = (a: string, b: string) => number;

export interface Rankable {
  tag: string;
  /** Milliseconds since the epoch; required for `date`. */
  time?: number;
}

/** A new array, newest first. */
export function rankNewestFirst<T extends Rankable>(tags: readonly T[], by: CleanupOrder, versionOrder: VersionOrder): T[] {
  const byName = (a: T, b: T) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);
  const out = [...tags];
  if (by === 'version') return out.sort((a, b) => versionOrder(a.tag, b.tag) || byName(a, b));
  return out.sort((a, b) => (b.time ?? 0) - (a.time ?? 0) || versionOrder(a.tag, b.tag) || byName(a, b));
}

/** Milliseconds of an ISO date, undefined when absent or not a date. */
export function timeOf(created: string | undefined): number | undefined {
  if (!created) return undefined;
  const ms = Date.parse(created);
  return Number.isNaN(ms) ? undefined : ms;
}

const DAY = 86_400_000;

/** Whole days between a date and now (0 for a date in the future). */
export function ageInDays(time: number, now: number): number {
  return Math.max(0, Math.floor((now - time) / DAY));
}

export function isOlderThan(time: number, days: number, now: number): boolean {
  return now - time > days * DAY;
}

/** `2024-01-02` */
export function dayOf(created: string | undefined): string {
  const t = timeOf(created);
  return t === undefined ? '' : new Date(t).toISOString().slice(0, 10);
}

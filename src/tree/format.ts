/** Short human forms of sizes, ages and Markdown for the tree's rows, and the words a screen reader reads for them. Pure. */

/** Decimal units like the docker CLI: `512 B`, `7.3 MB`, `1.2 GB`. */
export function formatSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return undefined;
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

type AgeUnit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

/** How old a date is, in one unit, rounded; 'now' under 45 s; undefined for a missing or bad date. Shared by the long and short forms, so a row and its tooltip agree. */
function ageOf(iso: string | undefined, now: number): { n: number; unit: AgeUnit } | 'now' | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'now';
  const steps: [number, AgeUnit][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
    [Infinity, 'year'],
  ];
  let v = s;
  for (const [size, unit] of steps) {
    if (v < size) return { n: Math.round(v), unit };
    v /= size;
  }
  return undefined;
}

/** `just now`, `5 minutes ago`, `3 days ago`, `2 years ago`; undefined for a missing or bad date. */
export function formatAge(iso: string | undefined, now: number): string | undefined {
  const age = ageOf(iso, now);
  if (age === undefined) return undefined;
  if (age === 'now') return 'just now';
  return `${age.n} ${age.unit}${age.n === 1 ? '' : 's'} ago`;
}

const SHORT_UNITS: Record<AgeUnit, string> = { second: 's', minute: 'm', hour: 'h', day: 'd', month: 'mo', year: 'y' };

/** Compact ages for a row that must fit a narrow side bar: `now`, `5m`, `3h`, `5d`, `2mo`, `3y`. */
export function formatShortAge(iso: string | undefined, now: number): string | undefined {
  const age = ageOf(iso, now);
  if (age === undefined) return undefined;
  return age === 'now' ? 'now' : `${age.n}${SHORT_UNITS[age.unit]}`;
}

const SIZE_WORDS: Record<string, string> = { B: 'bytes', kB: 'kilobytes', MB: 'megabytes', GB: 'gigabytes', TB: 'terabytes' };

/** A size as a screen reader says it: `450 bytes`, `7.3 megabytes`. */
export function sizeWords(bytes: number | undefined): string | undefined {
  const short = formatSize(bytes);
  if (!short) return undefined;
  if (bytes === 1) return '1 byte';
  const [n, unit] = short.split(' ');
  return `${n} ${SIZE_WORDS[unit] ?? unit}`;
}

/** An age as a screen reader says it: `3 years old`, `created just now`. */
export function ageWords(iso: string | undefined, now: number): string | undefined {
  const age = formatAge(iso, now);
  if (!age) return undefined;
  return age === 'just now' ? 'created just now' : age.replace(/ ago$/, ' old');
}

/** Escapes text for a Markdown tooltip. */
export function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

/** A rate-limit window: `6 h`, `1 min`, `30 s`. */
export function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

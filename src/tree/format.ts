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

/** `just now`, `5 minutes ago`, `3 days ago`, `2 years ago`; undefined for a missing or bad date. */
export function formatAge(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  const steps: [number, string][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
    [Infinity, 'year'],
  ];
  if (s < 45) return 'just now';
  let v = s;
  for (const [size, unit] of steps) {
    if (v < size) {
      const n = Math.round(v);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
    v /= size;
  }
  return undefined;
}

/** Compact ages for a row that must fit a narrow side bar: `now`, `5m`, `3h`, `5d`, `2mo`, `3y`. */
export function formatShortAge(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const minutes = Math.max(0, now - t) / 60_000;
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${Math.floor(minutes)}m`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.floor(hours)}h`;
  const days = hours / 24;
  if (days < 30) return `${Math.floor(days)}d`;
  const months = days / 30;
  if (months < 12) return `${Math.floor(months)}mo`;
  return `${Math.floor(months / 12)}y`;
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

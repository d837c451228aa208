/**
 * The clean-up rules and their one written form, used alike in the input box, in the settings
 * (`registryExplorer.cleanupRules`) and at the top of a preview:
 *
 *   keep=10 by=version older=30d include=pr-*,dev-* exclude=/-rc\d+$/ protect=latest,/^v?\d+\.\d+\.\d+$/ referrers
 *
 * Clauses are separated by spaces, in any order:
 * - `keep=N` keeps the N newest candidates; `by=version` (the tree's version order, the default)
 *   or `by=date` (the image's creation date) says what newest means.
 * - `older=Dd` deletes only candidates created more than D days ago (`older=30` means days too).
 *   With `keep=`, a tag goes only when both say so: it is outside the N newest *and* old.
 * - `include=` makes only tags that match a pattern candidates (default: every tag); `exclude=`
 *   takes matching tags out; `protect=` keeps matching tags whatever else is said. Patterns are
 *   globs or `/regular expressions/` (patterns.ts), comma-separated; a clause may repeat.
 * - `referrers` also deletes the referrers (signatures, SBOMs) of each image deleted.
 * A rule text must say what goes (`keep=`, `older=` or `include=`): an empty one would delete
 * every tag.
 */
import { parsePattern, splitPatterns, type TagPattern } from './patterns';

export type CleanupOrder = 'version' | 'date';

export interface CleanupRules {
  keep?: number;
  /** What "newest" means for `keep`. */
  by: CleanupOrder;
  olderThanDays?: number;
  include: TagPattern[];
  exclude: TagPattern[];
  protect: TagPattern[];
  withReferrers: boolean;
}

export type ParsedRules = { rules: CleanupRules; problem?: undefined } | { problem: string; rules?: undefined };

const MAX_KEEP = 100_000;
const MAX_DAYS = 36_500;

export function parseRules(text: string): ParsedRules {
  const rules: CleanupRules = { by: 'version', include: [], exclude: [], protect: [], withReferrers: false };
  let by: CleanupOrder | undefined;
  const seen = new Set<string>();
  const once = (name: string): string | undefined => {
    if (seen.has(name)) return `${name}= is given twice`;
    seen.add(name);
    return undefined;
  };
  for (const clause of text.trim().split(/\s+/).filter(Boolean)) {
    const eq = clause.indexOf('=');
    const name = (eq < 0 ? clause : clause.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : clause.slice(eq + 1);
    let problem: string | undefined;
    switch (name) {
      case 'keep': {
        problem =
          once(name) ??
          (value !== undefined && /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_KEEP
            ? undefined
            : `keep= takes a whole number of tags from 1 to ${MAX_KEEP} (keep=10)`);
        rules.keep = Number(value);
        break;
      }
      case 'by': {
        problem = once(name) ?? (value === 'version' || value === 'date' ? undefined : 'by= is version or date');
        by = value as CleanupOrder;
        break;
      }
      case 'older': {
        const days = /^(\d+)d?$/.exec(value ?? '');
        problem = once(name) ?? (days && Number(days[1]) >= 1 && Number(days[1]) <= MAX_DAYS ? undefined : 'older= takes a number of days (older=30d)');
        rules.olderThanDays = days ? Number(days[1]) : undefined;
        break;
      }
      case 'include':
      case 'exclude':
      case 'protect': {
        if (!value) {
          problem = `${name}= needs a pattern (${name}=pr-* or ${name}=/^v\\d+/)`;
          break;
        }
        for (const p of splitPatterns(value)) {
          const parsed = parsePattern(p);
          if ('problem' in parsed) {
            problem = `${name}=: ${parsed.problem}`;
            break;
          }
          rules[name].push(parsed);
        }
        break;
      }
      case 'referrers': {
        problem = once(name) ?? (value === undefined || value === 'yes' ? undefined : 'referrers takes no value');
        rules.withReferrers = true;
        break;
      }
      default:
        problem = `"${clause}" is not a rule; use keep=N, by=version|date, older=Dd, include=, exclude=, protect=, referrers`;
    }
    if (problem) return { problem };
  }
  if (by && rules.keep === undefined) return { problem: 'by= says what newest means for keep=N; add keep=N or leave by= out' };
  rules.by = by ?? 'version';
  if (rules.keep === undefined && rules.olderThanDays === undefined && rules.include.length === 0) {
    return { problem: 'say what goes: keep=N (keep the N newest), older=Dd, or include=pattern; without one every tag would go' };
  }
  return { rules };
}

/** The canonical text: `parseRules(formatRules(r))` gives `r` back. */
export function formatRules(r: CleanupRules): string {
  const parts: string[] = [];
  if (r.keep !== undefined) parts.push(`keep=${r.keep}`, `by=${r.by}`);
  if (r.olderThanDays !== undefined) parts.push(`older=${r.olderThanDays}d`);
  for (const key of ['include', 'exclude', 'protect'] as const) if (r[key].length) parts.push(`${key}=${r[key].map((p) => p.text).join(',')}`);
  if (r.withReferrers) parts.push('referrers');
  return parts.join(' ');
}

/** Whether the rules read creation dates (one config read per image). */
export function needsDates(r: CleanupRules): boolean {
  return r.olderThanDays !== undefined || (r.keep !== undefined && r.by === 'date');
}

/** What the input box suggests when a repository has no saved rules. */
export const SUGGESTED_RULES = 'keep=10 by=version protect=latest';

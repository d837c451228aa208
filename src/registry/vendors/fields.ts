/**
 * What goes into a vendor's URLs, checked first (a repository, a tag, a namespace), and what comes
 * back read with care (times, byte counts): vendor answers are input from the network too.
 */
import { RegistryError } from '../errors';
import { isValidTag, repositoryProblem } from '../imageReference';
import { scrubText } from '../redact';

/** An ISO 8601 time from a date string or epoch seconds; undefined when it is not one. */
export function isoTime(v: unknown): string | undefined {
  const ms = typeof v === 'number' && Number.isFinite(v) ? v * 1000 : typeof v === 'string' && v ? Date.parse(v) : NaN;
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** A byte count a vendor reported, when it is one. */
export function byteCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/** Refuses a repository name that could not be one before it goes into a URL. */
export function checkRepository(repository: string, operation: string): void {
  const problem = repositoryProblem(repository);
  if (problem)
    throw new RegistryError({
      kind: 'invalid-reference',
      operation,
      message: `"${scrubText(repository, [], 100)}" is not a valid repository name: ${problem}.`,
    });
}

export function checkTag(tag: string, operation: string): void {
  if (!isValidTag(tag))
    throw new RegistryError({
      kind: 'invalid-reference',
      operation,
      message: `"${scrubText(tag, [], 140)}" is not a valid tag (letters, digits, _ . -, at most 128).`,
    });
}

/** The namespace a vendor lists in (a group, an owner); an `invalid-reference` error naming what it must be when it is missing or odd. */
export function requireNamespace(namespace: string | undefined, what: string, operation: string): string {
  const ns = (namespace ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (!ns || ns.length > 255 || /[\s?#%\\]/.test(ns) || ns.split('/').some((p) => !p || p === '.' || p === '..')) {
    throw new RegistryError({
      kind: 'invalid-reference',
      operation,
      message: `Name ${what} to list (${ns ? `"${scrubText(ns, [], 100)}" is not one` : 'none was given'}).`,
    });
  }
  return ns;
}

/** The page size to ask for: the caller's, within what the API allows. */
export function pageSize(asked: number | undefined, max: number, fallback = max): number {
  return Math.max(1, Math.min(Math.floor(asked ?? fallback), max));
}

/**
 * A filter's jump into the catalog: where to start (`last=`) so the first page holds the first
 * name with a prefix, and where to stop. Pure.
 */
/**
 * A `last` for the catalog that comes just before every name starting with `prefix`. Names are
 * [a-z0-9._/-], and distribution orders its catalog with `/` below every other character: so
 * before `team/` comes `team`, and before `team/r2` comes `team/r1~`.
 */
export function justBefore(prefix: string): string {
  if (prefix.endsWith('/')) return prefix.slice(0, -1);
  const last = prefix.charCodeAt(prefix.length - 1);
  return `${prefix.slice(0, -1)}${String.fromCharCode(last - 1)}~`;
}

/** The names of `pages` that start with `prefix`, ending at the first name past them (pages are in name order). */
export async function* namesStartingWith(prefix: string, pages: AsyncIterable<string[]>): AsyncIterable<string[]> {
  for await (const page of pages) {
    const hits = page.filter((n) => n.startsWith(prefix));
    if (hits.length) yield hits;
    if (page.some((n) => n > prefix && !n.startsWith(prefix))) return;
  }
}

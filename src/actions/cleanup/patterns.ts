/**
 * Tag patterns of the clean-up rules: a glob (`*` any run of characters, `?` one character,
 * everything else literal, matched against the whole tag) or a regular expression written
 * `/…/` (JavaScript syntax, optional `i` flag, matched anywhere unless anchored with `^…$`).
 * Globs are what most people write (`pr-*`); a regular expression is there for release versions
 * (`/^v?\d+\.\d+\.\d+$/`), which no glob can say.
 */

export interface TagPattern {
  /** As the user wrote it; shown in the preview as the rule that decided. */
  readonly text: string;
  test(tag: string): boolean;
}

/** A pattern, or the sentence why it is not one. */
export function parsePattern(text: string): TagPattern | { problem: string } {
  if (!text) return { problem: 'an empty pattern' };
  const regex = /^\/(.+)\/(i?)$/s.exec(text);
  if (regex) {
    try {
      const re = new RegExp(regex[1], regex[2]);
      return { text, test: (tag) => re.test(tag) };
    } catch (e) {
      return { problem: `${text} is not a regular expression (${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e)})` };
    }
  }
  if (text.startsWith('/')) return { problem: `${text} starts like a regular expression but does not end with / (or /i)` };
  const source = [...text].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`);
  return { text, test: (tag) => re.test(tag) };
}

/** The first pattern that matches `tag`, if any. */
export function firstMatch(patterns: readonly TagPattern[], tag: string): TagPattern | undefined {
  return patterns.find((p) => p.test(tag));
}

/**
 * Splits a comma-separated list of patterns. A comma inside `/…/` belongs to the regular
 * expression (`/^v\d{1,3}$/`), so a list is read pattern by pattern, not split blindly.
 */
export function splitPatterns(list: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < list.length) {
    if (list[i] === '/') {
      // A regular expression runs to the first `/` (not escaped) that is followed by an optional flag and a comma or the end.
      let j = i + 1;
      for (; j < list.length; j++) {
        if (list[j] === '\\') {
          j++;
          continue;
        }
        if (list[j] === '/' && /^i?(,|$)/.test(list.slice(j + 1))) break;
      }
      const end = Math.min(list.length, j + 1 + (list[j + 1] === 'i' ? 1 : 0));
      out.push(list.slice(i, end));
      i = end + 1;
    } else {
      const comma = list.indexOf(',', i);
      const end = comma < 0 ? list.length : comma;
      out.push(list.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

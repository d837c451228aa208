/**
 * The view's filter. One text box serves both levels, because tag names can contain neither `/`
 * nor `:` and repository names cannot contain `:`:
 *   `multi`       plain text: repositories whose name has it (all their tags), and in the others
 *                 the tags that have it
 *   `1.2*`        tags matching the glob (repositories unfiltered)
 *   `foo/*`       repositories (a `/` can only be in a repository name)
 *   `foo/*:1.*`   repositories, then tags;  `alpine:` repositories only;  `:rc` tags only
 * A pattern with `*` or `?` is a glob over the whole name; plain text matches anywhere in it.
 * Matching ignores case. A repository glob that starts with literal text (`foo/r2*`) has a
 * `repositoryPrefix`: a registry's catalog can be read from there instead of from the start.
 */

export type NameMatcher = (name: string) => boolean;

export interface ParsedFilter {
  repository?: NameMatcher;
  tag?: NameMatcher;
  /** Plain text without `/` or `:`: a repository name or a tag may have it. */
  either?: NameMatcher;
  /** The literal start of the repository pattern (`foo/r2` of `foo/r2*`), lower-case. */
  repositoryPrefix?: string;
  /** Words for the view's description, e.g. `repositories "foo/*", tags "1.*"`. */
  summary: string;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** A glob (`*`, `?`) matches the whole name; plain text matches anywhere. Empty pattern: undefined (no filter). */
export function nameMatcher(pattern: string): NameMatcher | undefined {
  const p = pattern.trim();
  if (!p) return undefined;
  if (/[*?]/.test(p)) {
    const re = globToRegExp(p);
    return (name) => re.test(name);
  }
  const needle = p.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

export function parseFilter(text: string | undefined): ParsedFilter | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  let repoPattern = '';
  let tagPattern = '';
  const colon = t.indexOf(':');
  if (colon >= 0) {
    repoPattern = t.slice(0, colon);
    tagPattern = t.slice(colon + 1);
  } else if (t.includes('/')) {
    repoPattern = t;
  } else if (!/[*?]/.test(t)) {
    return { either: nameMatcher(t), summary: `names with "${t}"` };
  } else {
    tagPattern = t;
  }
  const repository = nameMatcher(repoPattern);
  const tag = nameMatcher(tagPattern);
  if (!repository && !tag) return undefined;
  const parts = [repository ? `repositories "${repoPattern.trim()}"` : '', tag ? `tags "${tagPattern.trim()}"` : ''].filter(Boolean);
  const literal = /^[^*?]+/.exec(repoPattern.trim())?.[0];
  const repositoryPrefix = repository && literal && /[*?]/.test(repoPattern) ? literal.toLowerCase() : undefined;
  return { repository, tag, repositoryPrefix, summary: parts.join(', ') };
}

/** Validation of a tag the user types (Retag…, Copy to Repository…), with a sentence saying why. */

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Undefined when `tag` is a valid tag; otherwise what is wrong with it (for an InputBox). */
export function tagNameProblem(tag: string): string | undefined {
  if (!tag) return 'Enter a tag.';
  if (tag.length > 128) return `A tag has at most 128 characters; this one has ${tag.length}.`;
  if (/^[.-]/.test(tag)) return 'A tag may not start with "." or "-".';
  if (!TAG.test(tag)) {
    const bad = [...new Set(tag.replace(/[A-Za-z0-9_.-]/g, ''))].join(' ');
    return `A tag may contain only letters, digits, "_", "." and "-"; remove: ${bad}`;
  }
  return undefined;
}

/** Undefined when `repository` is a valid repository path (lowercase components joined by `/`). */
export function repositoryNameProblem(repository: string): string | undefined {
  if (!repository) return 'Enter a repository name, e.g. team/app.';
  if (repository.length > 255) return 'A repository name has at most 255 characters.';
  for (const part of repository.split('/')) {
    if (!part) return 'A repository name may not have an empty part (no leading, trailing or double "/").';
    if (part !== part.toLowerCase()) return `"${part}" has uppercase letters; repository names are lowercase.`;
    if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(part)) return `"${part}" is not valid: use lowercase letters and digits, with ".", "_", "__" or "-" between them.`;
  }
  return undefined;
}

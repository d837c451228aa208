/**
 * What shows under a tag: an index's platforms, and cosign's tags naming its image while the tag
 * list hides them (the referrers come from the repository's digests). Pure.
 */
import { subjectOfTag } from '../registry';
import type { ManifestDetails } from './manifestDetails';
import type { PlatformNode, RepositoryNode, TagNode } from './nodes';

/** The platform nodes of an index, each with the image its size and date are read into. */
export function platformNodesOf(repository: RepositoryNode, tag: string, index: ManifestDetails): PlatformNode[] {
  const { registryId } = repository;
  return (index.platformManifests ?? []).map((p): PlatformNode => ({
    kind: 'platform',
    registryId,
    repository: repository.repository,
    tag,
    ...p,
    image: { platform: p.platform, digest: p.digest },
  }));
}

/** Cosign's `.sig` / `.att` / `.sbom` tags among `referrerTags` that name `digest`. */
export function cosignTagsOf(referrerTags: Iterable<string>, digest: string): string[] {
  return [...referrerTags].filter((t) => {
    const subject = subjectOfTag(t);
    return subject?.digest === digest && subject.kind !== 'referrers';
  });
}

/** The loaded tag of the image a cosign tag names, if any. */
export function imageTagOf(tag: TagNode, loaded: Iterable<TagNode>): TagNode | undefined {
  const subject = subjectOfTag(tag.tag);
  if (!subject || subject.kind === 'referrers') return undefined;
  for (const t of loaded) if (t !== tag && t.details?.digest === subject.digest && !subjectOfTag(t.tag)) return t;
  return undefined;
}

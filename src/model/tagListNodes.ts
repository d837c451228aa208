/**
 * The message rows of a tag list: tags hidden because they name other images, an empty
 * repository, a filter that matches nothing, and the offer to read every tag's date before sorting a long list by date.
 */
import type { MessageNode, RepositoryNode } from './nodes';

/** Sorting a long list by date reads each tag's manifest and config: the row that asks first. */
export function readAllDatesNode(node: RepositoryNode, n: number): MessageNode {
  return {
    kind: 'message',
    registryId: node.registryId,
    repository: node.repository,
    action: 'readAllDates',
    text: `Sorted by version: sorting ${n.toLocaleString('en-US')} tags by date reads each one's manifest and config. Click to do it.`,
    detail: `About ${(2 * n).toLocaleString('en-US')} requests (fewer where tags share an image). Until then the tags are in version order.`,
  };
}

/** A filter matched none of the tags listed. */
export function noMatchNode(node: RepositoryNode, summary: string, listed: number, done: boolean): MessageNode {
  const searched = `${listed.toLocaleString('en-US')} tags ${done ? 'searched' : 'loaded'}`;
  return {
    kind: 'message',
    registryId: node.registryId,
    repository: node.repository,
    action: 'info',
    text: 'No tag matches',
    detail: `The filter shows ${summary}; none of the ${searched} matches. Clear Filter shows them all.`,
  };
}

/** A repository whose only tags name other images by digest (referrer indexes, signatures of images deleted). */
export function hiddenTagsNode(registryId: string, repository: string, hidden: number): MessageNode {
  return {
    kind: 'message',
    registryId,
    repository,
    action: 'info',
    text: `${hidden} referrer tag${hidden === 1 ? '' : 's'} hidden`,
    detail: `${repository} holds only tags that name another image by digest (sha256-… referrer indexes, cosign signatures). The setting registryExplorer.showReferrerTags shows them.`,
  };
}

/** An empty repository. Registries list a repository until their garbage collection removes it, also once its last tag is gone. */
export function noTagsNode(registryId: string, repository: string, emptiedByDelete: boolean): MessageNode {
  return {
    kind: 'message',
    registryId,
    repository,
    action: 'info',
    text: emptiedByDelete ? 'No tags left' : 'No tags',
    description: 'listed until garbage collection',
    detail: `${emptiedByDelete ? `The last tag of ${repository} was deleted. ` : `${repository} has no tags. `}The registry lists the repository until its garbage collection removes it.`,
  };
}

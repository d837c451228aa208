/**
 * The nodes of the Registries tree: a discriminated union on `kind`, plain data, no `vscode`.
 *
 * The tree model creates these objects and keeps them; the same object is handed to command
 * handlers (right-click) and fired in change events, so identity matters: code that wants a
 * node refreshed passes the object it got, not a copy. Details filled in later (digest, size…)
 * are written into the same tag node's `details`.
 */

import { isIndexMediaType } from '../registry';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface RegistryNode {
  kind: 'registry';
  registryId: string;
}

export interface RepositoryNode {
  kind: 'repository';
  registryId: string;
  repository: string;
  /** Added by hand (kept in settings `repositories`) and listed by nothing else, so Remove Repository takes it off the view. */
  addedByHand?: boolean;
}

/**
 * What is known about the image a tag points at, read after the tag is shown. Fields arrive in
 * stages while `state` is `loading` (the digest from the manifest first, the size and date once
 * the config is read).
 */
export interface TagDetails {
  state: 'loading' | 'loaded' | 'failed';
  /** Manifest digest (`sha256:…`). */
  digest?: string;
  mediaType?: string;
  /** Image: config + layers (compressed). Index: undefined. */
  size?: number;
  /** ISO date from the image config's `created` (an index's `org.opencontainers.image.created`). */
  created?: string;
  /**
   * When the tag was last pushed, as the registry's own API lists it (`source`): the date shown
   * and sorted by in place of `created`, which is then not read.
   */
  pushed?: string;
  /** Whose figures these are when the registry's own API listed them ("Quay's API"); undefined: the manifest and config. */
  source?: string;
  /** What `size` adds up when `source` gave it: the API's own count, not config + layers. */
  sizeCounts?: 'layers' | 'manifest+config+layers';
  /** `source` says the tag names an index (its platforms are read when it is expanded). */
  index?: boolean;
  /** Why the registry's API gave no details, when it failed and the manifest was read instead. */
  fallback?: string;
  /** For an index: the platforms of its image manifests; for an image: its own platform from the config. */
  platforms?: Platform[];
  /** How many referrers (signatures, SBOMs, attestations) point at the digest. */
  referrerCount?: number;
  /** An index: each platform's image, read once the index is expanded (the same objects its platform nodes hold). */
  platformImages?: PlatformImage[];
  /** Why the details could not be loaded (a sentence), when `state` is `failed`. */
  error?: string;
}

export interface TagNode {
  kind: 'tag';
  registryId: string;
  repository: string;
  tag: string;
  /** Undefined until the details are asked for. */
  details?: TagDetails;
}

/** What a platform's image is: read from its manifest and config when its index is expanded. */
export interface PlatformImage {
  platform: Platform;
  digest: string;
  /** Unset until asked for; `loading` meanwhile. */
  state?: 'loading' | 'loaded' | 'failed';
  /** Config + layers (compressed), as for a tag. */
  size?: number;
  created?: string;
  error?: string;
}

/** One manifest of an index (OCI image index / Docker manifest list). */
export interface PlatformNode {
  kind: 'platform';
  registryId: string;
  repository: string;
  /** The tag of the index this platform belongs to. */
  tag: string;
  digest: string;
  mediaType: string;
  /** The size of the platform's manifest itself (the index's descriptor). */
  size?: number;
  platform: Platform;
  /** The image behind it (size, date), once read. */
  image?: PlatformImage;
}

/** A referrer (signature, SBOM, attestation) of a manifest: a child of its image's tag node. */
export interface ReferrerNode {
  kind: 'referrer';
  registryId: string;
  repository: string;
  /** Digest of the manifest it refers to. */
  subject: string;
  digest: string;
  mediaType: string;
  artifactType?: string;
  size?: number;
}

/** "Load more…" at the end of a paged list: the catalog of a registry or the tags of a repository. */
export interface LoadMoreNode {
  kind: 'loadMore';
  registryId: string;
  /** Undefined: the catalog; otherwise the repository whose tags continue. */
  repository?: string;
  /** "Load all": every name is known; `remaining` more are not shown yet. */
  all?: boolean;
  /** How many more there are, when known. */
  remaining?: number;
  /** With a filter: how many names were searched so far (the list goes on). */
  searched?: number;
}

/**
 * A message in the tree: a failure saying what happened and offering the fix, or an explanation.
 * `action` picks the contextValue (`message.<action>`) and the command run on click.
 */
export type MessageAction = 'signIn' | 'retry' | 'editConnection' | 'noCatalog' | 'hubNamespaces' | 'info' | 'readAllDates';

export interface MessageNode {
  kind: 'message';
  registryId: string;
  /** The repository the message is about, if any (tags failed to load, …). */
  repository?: string;
  action: MessageAction;
  /** A short sentence, shown as the label. */
  text: string;
  /** A few words beside the label (the tree's description). */
  description?: string;
  /** Longer explanation for the tooltip (what it means, what to do). */
  detail?: string;
}

export type TreeNode = RegistryNode | RepositoryNode | TagNode | PlatformNode | ReferrerNode | LoadMoreNode | MessageNode;
export const isTagNode = (n: unknown): n is TagNode => isNode(n) && n.kind === 'tag';
export const isPlatformNode = (n: unknown): n is PlatformNode => isNode(n) && n.kind === 'platform';
export const isReferrerNode = (n: unknown): n is ReferrerNode => isNode(n) && n.kind === 'referrer';

export function isNode(n: unknown): n is TreeNode {
  return !!n && typeof n === 'object' && typeof (n as { kind?: unknown }).kind === 'string' && typeof (n as { registryId?: unknown }).registryId === 'string';
}

/** OCI image index or Docker manifest list (the registry client's test, shared). */
export { isIndexMediaType };

/** Whether a tag's details say it names an index: by its media type, or as the registry's API listed it. */
export function isIndexTag(details: TagDetails | undefined): boolean {
  return isIndexMediaType(details?.mediaType) || !!details?.index;
}

/** `linux/arm64/v8` */
export function platformLabel(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** A stable id for a node, unique in the tree (used as TreeItem.id and cache key). */
export function nodeId(n: TreeNode): string {
  switch (n.kind) {
    case 'registry':
      return `r:${n.registryId}`;
    case 'repository':
      return `r:${n.registryId}/${n.repository}`;
    case 'tag':
      return `t:${n.registryId}/${n.repository}:${n.tag}`;
    case 'platform':
      return `p:${n.registryId}/${n.repository}:${n.tag}@${n.digest}`;
    case 'referrer':
      return `x:${n.registryId}/${n.repository}@${n.subject}>${n.digest}`;
    case 'loadMore':
      return `m:${n.registryId}/${n.repository ?? ''}${n.all ? '*' : ''}`;
    case 'message':
      return `e:${n.registryId}/${n.repository ?? ''}#${n.action}:${n.text}`;
  }
}

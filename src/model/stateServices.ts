/** What the registry and repository states read and share: the services of the tree model. */
import type { TagNode, TreeNode } from './nodes';
import type { ClientLookup, LoginLookup, RegistryLookup, TreeModelSettings } from './services';
import type { TagDetailsLoader } from './tagDetailsLoader';

export interface StateServices {
  registries: RegistryLookup;
  clients: ClientLookup;
  credentials: LoginLookup;
  settings: () => TreeModelSettings;
  /** A node's item or children changed (undefined: the whole tree). */
  changed: (node: TreeNode | undefined) => void;
  details: TagDetailsLoader;
  /** Whether a tag node is the one the tree shows now. */
  isShown: (tag: TagNode) => boolean;
}

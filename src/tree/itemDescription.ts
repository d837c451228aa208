/** What the tree shows for a node, as plain data (describe.ts builds it, the provider renders it), and what describing needs to know. */
import type { TagNode } from '../model/nodes';
import type { RegistryInfo } from '../model/services';
import type { TagSort } from '../model/tagSort';

export interface ItemDescription {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** What a screen reader reads for the row. */
  accessibilityLabel: string;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Codicon id (`tag`, `repo`, …). */
  icon: string;
  /** Theme color id for the icon, for failures. */
  iconColor?: string;
  /** The row's default action (click or Enter): its arguments are the node, then `arguments`. */
  command?: { command: string; title: string; arguments?: unknown[] };
}

export interface DescribeContext {
  registry(registryId: string): RegistryInfo | undefined;
  now: number;
  /** The order tags are shown in (the repository tooltip names it). */
  tagSort?: TagSort;
  /** Cosign's tags naming a tag's image, which show under it. */
  artifactTags?(tag: TagNode): string[];
}

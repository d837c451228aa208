/**
 * The vscode side of the Registries tree: maps nodes to TreeItems (via the pure `describeNode`)
 * and forwards to the model. Also the `RegistryTree` that command handlers use.
 */
import * as vscode from 'vscode';
import type { RegistryTree } from '../contracts';
import { describeNode, selectionContext, type DescribeContext, type ItemDescription } from './describe';
import type { TreeModelSettings } from '../model/services';
import type { RegistryTreeModel, TreeModelDeps } from '../model/treeModel';
import type { TagNode, TreeNode } from '../model/nodes';

export const VIEW_ID = 'registryExplorer.registries';

const COLLAPSIBLE: Record<ItemDescription['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(node: TreeNode, d: ItemDescription): vscode.TreeItem {
  const item = new vscode.TreeItem(d.label, COLLAPSIBLE[d.collapsible]);
  item.id = d.id;
  item.description = d.description;
  item.contextValue = d.contextValue;
  item.iconPath = new vscode.ThemeIcon(d.icon, d.iconColor ? new vscode.ThemeColor(d.iconColor) : undefined);
  if (d.tooltip) {
    const md = new vscode.MarkdownString(d.tooltip);
    md.supportThemeIcons = true;
    item.tooltip = md;
  }
  item.accessibilityInformation = { label: d.accessibilityLabel };
  if (d.command) item.command = { command: d.command.command, title: d.command.title, arguments: [node, ...(d.command.arguments ?? [])] };
  return item;
}

export const SELECTION_CONTEXT = 'registryExplorer.selection';

export class RegistryTreeProvider implements vscode.TreeDataProvider<TreeNode>, RegistryTree, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly model: RegistryTreeModel;

  private readonly selectionSubscription: vscode.Disposable;

  constructor(
    createModel: (changed: TreeModelDeps['changed']) => RegistryTreeModel,
    private readonly settings: () => TreeModelSettings,
  ) {
    this.model = createModel((node) => this.emitter.fire(node ?? undefined));
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, canSelectMany: true, showCollapseAll: true });
    this.selectionSubscription = this.view.onDidChangeSelection((e) => {
      const values = e.selection.map((n) => describeNode(n, this.describeContext()).contextValue);
      void vscode.commands.executeCommand('setContext', SELECTION_CONTEXT, selectionContext(values));
    });
    this.showFilter();
  }

  private describeContext(): DescribeContext {
    return {
      registry: (id) => this.model.registryInfo(id),
      now: Date.now(),
      tagSort: this.settings().tagSort,
      artifactTags: (t) => this.model.artifactTags(t),
    };
  }

  /** What the view has selected (a keybinding's command acts on it: VS Code passes it no node). */
  get selection(): readonly TreeNode[] {
    return this.view.selection;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const d = describeNode(node, this.describeContext());
    const item = toTreeItem(node, d);
    // The registry tooltip carries live figures (rate limit): computed when hovered, in resolveTreeItem.
    if (node.kind === 'registry') item.tooltip = undefined;
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'registry') {
      const d = describeNode(node, this.describeContext());
      if (d.tooltip) item.tooltip = new vscode.MarkdownString(d.tooltip);
    }
    return item;
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return this.model.getChildren(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.model.getParent(node);
  }

  // ---- RegistryTree -------------------------------------------------------------------------

  refresh(node?: TreeNode): void {
    this.model.refresh(node);
  }

  /** Reloads one registry whose session started over (every registry without an id). */
  refreshRegistry(registryId?: string): void {
    this.model.refreshRegistry(registryId);
  }

  addTags(registryId: string, repository: string, tags: string[]): void {
    this.model.addTags(registryId, repository, tags);
  }

  addRepository(registryId: string, repository: string): boolean {
    return this.model.addRepository(registryId, repository);
  }

  removeTags(registryId: string, repository: string, tags: string[]): void {
    this.model.removeTags(registryId, repository, tags);
  }

  /** Re-renders from what is loaded (e.g. another sort order), without fetching again. */
  redraw(): void {
    this.emitter.fire(undefined);
  }

  loadedTags(registryId: string, repository: string): TagNode[] {
    return this.model.loadedTags(registryId, repository);
  }

  knownDigest(registryId: string, repository: string, tag: string): string | undefined {
    return this.model.knownDigest(registryId, repository, tag);
  }

  knownCreated(registryId: string, repository: string, tag: string): string | undefined {
    return this.model.knownCreated(registryId, repository, tag);
  }

  knownReferrerCount(registryId: string, repository: string, digest: string): number | undefined {
    return this.model.knownReferrerCount(registryId, repository, digest);
  }

  get filter(): string | undefined {
    return this.model.filterValue;
  }

  setFilter(text: string | undefined): void {
    this.model.setFilter(text);
    this.showFilter();
  }

  loadMore(registryId: string, repository?: string): Promise<void> {
    return this.model.loadMore(registryId, repository);
  }

  loadAll(registryId: string, repository?: string): Promise<void> {
    return this.model.loadAll(registryId, repository);
  }

  readAllDates(registryId: string, repository: string): void {
    this.model.readAllDates(registryId, repository);
  }

  search(signal?: AbortSignal, progress?: (p: { registryId: string; searched: number; matched: number }) => void): Promise<void> {
    return this.model.search(signal, progress);
  }

  private showFilter(): void {
    const summary = this.model.filterSummary;
    this.view.description = summary ? `filter: ${this.model.filterValue}` : undefined;
    this.view.message = summary ? `Showing ${summary}. Clear Filter shows everything.` : undefined;
    void vscode.commands.executeCommand('setContext', 'registryExplorer.filterActive', !!summary);
  }

  dispose(): void {
    this.selectionSubscription.dispose();
    this.view.dispose();
    this.emitter.dispose();
  }
}

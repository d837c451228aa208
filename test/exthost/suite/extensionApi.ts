// The extension under test as the suite sees it: activate() returns the CommandContext (see
// src/contracts.ts), whose tree is the real TreeDataProvider. Only public surfaces are
// used: the returned context, executeCommand, settings.
import * as vscode from 'vscode';
import type { CommandContext } from '../../../src/contracts';
import type { TreeNode } from '../../../src/model/nodes';

export const EXTENSION_ID = 'registry-explorer.registry-explorer';

/** The provider's vscode-facing methods (the context types only the model-facing part). */
export interface TreeProviderSurface {
  getChildren(node?: TreeNode): Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): vscode.TreeItem;
}

export async function activateExtension(): Promise<{ ctx: CommandContext; provider: TreeProviderSurface; ext: vscode.Extension<unknown> }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  const ctx = (await ext.activate()) as CommandContext | undefined;
  if (!ctx) throw new Error('activate() returned nothing: activation failed (see the "Registry Explorer" log)');
  return { ctx, provider: ctx.tree as unknown as TreeProviderSurface, ext };
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Children with their rendered labels, for assertions and messages. */
export async function childrenWithLabels(provider: TreeProviderSurface, node?: TreeNode) {
  const nodes = await provider.getChildren(node);
  return nodes.map((n) => ({ node: n, item: provider.getTreeItem(n), label: labelOf(provider.getTreeItem(n)) }));
}

/** Polls until `check` returns a value (details fill in lazily); fails naming what was awaited. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}${last ? `; last error: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function settingRegistries(): { url: string; username?: string; repositories?: string[] }[] {
  return vscode.workspace.getConfiguration('registryExplorer').get('registries') ?? [];
}

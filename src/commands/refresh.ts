import type { CommandContext } from '../contracts';
import { isNode, type TreeNode } from '../model/nodes';

/** The view's Refresh: re-reads Docker's logins, new clients, everything reloaded. */
export async function refresh(ctx: CommandContext): Promise<void> {
  ctx.clients.reloadLogins();
  ctx.tree.refresh();
}

/** Refresh (or Retry) on one node: reloads what is under it. */
export async function refreshNode(ctx: CommandContext, node?: unknown): Promise<void> {
  if (!isNode(node)) return refresh(ctx);
  if ((node as TreeNode).kind === 'registry' || (node as TreeNode).kind === 'message') ctx.clients.reloadLogins(node.registryId);
  ctx.tree.refresh(node);
}

export async function loadMore(ctx: CommandContext, node?: unknown): Promise<void> {
  if (isNode(node) && node.kind === 'loadMore') await ctx.tree.loadMore(node.registryId, node.repository);
}

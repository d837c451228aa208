import type { CommandContext } from '../contracts';
import { isNode } from '../model/nodes';

/** The view's Refresh: every registry's session starts over (Docker's logins read again), and the tree reloads. */
export async function refresh(ctx: CommandContext): Promise<void> {
  ctx.clients.reload();
}

/**
 * Refresh on one node reloads what is under it. On a registry, and Retry on a failure, the
 * registry's session starts over too: the failure may come from a login or connection that changed.
 */
export async function refreshNode(ctx: CommandContext, node?: unknown): Promise<void> {
  if (!isNode(node)) return refresh(ctx);
  if (node.kind === 'registry' || node.kind === 'message') ctx.clients.reload(node.registryId);
  else ctx.tree.refresh(node);
}

/** "Load more…" shows the next page; "Load all (N)" every name already known. */
export async function loadMore(ctx: CommandContext, node?: unknown): Promise<void> {
  if (!isNode(node) || node.kind !== 'loadMore') return;
  await (node.all ? ctx.tree.loadAll(node.registryId, node.repository) : ctx.tree.loadMore(node.registryId, node.repository));
}

/** The message on a long repository sorted by date: read every tag's date (the message said what it costs). */
export async function readAllDates(ctx: CommandContext, node?: unknown): Promise<void> {
  if (isNode(node) && node.kind === 'message' && node.repository) ctx.tree.readAllDates(node.registryId, node.repository);
}

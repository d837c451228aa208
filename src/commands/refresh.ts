import type { CommandContext } from './context';
export async function refresh(ctx: CommandContext): Promise<void> { ctx.tree.refresh(); }
export async function refreshNode(ctx: CommandContext, node?: any): Promise<void> { ctx.tree.refresh(node); }
export async function loadMore(ctx: CommandContext, node?: any): Promise<void> { if (node) await ctx.tree.loadMore(node.registryId, node.repository); }

import type { CommandContext } from './context';
export async function filter(_ctx: CommandContext): Promise<void> { throw new Error('Filter is not implemented yet.'); }
export async function clearFilter(ctx: CommandContext): Promise<void> { ctx.tree.setFilter(undefined); }
export async function sortTags(_ctx: CommandContext): Promise<void> { throw new Error('Sort Tags is not implemented yet.'); }

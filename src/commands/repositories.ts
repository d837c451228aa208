import type { CommandContext } from './context';
export async function addRepository(_ctx: CommandContext, ..._args: unknown[]): Promise<void> { throw new Error('Add Repository is not implemented yet.'); }
export async function removeRepository(_ctx: CommandContext, ..._args: unknown[]): Promise<void> { throw new Error('Remove Repository is not implemented yet.'); }

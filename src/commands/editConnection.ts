import type { CommandContext } from './context';

export async function editConnection(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  throw new Error('editConnection is not implemented yet.');
}

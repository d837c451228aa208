import type { CommandContext } from './context';

export async function addRegistry(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  throw new Error('addRegistry is not implemented yet.');
}

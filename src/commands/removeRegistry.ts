import type { CommandContext } from './context';

export async function removeRegistry(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  throw new Error('removeRegistry is not implemented yet.');
}

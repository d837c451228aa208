import type { CommandContext } from './context';

export async function importDockerConfig(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  throw new Error('importDockerConfig is not implemented yet.');
}

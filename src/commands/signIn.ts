import type { CommandContext } from './context';
export async function signIn(_ctx: CommandContext, ..._args: unknown[]): Promise<void> { throw new Error('Sign In is not implemented yet.'); }
export async function signOut(_ctx: CommandContext, ..._args: unknown[]): Promise<void> { throw new Error('Sign Out is not implemented yet.'); }

import * as vscode from 'vscode';
import { registryFromArg } from './support/registryArg';
import type { CommandContext } from '../contracts';

/** Removes a registry from the view and its sign-in from the keychain; the registry itself is untouched. `{ registryId, confirm: false }` skips the question. */
export async function removeRegistry(ctx: CommandContext, arg?: unknown): Promise<void> {
  const entry = await registryFromArg(ctx, arg, 'Remove which registry?');
  if (!entry) return;
  const confirmed = arg && typeof arg === 'object' && (arg as { confirm?: boolean }).confirm === false;
  if (!confirmed) {
    const remove = 'Remove';
    const choice = await vscode.window.showWarningMessage(
      `Remove ${entry.id} from Registry Explorer?`,
      { modal: true, detail: "Its sign-in kept in the OS keychain is deleted too. Nothing on the registry changes; Docker's own login (if any) stays." },
      remove,
    );
    if (choice !== remove) return;
  }
  await ctx.credentials.signOut(entry.id);
  // Leaving the settings ends the registry's session in the client pool.
  await ctx.registries.remove(entry.id);
  await ctx.clients.forgetLearned(entry.id);
}

/** Repositories added by hand, for registries without a (usable) catalog. Kept per registry in settings. */
import * as vscode from 'vscode';
import { parseReference } from '../registry';
import { isDockerHubId } from '../config/registryEntry';
import { registryFromArg } from './registryArg';
import type { CommandContext } from './context';

/** Checks a repository name; returns the name to keep (Docker Hub: `alpine` → `library/alpine`) or throws a sentence. */
export function normaliseRepository(registryId: string, name: string): string {
  const ref = parseReference(`${registryId}/${name.trim()}`);
  if (ref.tag || ref.digest) throw new Error(`Type the repository only, without :${ref.tag ?? ''}${ref.digest ? '@' + ref.digest : ''}.`);
  return ref.repository;
}

/** From a registry node, the no-catalog message, or the palette; `{ registryId, repository }` for scripts. */
export async function addRepository(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const entry = await registryFromArg(ctx, arg, 'Add a repository to which registry?');
  if (!entry) return undefined;
  const given = arg && typeof arg === 'object' && typeof (arg as { repository?: unknown }).repository === 'string' && (arg as { kind?: unknown }).kind === undefined ? (arg as { repository: string }).repository : undefined;
  const name = given ?? (await vscode.window.showInputBox({
    title: `Add Repository to ${entry.id}`,
    prompt: 'Repository name, e.g. team/app' + (isDockerHubId(entry.id) ? ' (alpine means library/alpine)' : ''),
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      try {
        normaliseRepository(entry.id, v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  }));
  if (!name?.trim()) return undefined;
  const repository = normaliseRepository(entry.id, name);
  await ctx.registries.addRepository(entry.id, repository);
  return repository;
}

export async function removeRepository(ctx: CommandContext, arg?: unknown): Promise<void> {
  const entry = await registryFromArg(ctx, arg, 'Remove a repository of which registry?');
  if (!entry) return;
  let repository = arg && typeof arg === 'object' && typeof (arg as { repository?: unknown }).repository === 'string' ? (arg as { repository: string }).repository : undefined;
  if (!repository) {
    const byHand = entry.repositories ?? [];
    if (!byHand.length) {
      void vscode.window.showInformationMessage(`${entry.id} has no repositories added by hand.`);
      return;
    }
    repository = await vscode.window.showQuickPick(byHand, { placeHolder: 'Repository to take off the list (nothing on the registry changes)', ignoreFocusOut: true });
    if (!repository) return;
  }
  if (!(entry.repositories ?? []).includes(repository)) {
    void vscode.window.showInformationMessage(`${repository} is listed by the registry's catalog, not added by hand, so there is nothing to remove.`);
    return;
  }
  await ctx.registries.removeRepository(entry.id, repository);
}

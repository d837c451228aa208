/** Repositories added by hand, for registries without a (usable) catalog. Kept per registry in settings. */
import * as vscode from 'vscode';
import { isHubNamespace, parseReference } from '../registry';
import { DOCKER_HUB_ID, hubNamespacesOf, isDockerHubId } from '../model/registryEntry';
import { registryFromArg } from './support/registryArg';
import type { CommandContext } from '../contracts';

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

/**
 * List Docker Hub Namespace…: adds a user or organisation whose repositories Docker Hub's API
 * lists under docker.io (the signed-in user's own stays listed). `{ namespace }` for scripts.
 */
export async function addNamespace(ctx: CommandContext, arg?: unknown): Promise<string[] | undefined> {
  const entry = ctx.registries.get(DOCKER_HUB_ID);
  if (!entry) {
    void vscode.window.showInformationMessage('Docker Hub is not in the view yet: add the registry docker.io first (Add Registry…).');
    return undefined;
  }
  const given = arg && typeof arg === 'object' && typeof (arg as { namespace?: unknown }).namespace === 'string' ? (arg as { namespace: string }).namespace : undefined;
  const valid = (v: string) => isHubNamespace(v.trim().toLowerCase());
  const typed = given ?? (await vscode.window.showInputBox({
    title: 'List a Docker Hub namespace',
    prompt: 'A Docker Hub user or organisation, e.g. bitnami; its repositories appear under docker.io (private ones when you may see them)',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || valid(v) ? undefined : 'A namespace is a user or organisation name: lowercase letters, digits, . _ -'),
  }));
  if (!typed?.trim()) return undefined;
  if (!valid(typed)) throw new Error(`"${typed}" is not a Docker Hub namespace (a user or organisation name).`);
  const current = hubNamespacesOf(entry, (await ctx.credentials.resolve(DOCKER_HUB_ID).catch(() => undefined))?.username);
  const namespace = typed.trim().toLowerCase();
  const namespaces = current.includes(namespace) ? current : [...current, namespace];
  await ctx.registries.update(DOCKER_HUB_ID, { namespaces });
  return namespaces;
}

/** Repositories added by hand, for registries without a (usable) catalog. Kept per registry in settings. */
import * as vscode from 'vscode';
import { isHubNamespace, isRegistryError, parseReference } from '../registry';
import { DOCKER_HUB_ID, hubNamespacesOf, isDockerHubId } from '../model/registryEntry';
import { registryFromArg } from './support/registryArg';
import { askPick, askText, isCancelled, Steps } from './support/multiStep';
import type { CommandContext } from '../contracts';

/** Checks a repository name; returns the name to keep (Docker Hub: `alpine` → `library/alpine`) or throws a sentence. */
export function normaliseRepository(registryId: string, name: string): string {
  const ref = parseReference(`${registryId}/${name.trim()}`);
  if (ref.tag || ref.digest) throw new Error(`Type the repository only, without :${ref.tag ?? ''}${ref.digest ? '@' + ref.digest : ''}.`);
  return ref.repository;
}

/**
 * From a registry node, the no-catalog message, or the palette; `{ registryId, repository }` for
 * scripts (added without the check). A typed name is checked first with one tag-list request, so
 * a typo does not become a repository that fails to load; the user may still add it anyway.
 */
export async function addRepository(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const steps = new Steps('Add Repository', 2);
  const entry = await registryFromArg(ctx, arg, 'Add a repository to which registry?', steps);
  if (!entry) return undefined;
  const given =
    arg && typeof arg === 'object' && typeof (arg as { repository?: unknown }).repository === 'string' && (arg as { kind?: unknown }).kind === undefined
      ? (arg as { repository: string }).repository
      : undefined;
  const name =
    given ??
    (await askText(steps.next(`Add Repository to ${entry.id}`), {
      prompt: 'Repository name, e.g. team/app' + (isDockerHubId(entry.id) ? ' (alpine means library/alpine)' : ''),
      validate: (v) => {
        try {
          normaliseRepository(entry.id, v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
      required: 'Type a repository name, or press Escape to cancel.',
    }));
  if (isCancelled(name) || !name.trim()) return undefined;
  const repository = normaliseRepository(entry.id, name);
  if (given === undefined && !(await existsOrAddAnyway(ctx, entry.id, repository))) return undefined;
  await ctx.registries.addRepository(entry.id, repository);
  return repository;
}

/** Whether to add: the repository lists tags, or the user chose Add Anyway after being told why not. */
async function existsOrAddAnyway(ctx: CommandContext, registryId: string, repository: string): Promise<boolean> {
  let problem: string | undefined;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Looking for ${repository} on ${registryId}…` }, async () => {
      // The first page is enough: a repository that answers exists; a 404 means it does not.
      for await (const _page of ctx.clients.get(registryId).tags(repository, { pageSize: 1 })) break;
    });
    return true;
  } catch (e) {
    problem =
      isRegistryError(e) && e.kind === 'not-found'
        ? `${repository} does not exist on ${registryId} (or this login may not see it).`
        : `${repository} could not be checked on ${registryId}: ${e instanceof Error ? e.message : String(e)}`;
  }
  const anyway = 'Add Anyway';
  const choice = await vscode.window.showWarningMessage(
    problem,
    { modal: true, detail: 'Add it anyway if it will be pushed soon or another login sees it; the view then shows why its tags do not load.' },
    anyway,
  );
  return choice === anyway;
}

export async function removeRepository(ctx: CommandContext, arg?: unknown): Promise<void> {
  const entry = await registryFromArg(ctx, arg, 'Remove a repository of which registry?');
  if (!entry) return;
  let repository =
    arg && typeof arg === 'object' && typeof (arg as { repository?: unknown }).repository === 'string' ? (arg as { repository: string }).repository : undefined;
  if (!repository) {
    const byHand = entry.repositories ?? [];
    if (!byHand.length) {
      void vscode.window.showInformationMessage(`${entry.id} has no repositories added by hand.`);
      return;
    }
    const picked = await askPick(
      'Remove Repository',
      byHand.map((r) => ({ label: r })),
      { placeholder: 'Repository to take off the list (nothing on the registry changes)' },
    );
    if (isCancelled(picked)) return;
    repository = picked.label;
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
  const given =
    arg && typeof arg === 'object' && typeof (arg as { namespace?: unknown }).namespace === 'string' ? (arg as { namespace: string }).namespace : undefined;
  const valid = (v: string) => isHubNamespace(v.trim().toLowerCase());
  const typed =
    given ??
    (await askText('List a Docker Hub namespace', {
      prompt: 'A Docker Hub user or organisation, e.g. bitnami; its repositories appear under docker.io (private ones when you may see them)',
      validate: (v) => (valid(v) ? undefined : 'A namespace is a user or organisation name: lowercase letters, digits, . _ -'),
    }));
  if (isCancelled(typed) || !typed.trim()) return undefined;
  if (!valid(typed)) throw new Error(`"${typed}" is not a Docker Hub namespace (a user or organisation name).`);
  const current = hubNamespacesOf(entry, (await ctx.credentials.resolve(DOCKER_HUB_ID).catch(() => undefined))?.username);
  const namespace = typed.trim().toLowerCase();
  const namespaces = current.includes(namespace) ? current : [...current, namespace];
  await ctx.registries.update(DOCKER_HUB_ID, { namespaces });
  return namespaces;
}

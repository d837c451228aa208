import * as vscode from 'vscode';
import { normaliseRegistryAddress, type RegistrySetting } from '../model/registryEntry';
import { registriesFromDockerConfig } from '../credentials/externalCredentials';
import type { CommandContext } from '../contracts';

/** Adds every registry Docker's config.json (auths, credHelpers) and podman's auth.json know. Their logins stay where they are and are used from there. */
export async function importDockerConfig(ctx: CommandContext): Promise<string[]> {
  const { registries, files } = await registriesFromDockerConfig();
  if (!files.length) {
    void vscode.window.showInformationMessage(
      'No Docker config.json or podman auth.json was found. Run docker login (or podman login) first, or use Add Registry.',
    );
    return [];
  }
  const added: string[] = [];
  const settings: RegistrySetting[] = [];
  const skipped: string[] = [];
  for (const id of registries) {
    let norm;
    try {
      norm = normaliseRegistryAddress(id);
    } catch {
      skipped.push(id);
      continue;
    }
    if (ctx.registries.get(norm.id) || added.includes(norm.id)) continue;
    settings.push({ url: norm.url, insecure: norm.insecure || undefined });
    added.push(norm.id);
  }
  await ctx.registries.addAll(settings);
  // Docker's logins were just read: every session starts over with them, as the view's Refresh does.
  ctx.clients.reload();
  const from = files.join(' and ');
  const msg = added.length
    ? `Added ${added.length} ${added.length === 1 ? 'registry' : 'registries'} from ${from}: ${added.join(', ')}. Their logins stay in Docker's store and are used from there.`
    : registries.length
      ? `Every registry in ${from} is already in the view.`
      : `${from} has no registry logins. Run docker login first, or use Add Registry.`;
  void vscode.window.showInformationMessage(skipped.length ? `${msg} Skipped (not a registry address): ${skipped.join(', ')}.` : msg);
  return added;
}

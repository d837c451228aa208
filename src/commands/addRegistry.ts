/**
 * Add Registry: address → normalise → ping → ask for credentials only if the registry asks for
 * them and none are found in Docker's config → verify → keep (secret in SecretStorage, entry
 * in settings).
 */
import * as vscode from 'vscode';
import { isRegistryError, type Credentials, type PingResult } from '../registry';
import { createRegistryClient } from '../config/clientPool';
import { normaliseRegistryAddress, type RegistrySetting } from '../model/registryEntry';
import { askAndVerifyCredentials, givenCredentials, verify } from './support/askCredentials';
import { askText, isCancelled, Steps } from './support/multiStep';
import type { CommandContext } from '../contracts';

/** `registryExplorer.addRegistry` may be called with an address, or `{ url, username, password }` (tests, scripts). */
export async function addRegistry(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const given = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { url?: unknown }).url === 'string' ? (arg as { url: string }).url : undefined;
  // Address, user name, password; the last two only when the registry asks for a login.
  const steps = new Steps('Add Registry', 3);
  const address = given ?? (await askText(steps.next(), {
    prompt: 'Registry address: host[:port], or http://host:port for a registry without TLS.',
    placeholder: 'docker.io, ghcr.io, registry.example.com, localhost:5000',
    validate: (v) => {
      try {
        normaliseRegistryAddress(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  }));
  if (isCancelled(address) || !address.trim()) return undefined;
  const norm = normaliseRegistryAddress(address);
  if (ctx.registries.get(norm.id)) {
    void vscode.window.showInformationMessage(`${norm.id} is already in the Registries view.`);
    return norm.id;
  }
  const entry: RegistrySetting & { id: string } = { id: norm.id, url: norm.url, insecure: norm.insecure || undefined };

  let ping: PingResult | undefined;
  try {
    ping = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${norm.id}…` }, () => createRegistryClient(entry, { log: ctx.log }).ping());
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const tls = isRegistryError(e) && e.kind === 'tls';
    const addAnyway = tls ? 'Add and Edit Connection' : 'Add Anyway';
    const choice = given ? undefined : await vscode.window.showWarningMessage(`${why} Add ${norm.id} anyway?`, { modal: true }, addAnyway);
    if (choice !== addAnyway) {
      if (given) throw e;
      return undefined;
    }
    await ctx.registries.add(entry);
    if (tls) await vscode.commands.executeCommand('registryExplorer.editConnection', norm.id);
    return norm.id;
  }

  let credentials: Credentials | undefined = givenCredentials(arg);
  if (credentials) {
    const result = await verify(ctx, entry, credentials);
    if (result.problem !== undefined) throw new Error(`${result.problem} The registry was not added.`);
    credentials = result.keep;
  } else if (ping.scheme !== 'none') {
    // Through the credential service, so the tree reuses what it found (and it logs the source).
    const found = await ctx.credentials.resolve(norm.id).catch(() => undefined);
    if (!found && !given) {
      const asked = await askAndVerifyCredentials(ctx, entry, steps, { anonymous: true, reason: `${norm.id} asks for a sign-in (${ping.scheme}). User name, or leave empty to browse anonymously.` });
      // Escape at the user name or the password: nothing is added.
      if (isCancelled(asked)) return undefined;
      credentials = asked;
    }
  }
  if (credentials) await ctx.credentials.storeSignIn(norm.id, credentials);
  const { id: _id, ...setting } = entry;
  await ctx.registries.add({ ...setting, username: credentials?.username });
  if (!given) void vscode.window.showInformationMessage(credentials?.username ? `Added ${norm.id}, signed in as ${credentials.username}.` : `Added ${norm.id}${ping.scheme === 'none' ? '' : ', browsing anonymously'}.`);
  return norm.id;
}

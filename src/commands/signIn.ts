/** Sign In / Sign Out of a registry. The secret goes to SecretStorage (the OS keychain on desktop). */
import * as vscode from 'vscode';
import type { Credentials } from '../registry';
import { dockerHelperForStore } from '../credentials/externalCredentials';
import { helperStore } from '../credentials/credentialHelper';
import { helperServerUrl } from '../credentials/dockerConfig';
import { askAndVerifyCredentials, givenCredentials, verify } from './support/askCredentials';
import { registryFromArg } from './support/registryArg';
import { isCancelled, Steps } from './support/multiStep';
import type { CommandContext } from '../contracts';
import { isDockerHubId } from '../model/registryEntry';

/**
 * From a registry or sign-in message node, or the palette. Programmatic callers may pass
 * `{ registryId, username, password, storeInDocker? }`.
 */
export async function signIn(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  // Registry (unless the node or argument names it), user name, password.
  const steps = new Steps('Sign In', 3);
  const entry = await registryFromArg(ctx, arg, 'Sign in to which registry?', steps);
  if (!entry) return false;
  let credentials: Credentials | undefined = givenCredentials(arg);
  if (credentials) {
    const result = await verify(ctx, entry, credentials);
    if (result.problem !== undefined) throw new Error(`${result.problem} Nothing was changed.`);
    credentials = result.keep;
  } else {
    const asked = await askAndVerifyCredentials(ctx, entry, steps, { username: entry.username });
    if (isCancelled(asked) || !asked) return false;
    credentials = asked;
  }
  await ctx.credentials.storeSignIn(entry.id, credentials);
  await ctx.registries.update(entry.id, { username: credentials.username });
  const storeInDocker = arg && typeof arg === 'object' ? (arg as { storeInDocker?: boolean }).storeInDocker : undefined;
  const offered = await offerDockerStore(entry.id, credentials, storeInDocker);
  if (!offered)
    void vscode.window.showInformationMessage(
      `Signed in to ${entry.id} as ${credentials.username ?? "the token's user"}. The login is kept in the OS keychain.`,
    );
  return true;
}

/**
 * When Docker is set up with a credential helper for this registry, offers to keep the login there
 * too, so the docker CLI shares it. True when the offer (which confirms the sign-in) was shown.
 */
async function offerDockerStore(registryId: string, credentials: Credentials, decided: boolean | undefined): Promise<boolean> {
  const helper = await dockerHelperForStore(registryId).catch(() => undefined);
  if (!helper || decided === false) return false;
  if (decided === undefined) {
    const yes = 'Store in Docker';
    const choice = await vscode.window.showInformationMessage(
      `Signed in to ${registryId}. Also store this login in Docker's credential store (docker-credential-${helper}), so docker push/pull use it too?`,
      yes,
      'Not Now',
    );
    if (choice !== yes) return true;
  }
  try {
    await helperStore(helper, helperServerUrl(registryId), credentials);
    void vscode.window.showInformationMessage(`The login for ${registryId} is now also in docker-credential-${helper}.`);
  } catch (e) {
    void vscode.window.showWarningMessage(`Signed in here, but storing the login in Docker's credential store failed: ${(e as Error).message}`);
  }
  return true;
}

/**
 * Signs out of the login kept here. A login that comes from Docker's or podman's config is not
 * VS Code's to remove: the message says where it comes from and which command removes it.
 */
export async function signOut(ctx: CommandContext, arg?: unknown): Promise<void> {
  const entry = await registryFromArg(ctx, arg, 'Sign out of which registry?');
  if (!entry) return;
  const wasHere = await ctx.credentials.isSignedInHere(entry.id);
  if (wasHere) {
    await ctx.credentials.signOut(entry.id);
    await ctx.registries.update(entry.id, { username: undefined });
  }
  const fallback = await ctx.credentials.resolve(entry.id);
  const logout = fallback && `${fallback.source === 'podman' ? 'podman' : 'docker'} logout${isDockerHubId(entry.id) ? '' : ` ${entry.id}`}`;
  let text: string;
  if (wasHere)
    text = fallback
      ? `Signed out of ${entry.id} in VS Code. Requests now use ${fallback.username ?? 'the login'} from ${fallback.sourceLabel}; \`${logout}\` removes that one.`
      : `Signed out of ${entry.id}. Requests now go out anonymously.`;
  else
    text = fallback
      ? `The login for ${entry.id} (${fallback.username ?? 'a token'}) comes from ${fallback.sourceLabel}, not from VS Code; \`${logout}\` removes it.`
      : `You are not signed in to ${entry.id}; requests go out anonymously.`;
  void vscode.window.showInformationMessage(text);
}

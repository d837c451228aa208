/** Sign In / Sign Out of a registry. The secret goes to SecretStorage (the OS keychain on desktop). */
import * as vscode from 'vscode';
import type { Credentials } from '../registry';
import { dockerHelperForStore } from '../credentials/externalCredentials';
import { helperStore } from '../credentials/credentialHelper';
import { helperServerUrl } from '../credentials/dockerConfig';
import { askAndVerifyCredentials, givenCredentials, verify } from './support/askCredentials';
import { registryFromArg } from './support/registryArg';
import type { CommandContext } from '../contracts';

/**
 * From a registry or sign-in message node, or the palette. Programmatic callers may pass
 * `{ registryId, username, password, storeInDocker? }`.
 */
export async function signIn(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const entry = await registryFromArg(ctx, arg, 'Sign in to which registry?');
  if (!entry) return false;
  let credentials: Credentials | undefined = givenCredentials(arg);
  if (credentials) {
    const result = await verify(ctx, entry, credentials);
    if (result.problem !== undefined) throw new Error(`${result.problem} Nothing was changed.`);
    credentials = result.keep;
  } else {
    credentials = await askAndVerifyCredentials(ctx, entry, { username: entry.username });
    if (!credentials) return false;
  }
  await ctx.credentials.storeSignIn(entry.id, credentials);
  await ctx.registries.update(entry.id, { username: credentials.username });
  const storeInDocker = arg && typeof arg === 'object' ? (arg as { storeInDocker?: boolean }).storeInDocker : undefined;
  await offerDockerStore(entry.id, credentials, storeInDocker);
  return true;
}

/** When Docker is set up with a credential helper for this registry, offers to keep the login there too, so the docker CLI shares it. */
async function offerDockerStore(registryId: string, credentials: Credentials, decided: boolean | undefined): Promise<void> {
  const helper = await dockerHelperForStore(registryId).catch(() => undefined);
  if (!helper || decided === false) return;
  if (decided === undefined) {
    const yes = 'Store in Docker';
    const choice = await vscode.window.showInformationMessage(
      `Signed in to ${registryId}. Also store this login in Docker's credential store (docker-credential-${helper}), so docker push/pull use it too?`,
      yes,
      'Not Now',
    );
    if (choice !== yes) return;
  }
  try {
    await helperStore(helper, helperServerUrl(registryId), credentials);
    void vscode.window.showInformationMessage(`The login for ${registryId} is now also in docker-credential-${helper}.`);
  } catch (e) {
    void vscode.window.showWarningMessage(`Signed in here, but storing the login in Docker's credential store failed: ${(e as Error).message}`);
  }
}

export async function signOut(ctx: CommandContext, arg?: unknown): Promise<void> {
  const entry = await registryFromArg(ctx, arg, 'Sign out of which registry?');
  if (!entry) return;
  await ctx.credentials.signOut(entry.id);
  await ctx.registries.update(entry.id, { username: undefined });
  const fallback = await ctx.credentials.resolve(entry.id);
  void vscode.window.showInformationMessage(
    fallback
      ? `Signed out of ${entry.id} in VS Code. Requests now use ${fallback.username ?? 'the login'} from ${fallback.sourceLabel}; run docker logout to remove that one.`
      : `Signed out of ${entry.id}. Requests now go out anonymously.`,
  );
}

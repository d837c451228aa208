/**
 * Asks for a user name and password (never echoed) and checks them with the registry before
 * anything is kept. A rejected password is asked again with the reason shown, not a pop-up.
 */
import * as vscode from 'vscode';
import { isRegistryError, type Credentials } from '../registry';
import { createRegistryClient } from '../config/clientPool';
import type { RegistrySetting } from '../config/registryEntry';
import type { CommandContext } from './context';

/** What a caller (tests, other extensions) may pass instead of typing. */
export interface GivenCredentials {
  username?: string;
  password?: string;
  identityToken?: string;
}

export function givenCredentials(arg: unknown): Credentials | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as GivenCredentials;
  if (typeof a.identityToken === 'string' && a.identityToken) return { identityToken: a.identityToken, username: a.username };
  if (typeof a.username === 'string' && typeof a.password === 'string') return { username: a.username, password: a.password };
  return undefined;
}

/** Tries credentials against the registry. Returns undefined when they work, else the sentence why not. Throws for anything but a rejection. */
export async function verify(ctx: CommandContext, entry: RegistrySetting & { id: string }, credentials: Credentials): Promise<string | undefined> {
  const client = createRegistryClient(entry, { credentials, log: ctx.log });
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the login for ${entry.id}…` }, () => client.verifyCredentials());
    return undefined;
  } catch (e) {
    if (isRegistryError(e) && (e.kind === 'unauthorized' || e.kind === 'denied')) {
      const who = 'password' in credentials ? credentials.username : 'the token';
      return `${entry.id} rejected the password for ${who}.`;
    }
    throw e;
  }
}

/**
 * Asks until the registry accepts or the user gives up. Returns the verified credentials, or
 * undefined when the user cancelled (or left the user name empty: anonymous).
 */
export async function askAndVerifyCredentials(ctx: CommandContext, entry: RegistrySetting & { id: string }, opts: { reason?: string; username?: string } = {}): Promise<Credentials | undefined> {
  const username = await vscode.window.showInputBox({
    title: `Sign in to ${entry.id}`,
    prompt: opts.reason ?? `User name for ${entry.id}. Leave empty to browse anonymously.`,
    value: opts.username ?? entry.username ?? '',
    ignoreFocusOut: true,
  });
  if (!username) return undefined;
  let problem: string | undefined;
  for (;;) {
    const password = await vscode.window.showInputBox({
      title: `Sign in to ${entry.id} as ${username}`,
      prompt: problem ? `${problem} Type it again (or a personal access token).` : `Password or access token for ${username}. It is kept in the OS keychain, never in settings.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
    if (!password) {
      problem = 'The password is empty.';
      continue;
    }
    const credentials: Credentials = { username, password };
    problem = await verify(ctx, entry, credentials);
    if (!problem) return credentials;
  }
}

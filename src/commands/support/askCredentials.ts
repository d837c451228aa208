/**
 * Asks for a user name and password (never echoed) and checks them with the registry before
 * anything is kept. A rejected password is asked again with the reason shown, not a pop-up.
 */
import * as vscode from 'vscode';
import { isRegistryError, type Credentials } from '../../registry';
import { createRegistryClient } from '../../config/clientPool';
import { isDockerHubId, type RegistrySetting } from '../../model/registryEntry';
import type { CommandContext, StepCounter } from '../../contracts';
import { askText, CANCELLED, isCancelled, type Cancelled } from './multiStep';

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

/**
 * Tries credentials against the registry. `keep` is what to store when they work: like `docker
 * login`, a password is traded for an identity (refresh) token when the token server offers one,
 * so the password itself is not kept. `problem` is the sentence why they do not work. Throws for
 * anything but a rejection.
 */
export async function verify(
  ctx: CommandContext,
  entry: RegistrySetting & { id: string },
  credentials: Credentials,
): Promise<{ keep: Credentials; problem?: undefined } | { problem: string; keep?: undefined }> {
  const client = createRegistryClient(entry, { credentials, log: ctx.log });
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the login for ${entry.id}…` }, () =>
      client.verifyCredentials(),
    );
  } catch (e) {
    if (isRegistryError(e) && (e.kind === 'unauthorized' || e.kind === 'denied')) {
      const who = 'password' in credentials ? credentials.username : 'the token';
      return { problem: `${entry.id} rejected the password for ${who}.` };
    }
    throw e;
  }
  // Docker Hub's own API (namespace listing) needs the password or access token itself.
  if (!('password' in credentials) || isDockerHubId(entry.id)) return { keep: credentials };
  const identityToken = await client.identityToken?.().catch((e) => {
    ctx.log.info(`${entry.id}: no identity token (${e instanceof Error ? e.message : String(e)}); the password is kept in the keychain.`);
    return undefined;
  });
  return { keep: identityToken ? { username: credentials.username, identityToken } : credentials };
}

/**
 * Asks for a user name, then a password until the registry accepts it, as steps of `steps`.
 * Returns the verified credentials; undefined when the user name was left empty and `anonymous`
 * allows that (Add Registry: browse anonymously); CANCELLED on Escape at either step.
 */
export async function askAndVerifyCredentials(
  ctx: CommandContext,
  entry: RegistrySetting & { id: string },
  steps: StepCounter,
  opts: { reason?: string; username?: string; anonymous?: boolean } = {},
): Promise<Credentials | undefined | Cancelled> {
  const username = await askText(steps.next(`Sign in to ${entry.id}`), {
    prompt: opts.reason ?? (opts.anonymous ? `User name for ${entry.id}. Leave empty to browse anonymously.` : `User name for ${entry.id}.`),
    value: opts.username ?? entry.username ?? '',
    required: opts.anonymous ? undefined : 'Type the user name to sign in with, or press Escape to cancel.',
  });
  if (isCancelled(username)) return CANCELLED;
  if (!username.trim()) return undefined;
  const user = username.trim();
  let problem: string | undefined;
  // One step, asked again after a rejection: the counter stays on it.
  const at = steps.next(`Sign in to ${entry.id} as ${user}`);
  for (;;) {
    const password = await askText(at, {
      prompt: problem
        ? `${problem} Type it again (or a personal access token).`
        : `Password or access token for ${user}. It is kept in the OS keychain, never in settings.`,
      password: true,
      required: 'The password is empty. Type it, or press Escape to cancel.',
    });
    if (isCancelled(password)) return CANCELLED;
    const result = await verify(ctx, entry, { username: user, password });
    if (result.problem === undefined) return result.keep;
    problem = result.problem;
  }
}

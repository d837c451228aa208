/**
 * Failures become message nodes in the tree, each saying what happened and offering the fix
 * (sign in, retry, edit connection), instead of pop-ups or silently empty lists. Pure.
 */
import { isRegistryError } from '../registry';
import type { MessageNode } from './nodes';

export interface FailureContext {
  registryId: string;
  /** The repository being listed, if any. */
  repository?: string;
  /** Who the request went out as; undefined: anonymous. */
  username?: string;
  /** The credentials are an identity token rather than a password. */
  token?: boolean;
  /** true: the registry rejected the credentials themselves (verified), not just this request. */
  credentialsRejected?: boolean;
}

function what(ctx: FailureContext): string {
  return ctx.repository ? `the tags of ${ctx.repository}` : 'the repositories';
}

function message(ctx: FailureContext, action: MessageNode['action'], text: string, detail?: string): MessageNode {
  return { kind: 'message', registryId: ctx.registryId, repository: ctx.repository, action, text, detail };
}

/** The sign-in failure sentence, e.g. "Sign-in failed for HOST: the registry rejected alice's password. Sign in again." */
export function signInFailedNode(ctx: FailureContext): MessageNode {
  const secret = ctx.token ? 'token' : 'password';
  const whose = ctx.username ? `${ctx.username}'s ${secret}` : `the stored ${secret}`;
  return message(ctx, 'signIn', `Sign-in failed for ${ctx.registryId}: the registry rejected ${whose}. Sign in again.`, 'The password or token may have changed or expired. Click to sign in again; the new login is kept in the OS keychain.');
}

/** Maps any failure of a listing to one message node. */
export function failureNode(err: unknown, ctx: FailureContext): MessageNode {
  if (err instanceof Error && (err as { kind?: string }).kind === 'connection-setting') {
    return message(ctx, 'editConnection', err.message, 'Click to edit the connection settings of this registry.');
  }
  if (!isRegistryError(err)) {
    const text = err instanceof Error ? err.message : String(err);
    return message(ctx, 'retry', `Could not load ${what(ctx)} of ${ctx.registryId}: ${text}`, 'Click to try again. The log (Registry Explorer: Show Log) has the requests.');
  }
  const hint = err.hint ? ` ${err.hint}` : '';
  switch (err.kind) {
    case 'unauthorized':
      if (ctx.credentialsRejected) return signInFailedNode(ctx);
      if (!ctx.username && !ctx.token) {
        return message(ctx, 'signIn', `${ctx.registryId} wants you to sign in to see ${what(ctx)}. Sign in.`, `${err.message} Click to sign in; the login is kept in the OS keychain.`);
      }
      return message(ctx, 'signIn', `${ctx.username ?? 'This login'} may not see ${what(ctx)} on ${ctx.registryId}. Sign in as another user.`, `${err.message}${hint}`);
    case 'denied':
      return message(ctx, 'signIn', `${ctx.registryId} denied ${ctx.username ?? 'anonymous'} access to ${what(ctx)}. Sign in as another user.`, `${err.message}${hint}`);
    case 'tls':
      return message(ctx, 'editConnection', `${ctx.registryId}: the certificate is not trusted. Edit the connection to add its CA or skip verification.`, `${err.message}${hint}`);
    case 'not-found':
      return message(ctx, 'retry', ctx.repository ? `${ctx.repository} was not found on ${ctx.registryId}. Retry, or remove it if it was deleted.` : `${ctx.registryId} answered "not found" for the repository list. Retry.`, `${err.message}${hint}`);
    case 'network':
    case 'timeout':
      return message(ctx, 'retry', `${ctx.registryId} cannot be reached. Retry when it is up.`, `${err.message}${hint}`);
    case 'rate-limited':
      return message(ctx, 'retry', `${ctx.registryId} is rate limiting requests. Retry later.`, `${err.message}${hint}`);
    case 'server':
      return message(ctx, 'retry', `${ctx.registryId} failed with a server error. Retry later.`, `${err.message}${hint}`);
    case 'invalid-reference':
      return message(ctx, 'editConnection', `${ctx.registryId}: ${err.message}`, err.hint);
    default:
      return message(ctx, 'retry', `Could not load ${what(ctx)} of ${ctx.registryId}. Retry.`, `${err.message}${hint}`);
  }
}

/** Catalog refusals that mean "this registry (or this login) has no catalog", not a failure. */
export function isNoCatalogFailure(err: unknown): boolean {
  return isRegistryError(err) && (err.kind === 'not-found' || err.kind === 'unsupported' || err.kind === 'denied' || err.kind === 'unauthorized');
}

export function noCatalogNode(registryId: string, reason: 'by-design' | 'refused', username?: string, namespaces?: string[]): MessageNode {
  if (namespaces?.length) {
    return {
      kind: 'message',
      registryId,
      action: 'hubNamespaces',
      text: `Listed: the namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}. Add a repository or another namespace.`,
      detail: 'Docker Hub has no catalog; its own API lists the repositories of a user or organisation (private ones when you are signed in). Click to add any other repository by name, e.g. library/alpine; List Docker Hub Namespace… adds an organisation.',
    };
  }
  const text = reason === 'by-design'
    ? `${registryId} does not list its repositories. Add the ones you use.`
    : `${registryId} does not let ${username ?? 'anonymous users'} list its repositories. Add the ones you use.`;
  const detail = reason === 'by-design'
    ? 'This registry has no catalog API (Docker Hub, GHCR and others do not offer one). Click to add a repository by name, e.g. library/alpine; it is kept in settings.'
    : 'Listing repositories needs the registry:catalog:* permission, which this login does not have. Click to add a repository by name; it is kept in settings.';
  return { kind: 'message', registryId, action: 'noCatalog', text, detail };
}

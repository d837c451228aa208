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

/** What failed to load, in the fewest words (the row sits under the registry or repository it is about). */
function what(ctx: FailureContext): string {
  return ctx.repository ? 'the tags' : 'the repositories';
}

/** `text` is a short sentence for the row (it must fit a 300 px side bar); `detail`, for the tooltip, says the rest. */
function message(ctx: FailureContext, action: MessageNode['action'], text: string, detail?: string): MessageNode {
  return { kind: 'message', registryId: ctx.registryId, repository: ctx.repository, action, text, detail };
}

/** The sign-in failure: "alice's password was rejected". */
export function signInFailedNode(ctx: FailureContext): MessageNode {
  const secret = ctx.token ? 'token' : 'password';
  const whose = ctx.username ? `${ctx.username}'s ${secret}` : `The stored ${secret}`;
  return message(
    ctx,
    'signIn',
    `${whose} was rejected`,
    `${ctx.registryId} rejected the login: the password or token may have changed or expired. Sign in again; the new login is kept in the OS keychain.`,
  );
}

/** Maps any failure of a listing to one message node. */
export function failureNode(err: unknown, ctx: FailureContext): MessageNode {
  if (err instanceof Error && (err as { kind?: string }).kind === 'connection-setting') {
    return message(ctx, 'editConnection', 'Connection setting unusable', `${err.message} Edit the connection of ${ctx.registryId} to fix it.`);
  }
  if (!isRegistryError(err)) {
    const text = err instanceof Error ? err.message : String(err);
    return message(ctx, 'retry', `Could not load ${what(ctx)}`, `${text} Retry, or see the requests in the log (Registry Explorer: Show Log).`);
  }
  const why = `${err.message}${err.hint ? ` ${err.hint}` : ''}`;
  switch (err.kind) {
    case 'unauthorized':
      if (ctx.credentialsRejected) return signInFailedNode(ctx);
      if (!ctx.username && !ctx.token) return message(ctx, 'signIn', `Sign in to see ${what(ctx)}`, `${why} The login is kept in the OS keychain.`);
      return message(
        ctx,
        'signIn',
        `Not allowed to see ${what(ctx)}`,
        `${ctx.username ?? 'This login'} may not see ${what(ctx)}${ctx.repository ? ` of ${ctx.repository}` : ''} on ${ctx.registryId}: ${why} Sign in as another user.`,
      );
    case 'denied':
      return message(
        ctx,
        'signIn',
        `Access denied to ${ctx.username ?? 'anonymous'}`,
        `${ctx.registryId} denied access to ${what(ctx)}${ctx.repository ? ` of ${ctx.repository}` : ''}: ${why} Sign in as another user.`,
      );
    case 'tls':
      return message(ctx, 'editConnection', 'Certificate not trusted', `${why} Edit the connection to add its CA, or skip verification.`);
    case 'not-found':
      return ctx.repository
        ? message(ctx, 'retry', 'Repository not found', `${ctx.repository} was not found on ${ctx.registryId}: ${why} Retry, or remove it if it was deleted.`)
        : message(ctx, 'retry', 'Repository list not found', `${ctx.registryId} answered "not found" for the repository list: ${why}`);
    case 'network':
    case 'timeout':
      return message(ctx, 'retry', 'Registry cannot be reached', `${ctx.registryId}: ${why} Retry when it is up.`);
    case 'rate-limited':
      return message(ctx, 'retry', 'Rate limited; retry later', why);
    case 'server':
      return message(ctx, 'retry', 'Server error; retry later', why);
    case 'invalid-reference':
      return message(ctx, 'editConnection', 'Address unusable', why);
    default:
      return message(ctx, 'retry', `Could not load ${what(ctx)}`, why);
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
      text: `Namespace${namespaces.length === 1 ? '' : 's'}: ${namespaces.join(', ')}`,
      detail:
        'Docker Hub has no catalog; its own API lists the repositories of these users or organisations (private ones when you are signed in). Click to add any other repository by name, e.g. library/alpine; List Docker Hub Namespace… adds an organisation.',
    };
  }
  const text = reason === 'by-design' ? 'No catalog: add repositories' : `${username ?? 'Anonymous'} may not list repositories`;
  const detail =
    reason === 'by-design'
      ? `${registryId} has no catalog API (Docker Hub, GHCR and others offer none), so it does not list its repositories. Click to add the ones you use by name, e.g. library/alpine; they are kept in settings.`
      : `Listing the repositories of ${registryId} needs the registry:catalog:* permission, which ${username ? 'this login' : 'anonymous access'} does not have. Click to add the ones you use by name; they are kept in settings.`;
  return { kind: 'message', registryId, action: 'noCatalog', text, detail };
}

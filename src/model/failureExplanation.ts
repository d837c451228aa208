/**
 * Why a listing failed, asked further where the error alone cannot tell: a 401 with credentials
 * may mean the registry rejected the credentials or only refused this request, and a refused
 * catalog usually means "this login may not list repositories", not a failure. The answers
 * become the error nodes of errorNodes.ts.
 */
import { isRegistryError, type RegistryApi } from '../registry';
import { failureNode, isNoCatalogFailure, noCatalogNode, signInFailedNode, type FailureContext } from './errorNodes';
import type { MessageNode } from './nodes';
import type { LoginLookup } from './services';

/** Who the failed request went out as, for the failure's sentence. */
export async function failureContext(logins: LoginLookup, registryId: string, repository?: string): Promise<FailureContext> {
  const login = await logins.resolve(registryId).catch(() => undefined);
  return { registryId, repository, username: login?.username, token: !!login && 'identityToken' in login.credentials };
}

/** For a 401 with credentials: were the credentials rejected, or only this request? Asks the registry. */
async function explainUnauthorized(client: RegistryApi, ctx: FailureContext): Promise<MessageNode | undefined> {
  if (!ctx.username && !ctx.token) return undefined;
  try {
    await client.verifyCredentials();
    return undefined;
  } catch (e) {
    if (isRegistryError(e) && e.kind === 'unauthorized') return signInFailedNode(ctx);
    return failureNode(e, ctx);
  }
}

/** A failed tag listing: a rejected login says so; anything else is the failure itself. */
export async function listingFailure(client: RegistryApi, err: unknown, ctx: FailureContext): Promise<MessageNode[]> {
  if (isRegistryError(err) && err.kind === 'unauthorized') {
    const rejected = await explainUnauthorized(client, ctx);
    if (rejected) return [rejected];
  }
  return [failureNode(err, ctx)];
}

/** A failed catalog: a rejected login, "this login may not list repositories", or the failure itself. */
export async function catalogFailure(client: RegistryApi, err: unknown, ctx: FailureContext): Promise<MessageNode[]> {
  if (isRegistryError(err) && err.kind === 'unauthorized') {
    const rejected = await explainUnauthorized(client, ctx);
    if (rejected) return [rejected];
  }
  if (isNoCatalogFailure(err)) {
    const anonymous = !ctx.username && !ctx.token;
    // Anonymous and refused: signing in may well give a catalog, so offer both.
    return anonymous && isRegistryError(err) && err.kind === 'unauthorized'
      ? [failureNode(err, ctx), noCatalogNode(ctx.registryId, 'refused')]
      : [noCatalogNode(ctx.registryId, 'refused', ctx.username)];
  }
  return [failureNode(err, ctx)];
}

/** What the operations (manifests.ts, blobs.ts, listing.ts) need from the client. */
import { RegistryError, httpError } from '../errors';
import { readErrorBody } from '../transport/body';
import { parseRetryAfter } from '../transport/retryLayer';
import { isValidDigest, isValidManifestReference, repositoryProblem } from '../imageReference';
import { redactUrl } from '../redact';
import type { ReplayableBody } from '../transport/http';
import type { FetchResponse, LearnedState } from '../types';

export interface OpRequest {
  method: string;
  url: string;
  scopes: string[];
  repository?: string;
  operation: string;
  headers?: Record<string, string>;
  body?: ReplayableBody;
  signal?: AbortSignal;
  /** `false`: keep an encoded body as sent (blobs). */
  decompress?: boolean;
}

export interface RegistryContext {
  host: string;
  baseUrl: string;
  learned: LearnedState;
  /**
   * Upload sessions a refused mount (202) opened, by `repository\0digest`: the upload that
   * follows sends its PUT there instead of opening another session (one round trip less, and no
   * session left dangling in the registry).
   */
  openUploads: Map<string, string>;
  /**
   * Set when the registry answered the referrers API with a 404 that is not a registry error
   * (no such route: distribution 2.x): later lookups go straight to the tag schema. Kept for the
   * client's lifetime only, so a registry upgraded meanwhile is asked again next session.
   */
  noReferrersApi?: boolean;
  request(r: OpRequest): Promise<FetchResponse>;
}

/** Throws the RegistryError for a response the operation did not expect. */
export async function fail(ctx: RegistryContext, res: FetchResponse, req: OpRequest, subject?: string, readBody?: string): Promise<never> {
  const body = readBody ?? (req.method === 'HEAD' ? '' : await readErrorBody(res));
  const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), Date.now()) : undefined;
  throw httpError({ operation: req.operation, host: ctx.host, status: res.status, url: redactUrl(req.url), body, subject, retryAfterMs });
}

function invalid(operation: string, message: string): RegistryError {
  return new RegistryError({
    kind: 'invalid-reference',
    operation,
    message,
    hint: 'Repository names are lowercase paths (team/app); tags are up to 128 letters, digits, _ . -; digests are sha256: and 64 hex digits (or sha512: and 128).',
  });
}

export function checkRepository(repository: string, operation: string): void {
  const p = repositoryProblem(repository);
  if (p) throw invalid(operation, `"${repository}" is not a valid repository name: ${p}.`);
}

export function checkManifestReference(reference: string, operation: string): void {
  if (!isValidManifestReference(reference)) throw invalid(operation, `"${reference}" is neither a valid tag nor a valid digest.`);
}

export function checkDigest(digest: string, operation: string): void {
  if (!isValidDigest(digest)) throw invalid(operation, `"${digest}" is not a valid digest (sha256: and 64 lowercase hex digits, or sha512: and 128).`);
}

export function repoUrl(ctx: RegistryContext, repository: string, rest: string): string {
  return `${ctx.baseUrl}/v2/${repository}/${rest}`;
}

/** Manifest GET / HEAD / PUT / DELETE, with digest verification, exact bytes and a checked shape. */
import { digestMismatch, digestOf, drain, parseJson, readBody, readErrorBody } from '../transport/body';
import { checkDigest, checkManifestReference, checkRepository, fail, repoUrl, type OpRequest, type RegistryContext } from './registryContext';
import { RegistryError, parseErrorBody } from '../errors';
import { LIMITS } from '../limits';
import { MEDIA, parseManifest } from '../oci';
import { isValidDigest, isValidTag } from '../imageReference';
import { redactUrl } from '../redact';
import { repositoryScope } from '../transport/scope';
import type { CallOptions, ManifestHead, ManifestResult } from '../types';

export { MEDIA, isIndexMediaType } from '../oci';

/** GHCR refuses to serve an index unless asked for it: always name every kind we read. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest, `${MEDIA.dockerV1Signed};q=0.5`].join(', ');

const MEDIA_TYPE = /^[A-Za-z0-9][\w.+-]{0,126}\/[A-Za-z0-9][\w.+-]{0,126}$/;

/** A media type from a header or the JSON, when it is one; anything else is not passed on. */
function mediaTypeOf(contentType: string | null, json?: unknown): string {
  const ct = contentType?.split(';')[0].trim();
  const fromJson = (json as { mediaType?: unknown } | undefined)?.mediaType;
  if (ct && MEDIA_TYPE.test(ct) && ct !== 'application/json' && ct !== 'text/plain' && ct !== 'application/octet-stream') return ct;
  if (typeof fromJson === 'string' && MEDIA_TYPE.test(fromJson)) return fromJson;
  return ct && MEDIA_TYPE.test(ct) ? ct : MEDIA.dockerManifest;
}

/** A `Docker-Content-Digest` the client can use: well formed and of an algorithm it verifies; otherwise ignored. */
function digestHeader(value: string | null): string | undefined {
  const v = value?.trim();
  return isValidDigest(v) ? v : undefined;
}

const nameOf = (repository: string, reference: string) => `${repository}${reference.includes(':') ? '@' : ':'}${reference}`;

function manifestRequest(ctx: RegistryContext, method: string, repository: string, reference: string, operation: string, signal?: AbortSignal): OpRequest {
  return {
    method,
    url: repoUrl(ctx, repository, `manifests/${reference}`),
    scopes: [repositoryScope(repository, 'pull')],
    repository,
    operation,
    headers: { accept: MANIFEST_ACCEPT },
    signal,
  };
}

export async function getManifest(
  ctx: RegistryContext,
  repository: string,
  reference: string,
  opts: CallOptions & { maxBytes?: number } = {},
): Promise<ManifestResult> {
  const name = nameOf(repository, reference);
  const operation = `read manifest ${name}`;
  checkRepository(repository, operation);
  checkManifestReference(reference, operation);
  const req = manifestRequest(ctx, 'GET', repository, reference, operation, opts.signal);
  const res = await ctx.request(req);
  if (res.status !== 200) return fail(ctx, res, req, name);
  const url = redactUrl(req.url);
  const read = { what: `the manifest ${name}`, operation, url, host: ctx.host };
  const bytes = await readBody(res, opts.maxBytes ?? LIMITS.manifestBytes, read);
  const digest = verifiedDigest(bytes, reference, digestHeader(res.headers.get('docker-content-digest')), read);
  const json = parseJson(bytes, read);
  const mediaType = mediaTypeOf(res.headers.get('content-type'), json);
  const manifest = parseManifest(json, mediaType, { name, digest, host: ctx.host, operation, url });
  return { digest, mediaType, bytes, json, manifest };
}

/**
 * The digest of received bytes, checked against the reference (when it is a digest) and the
 * registry's Docker-Content-Digest (when it sent a usable one), each with its own algorithm.
 */
function verifiedDigest(bytes: Buffer, reference: string, sent: string | undefined, c: { what: string; operation: string; url: string; host: string }): string {
  if (reference.includes(':')) {
    const computed = digestOf(bytes, reference);
    if (computed !== reference) throw digestMismatch(reference, computed, c);
  }
  if (sent) {
    const computed = digestOf(bytes, sent);
    if (computed !== sent) throw digestMismatch(sent, computed, c);
    return reference.includes(':') ? reference : sent;
  }
  return reference.includes(':') ? reference : digestOf(bytes);
}

export async function headManifest(ctx: RegistryContext, repository: string, reference: string, opts: CallOptions = {}): Promise<ManifestHead | undefined> {
  const operation = `check manifest ${nameOf(repository, reference)}`;
  checkRepository(repository, operation);
  checkManifestReference(reference, operation);
  const req = manifestRequest(ctx, 'HEAD', repository, reference, operation, opts.signal);
  const res = await ctx.request(req);
  if (res.status === 404) {
    await drain(res);
    return undefined;
  }
  if (res.status !== 200) return fail(ctx, res, req);
  await drain(res);
  const sent = digestHeader(res.headers.get('docker-content-digest'));
  // A digest reference names itself; a header for another digest is a lie, not a hint.
  const digest = reference.includes(':') ? (sent === undefined || sent === reference ? reference : undefined) : sent;
  const size = Number(res.headers.get('content-length'));
  const mediaType = res.headers.get('content-type');
  if (!digest || !Number.isSafeInteger(size) || size < 0 || !mediaType) {
    // Some registries omit (or garble) the digest on HEAD: read the manifest once to know it.
    const m = await getManifest(ctx, repository, reference, opts);
    return { digest: m.digest, mediaType: m.mediaType, size: m.bytes.length };
  }
  return { digest, mediaType: mediaTypeOf(mediaType), size };
}

export async function putManifest(
  ctx: RegistryContext,
  repository: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
  opts: CallOptions = {},
): Promise<string> {
  const operation = `write manifest ${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
  checkRepository(repository, operation);
  checkManifestReference(reference, operation);
  const req: OpRequest = {
    method: 'PUT',
    url: repoUrl(ctx, repository, `manifests/${reference}`),
    scopes: [repositoryScope(repository, 'pull', 'push')],
    repository,
    operation,
    headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
    body: bytes,
    signal: opts.signal,
  };
  const res = await ctx.request(req);
  if (res.status !== 201 && res.status !== 200 && res.status !== 202) return fail(ctx, res, req);
  await drain(res);
  const computed = digestOf(bytes, reference.includes(':') ? reference : 'sha256:');
  const c = { what: 'the manifest', operation, url: redactUrl(req.url), host: ctx.host };
  if (reference.includes(':') && computed !== reference) throw digestMismatch(reference, computed, c);
  // What the registry says it stored, checked against the bytes we sent with its own algorithm.
  const sent = digestHeader(res.headers.get('docker-content-digest'));
  if (sent && digestOf(bytes, sent) !== sent) throw digestMismatch(digestOf(bytes, sent), sent, { ...c, what: 'the stored manifest' });
  return sent ?? computed;
}

async function deleteRequest(ctx: RegistryContext, repository: string, reference: string, operation: string, signal?: AbortSignal) {
  // No scopes up front: the auth layer learns what DELETE needs from the first challenge.
  const req: OpRequest = { method: 'DELETE', url: repoUrl(ctx, repository, `manifests/${reference}`), scopes: [], repository, operation, signal };
  return { req, res: await ctx.request(req) };
}

function deleteDisabled(ctx: RegistryContext, status: number, codes: string[], operation: string, url: string): RegistryError {
  return new RegistryError({
    kind: 'unsupported',
    operation,
    status,
    codes,
    url,
    message: `Deleting is disabled on ${ctx.host} (${status} ${codes[0] ?? 'UNSUPPORTED'}); for distribution set storage.delete.enabled: true.`,
    hint: 'Ask the registry administrator to enable deletes, or delete through the registry’s own web interface or API.',
  });
}

export async function deleteManifest(ctx: RegistryContext, repository: string, digest: string, opts: CallOptions = {}): Promise<void> {
  const operation = `delete manifest ${repository}@${digest}`;
  checkRepository(repository, operation);
  checkDigest(digest, operation);
  const { req, res } = await deleteRequest(ctx, repository, digest, operation, opts.signal);
  if (res.status === 202 || res.status === 200 || res.status === 204) return drain(res);
  const body = await readErrorBody(res);
  const codes = parseErrorBody(body).map((e) => e.code);
  const url = redactUrl(req.url);
  if (res.status === 404) {
    throw new RegistryError({
      kind: 'not-found',
      operation,
      status: 404,
      codes,
      url,
      message: `${repository}@${digest} is not on ${ctx.host}: it is already gone.`,
      hint: 'Refresh the view.',
    });
  }
  if (res.status === 405 || codes.includes('UNSUPPORTED')) throw deleteDisabled(ctx, res.status, codes, operation, url);
  return fail(ctx, res, req, undefined, body);
}

/**
 * OCI 1.1 delete by tag. Distribution 2.8 answers 400 DIGEST_INVALID, others 405 or
 * UNSUPPORTED: then it is remembered, and later calls return false without a request.
 */
export async function deleteTag(ctx: RegistryContext, repository: string, tag: string, opts: CallOptions = {}): Promise<boolean> {
  const operation = `delete tag ${repository}:${tag}`;
  checkRepository(repository, operation);
  if (!isValidTag(tag)) checkManifestReference(tag, operation);
  if (ctx.learned.deleteByTag === false) return false;
  const { req, res } = await deleteRequest(ctx, repository, tag, operation, opts.signal);
  if (res.status === 202 || res.status === 200 || res.status === 204) {
    await drain(res);
    ctx.learned.deleteByTag = true;
    return true;
  }
  const body = await readErrorBody(res);
  const codes = parseErrorBody(body).map((e) => e.code);
  if ((res.status === 400 && (codes.includes('DIGEST_INVALID') || codes.length === 0)) || res.status === 405 || codes.includes('UNSUPPORTED')) {
    ctx.learned.deleteByTag = false;
    return false;
  }
  if (res.status === 404) {
    throw new RegistryError({
      kind: 'not-found',
      operation,
      status: 404,
      codes,
      url: redactUrl(req.url),
      message: `The tag ${repository}:${tag} is not on ${ctx.host}: it is already gone.`,
      hint: 'Refresh the view.',
    });
  }
  return fail(ctx, res, req, undefined, body);
}

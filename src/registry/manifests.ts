/** Manifest GET / HEAD / PUT / DELETE, with digest verification and exact bytes. */
import { DEFAULT_MAX_BYTES, digestMismatch, digestOf, readBounded } from './body';
import { checkDigest, checkManifestReference, checkRepository, fail, repoUrl, type OpRequest, type RegistryContext } from './context';
import { RegistryError, parseErrorBody } from './errors';
import { drain, readErrorBody } from './http';
import { isValidTag } from './reference';
import { redactUrl } from './redact';
import { repositoryScope } from './scope';
import type { CallOptions, ManifestHead, ManifestResult } from './types';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerV1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
};

/** True for the media type of an OCI index or a Docker manifest list. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}

/** GHCR refuses to serve an index unless asked for it: always name every kind we read. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest, `${MEDIA.dockerV1Signed};q=0.5`].join(', ');

function mediaTypeOf(contentType: string | null, json?: any): string {
  const ct = contentType?.split(';')[0].trim();
  if (ct && ct !== 'application/json' && ct !== 'text/plain' && ct !== 'application/octet-stream') return ct;
  if (json && typeof json.mediaType === 'string') return json.mediaType;
  return ct || MEDIA.dockerManifest;
}

function manifestRequest(ctx: RegistryContext, method: string, repository: string, reference: string, operation: string, signal?: AbortSignal): OpRequest {
  return { method, url: repoUrl(ctx, repository, `manifests/${reference}`), scopes: [repositoryScope(repository, 'pull')], repository, operation, headers: { accept: MANIFEST_ACCEPT }, signal };
}

export async function getManifest(ctx: RegistryContext, repository: string, reference: string, opts: CallOptions & { maxBytes?: number } = {}): Promise<ManifestResult> {
  const operation = `read manifest ${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
  checkRepository(repository, operation);
  checkManifestReference(reference, operation);
  const req = manifestRequest(ctx, 'GET', repository, reference, operation, opts.signal);
  const res = await ctx.request(req);
  if (res.status !== 200) return fail(ctx, res, req, `${repository}${reference.includes(':') ? '@' : ':'}${reference}`);
  const url = redactUrl(req.url);
  const bytes = await readBounded(res, opts.maxBytes ?? DEFAULT_MAX_BYTES, { what: `The manifest ${repository}:${reference}`, operation, url });
  const digest = verifiedDigest(ctx, bytes, reference, res.headers.get('docker-content-digest'), { what: `The manifest ${repository}:${reference}`, operation, url });
  let json: any;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError({ kind: 'protocol', operation, url, message: `The manifest ${repository}:${reference} from ${ctx.host} is not valid JSON.` });
  }
  return { digest, mediaType: mediaTypeOf(res.headers.get('content-type'), json), bytes, json };
}

/**
 * The digest of received bytes, checked against the reference (when it is a digest) and the
 * registry's Docker-Content-Digest (when sent).
 */
function verifiedDigest(ctx: RegistryContext, bytes: Buffer, reference: string, header: string | null, c: { what: string; operation: string; url: string }): string {
  const computed = digestOf(bytes, reference.includes(':') ? reference : header ?? 'sha256:');
  if (reference.includes(':') && computed !== reference) throw digestMismatch(reference, computed, { ...c, host: ctx.host });
  const sent = header?.trim();
  if (sent && sent.includes(':')) {
    const againstSent = sent.split(':')[0] === computed.split(':')[0] ? computed : digestOf(bytes, sent);
    if (againstSent !== sent) throw digestMismatch(sent, againstSent, { ...c, host: ctx.host });
    return reference.includes(':') ? computed : sent;
  }
  return computed;
}

export async function headManifest(ctx: RegistryContext, repository: string, reference: string, opts: CallOptions = {}): Promise<ManifestHead | undefined> {
  const operation = `check manifest ${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
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
  const digest = res.headers.get('docker-content-digest')?.trim() || (reference.includes(':') ? reference : undefined);
  const size = Number(res.headers.get('content-length'));
  const mediaType = res.headers.get('content-type');
  if (!digest || !Number.isFinite(size) || !mediaType) {
    // Some registries omit the digest on HEAD: read the manifest once to know it.
    const m = await getManifest(ctx, repository, reference, opts);
    return { digest: m.digest, mediaType: m.mediaType, size: m.bytes.length };
  }
  return { digest, mediaType: mediaTypeOf(mediaType), size };
}

export async function putManifest(ctx: RegistryContext, repository: string, reference: string, bytes: Buffer, mediaType: string, opts: CallOptions = {}): Promise<string> {
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
  if (reference.includes(':') && computed !== reference) throw digestMismatch(reference, computed, { what: 'The manifest', operation, url: redactUrl(req.url), host: ctx.host });
  const sent = res.headers.get('docker-content-digest')?.trim();
  if (sent && sent.startsWith('sha256:')) {
    const sha256 = computed.startsWith('sha256:') ? computed : digestOf(bytes);
    if (sent !== sha256) throw digestMismatch(sha256, sent, { what: 'The stored manifest', operation, url: redactUrl(req.url), host: ctx.host });
  }
  return sent || computed;
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
    throw new RegistryError({ kind: 'not-found', operation, status: 404, codes, url, message: `${repository}@${digest} is not on ${ctx.host}: it is already gone.`, hint: 'Refresh the view.' });
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
    throw new RegistryError({ kind: 'not-found', operation, status: 404, codes, url: redactUrl(req.url), message: `The tag ${repository}:${tag} is not on ${ctx.host}: it is already gone.`, hint: 'Refresh the view.' });
  }
  return fail(ctx, res, req, undefined, body);
}

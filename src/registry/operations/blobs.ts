/** Blob HEAD / GET / upload and cross-repository mount. */
import { digestMismatch, digestOf, drain, readBody } from '../transport/body';
import { checkDigest, checkRepository, fail, repoUrl, type OpRequest, type RegistryContext } from './registryContext';
import { RegistryError } from '../errors';
import type { ReplayableBody } from '../transport/http';
import { LIMITS } from '../limits';
import { redactUrl } from '../redact';
import { safeScheme } from '../transport/redirectLayer';
import { repositoryScope } from '../transport/scope';
import type { BlobStream, CallOptions } from '../types';

function blobRequest(ctx: RegistryContext, method: string, repository: string, digest: string, operation: string, signal?: AbortSignal): OpRequest {
  // A blob is verified on its bytes as stored: a Content-Encoding on it is not undone.
  return {
    method,
    url: repoUrl(ctx, repository, `blobs/${digest}`),
    scopes: [repositoryScope(repository, 'pull')],
    repository,
    operation,
    signal,
    decompress: false,
  };
}

/**
 * Where an upload goes next (a `Location` from the registry), resolved against the request;
 * refused, naming the scheme, when it is not http or https.
 */
export function uploadLocation(ctx: RegistryContext, location: string, base: string, operation: string): URL {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    throw new RegistryError({ kind: 'protocol', operation, url: redactUrl(base), message: `${ctx.host} sent an upload location that is not an address.` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError({
      kind: 'protocol',
      operation,
      url: redactUrl(base),
      message: `${ctx.host} sent an upload location with the unsupported scheme ${safeScheme(url.protocol)}; refusing to send the blob there.`,
    });
  }
  return url;
}

export async function headBlob(ctx: RegistryContext, repository: string, digest: string, opts: CallOptions = {}): Promise<{ size: number } | undefined> {
  const operation = `check blob ${repository}@${digest}`;
  checkRepository(repository, operation);
  checkDigest(digest, operation);
  const req = blobRequest(ctx, 'HEAD', repository, digest, operation, opts.signal);
  const res = await ctx.request(req);
  await drain(res);
  if (res.status === 404) return undefined;
  if (res.status !== 200) return fail(ctx, res, req);
  return { size: Number(res.headers.get('content-length') ?? -1) };
}

/** GET of a blob answered 200 (anything else throws). */
async function openBlob(ctx: RegistryContext, repository: string, digest: string, signal?: AbortSignal) {
  const operation = `read blob ${repository}@${digest}`;
  checkRepository(repository, operation);
  checkDigest(digest, operation);
  const req = blobRequest(ctx, 'GET', repository, digest, operation, signal);
  const res = await ctx.request(req);
  if (res.status !== 200) return fail(ctx, res, req, `The blob ${repository}@${digest}`);
  return { req, res, operation };
}

/** Redirects to storage are followed by the transport, without our Authorization. */
export async function getBlob(ctx: RegistryContext, repository: string, digest: string, opts: CallOptions = {}): Promise<BlobStream> {
  const { req, res, operation } = await openBlob(ctx, repository, digest, opts.signal);
  if (!res.body)
    throw new RegistryError({ kind: 'protocol', operation, url: redactUrl(req.url), message: `${ctx.host} sent no content for the blob ${digest}.` });
  return { size: Number(res.headers.get('content-length') ?? -1), stream: res.body };
}

export async function getBlobBytes(ctx: RegistryContext, repository: string, digest: string, opts: CallOptions & { maxBytes?: number } = {}): Promise<Buffer> {
  const { req, res, operation } = await openBlob(ctx, repository, digest, opts.signal);
  const url = redactUrl(req.url);
  const read = { what: `the blob ${repository}@${digest}`, operation, url, host: ctx.host };
  const bytes = await readBody(res, opts.maxBytes ?? LIMITS.blobBytes, read);
  const actual = digestOf(bytes, digest);
  if (actual !== digest) throw digestMismatch(digest, actual, read);
  return bytes;
}

/** POST ?mount=&from=: 201 mounted; 202 means the registry opened an upload instead (we abandon it). */
export async function mountBlob(ctx: RegistryContext, repository: string, digest: string, fromRepository: string, opts: CallOptions = {}): Promise<boolean> {
  const operation = `mount blob ${digest} from ${fromRepository} into ${repository}`;
  checkRepository(repository, operation);
  checkRepository(fromRepository, operation);
  checkDigest(digest, operation);
  const q = new URLSearchParams({ mount: digest, from: fromRepository });
  const req: OpRequest = {
    method: 'POST',
    url: repoUrl(ctx, repository, `blobs/uploads/?${q}`),
    scopes: [repositoryScope(repository, 'pull', 'push'), repositoryScope(fromRepository, 'pull')],
    repository,
    operation,
    headers: { 'content-length': '0' },
    signal: opts.signal,
  };
  const res = await ctx.request(req);
  if (res.status === 201) {
    await drain(res);
    return true;
  }
  if (res.status === 202) {
    await drain(res);
    const location = res.headers.get('location');
    if (location) ctx.openUploads.set(`${repository}\0${digest}`, uploadLocation(ctx, location, req.url, operation).toString());
    return false;
  }
  return fail(ctx, res, req);
}

/** POST to open a session, then one PUT ?digest= with the whole body (2.8 has no monolithic POST). */
export async function uploadBlob(
  ctx: RegistryContext,
  repository: string,
  digest: string,
  size: number,
  open: ReplayableBody,
  opts: CallOptions = {},
): Promise<void> {
  const operation = `upload blob ${digest} to ${repository}`;
  checkRepository(repository, operation);
  checkDigest(digest, operation);
  const scopes = [repositoryScope(repository, 'pull', 'push')];
  const key = `${repository}\0${digest}`;
  const opened = ctx.openUploads.get(key);
  if (opened) {
    ctx.openUploads.delete(key);
    // The session a refused mount opened; if the registry has forgotten it, open a new one.
    if (await putBlob(ctx, new URL(opened), repository, digest, size, open, scopes, operation, opts, true)) return;
  }
  const start: OpRequest = {
    method: 'POST',
    url: repoUrl(ctx, repository, 'blobs/uploads/'),
    scopes,
    repository,
    operation,
    headers: { 'content-length': '0' },
    signal: opts.signal,
  };
  const res = await ctx.request(start);
  if (res.status !== 202 && res.status !== 201) return fail(ctx, res, start);
  await drain(res);
  if (res.status === 201) return; // already there
  const location = res.headers.get('location');
  if (!location)
    throw new RegistryError({
      kind: 'protocol',
      operation,
      url: redactUrl(start.url),
      message: `${ctx.host} opened an upload without saying where to send it (no Location).`,
    });
  await putBlob(ctx, uploadLocation(ctx, location, start.url, operation), repository, digest, size, open, scopes, operation, opts, false);
}

/** The closing PUT ?digest= with the whole body. With `mayBeStale`, false on 404 (session unknown) instead of an error. */
async function putBlob(
  ctx: RegistryContext,
  put: URL,
  repository: string,
  digest: string,
  size: number,
  open: ReplayableBody,
  scopes: string[],
  operation: string,
  opts: CallOptions,
  mayBeStale: boolean,
): Promise<boolean> {
  put.searchParams.set('digest', digest);
  const req: OpRequest = {
    method: 'PUT',
    url: put.toString(),
    scopes,
    repository,
    operation,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: open,
    signal: opts.signal,
  };
  const done = await ctx.request(req);
  if (mayBeStale && done.status === 404) {
    await drain(done);
    return false;
  }
  if (done.status !== 201 && done.status !== 204 && done.status !== 200) return fail(ctx, done, req);
  await drain(done);
  return true;
}

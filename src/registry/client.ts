/**
 * `RegistryClient`: the operations of `RegistryApi` over the transport stack (transport/index.ts).
 * One client per registry; it holds the ping result, the tokens and what it learned.
 *
 * Its public face keeps two promises whatever happens below it: every method rejects only with a
 * `RegistryError` (an unexpected failure is turned into one), and no secret the client holds —
 * password, identity token, Basic value, Bearer or refresh token — appears in an error's message,
 * hint or URL, whoever wrote the text (Node, the token server, the registry's error body).
 */
import * as blobs from './operations/blobs';
import { drain } from './transport/body';
import type { OpRequest, RegistryContext } from './operations/registryContext';
import { RegistryError, isRegistryError, safeCode } from './errors';
import * as listing from './operations/listing';
import * as manifests from './operations/manifests';
import { HUB_API_URL, HubApi } from './vendors/dockerHub';
import type { Descriptor } from './oci';
import { isDockerHub, parseRegistryAddress } from './imageReference';
import { CATALOG_SCOPE, repositoryScope } from './transport/scope';
import type { Secrets } from './transport/secrets';
import { createTransport, currentCall, type Transport } from './transport';
import type * as T from './types';
import type { ReferrersOptions, RegistryApi } from './api';
import { createVendorApi, type VendorFactoryDeps } from './vendors/create';
import type { VendorApi, VendorKind, VendorOptions, VendorTag } from './vendors/types';

export const USER_AGENT = 'registry-explorer/0.1.0';

export class RegistryClient implements RegistryApi {
  readonly host: string;
  readonly baseUrl: string;
  readonly learned: T.LearnedState;
  private lastRateLimit: T.RateLimit | undefined;
  private readonly transport: Transport;
  private readonly ctx: RegistryContext;
  private readonly hub: HubApi;
  private readonly vendorDeps: VendorFactoryDeps;

  constructor(options: T.RegistryClientOptions) {
    const addr = parseRegistryAddress(options.registry);
    this.host = addr.host;
    this.baseUrl = addr.baseUrl;
    this.learned = { ...options.learned };
    if (options.learned?.challengedScopes) this.learned.challengedScopes = { ...options.learned.challengedScopes };
    const userAgent = options.userAgent ?? USER_AGENT;
    this.transport = createTransport(options, addr, this.learned, userAgent, (r) => (this.lastRateLimit = r));
    this.hub = new HubApi({
      send: this.transport.plain,
      apiUrl: options.hubApiUrl ?? HUB_API_URL,
      credentials: this.transport.credentials,
      userAgent,
      now: options.now ?? Date.now,
      secrets: this.transport.secrets,
    });
    const auth = this.transport.auth;
    this.ctx = {
      host: this.host,
      baseUrl: this.baseUrl,
      learned: this.learned,
      openUploads: new Map(),
      request: (r: OpRequest) =>
        auth.send({
          method: r.method,
          url: r.url,
          headers: { 'user-agent': userAgent, ...(r.headers ?? {}) },
          body: r.body,
          signal: r.signal,
          operation: r.operation,
          target: 'registry',
          scopes: r.scopes,
          repository: r.repository,
          decompress: r.decompress,
        }),
    };
    this.vendorDeps = {
      send: this.transport.plain,
      registryRequest: this.ctx.request,
      credentials: this.transport.credentials,
      secrets: this.transport.secrets,
      host: this.host,
      baseUrl: this.baseUrl,
      insecure: !!options.insecure,
      userAgent,
      guard: (operation, opts, run) => this.guard(operation, opts, run),
    };
  }

  get rateLimit(): T.RateLimit | undefined {
    return this.lastRateLimit;
  }

  ping(opts: T.CallOptions & { force?: boolean } = {}): Promise<T.PingResult> {
    return this.guard(`connect to ${this.host}`, opts, async () => ({ ...(await this.transport.ping.get(opts)).result }));
  }

  prepare(access: Array<{ repository: string; actions: string[] }>, opts: T.CallOptions = {}): Promise<void> {
    return this.guard('get a token', opts, async () => {
      const scopes = access.filter((a) => a.actions.length).map((a) => repositoryScope(a.repository, ...a.actions));
      if (scopes.length) await this.transport.auth.token(scopes, opts.signal);
    });
  }

  verifyCredentials(opts: T.CallOptions = {}): Promise<void> {
    return this.guard(`sign in to ${this.host}`, opts, async () => {
      const scheme = await this.transport.auth.currentScheme(opts.signal);
      if (scheme.kind === 'bearer') {
        try {
          await this.transport.auth.token([CATALOG_SCOPE], opts.signal);
        } catch (e) {
          if (isRegistryError(e) && e.kind === 'unauthorized') throw e;
          await this.transport.auth.token([], opts.signal); // some token servers refuse the catalog scope outright
        }
        return;
      }
      if (scheme.kind === 'basic') {
        const res = await this.ctx.request({
          method: 'GET',
          url: `${this.baseUrl}/v2/`,
          scopes: [],
          operation: `sign in to ${this.host}`,
          signal: opts.signal,
        });
        await drain(res);
        if (res.status === 401)
          throw new RegistryError({
            kind: 'unauthorized',
            operation: `sign in to ${this.host}`,
            status: 401,
            message: `${this.host} did not accept the credentials.`,
            hint: 'Check the user name and password, then sign in again.',
          });
      }
    });
  }

  identityToken(opts: T.CallOptions = {}): Promise<string | undefined> {
    return this.guard('get an identity token', opts, () => this.transport.auth.identityToken(opts.signal));
  }

  catalog(opts: T.PageOptions = {}): AsyncIterable<T.NamePage> {
    return this.guardPages(`list the repositories of ${this.host}`, opts, () => listing.catalog(this.ctx, opts));
  }
  tags(repository: string, opts: T.PageOptions = {}): AsyncIterable<T.NamePage> {
    return this.guardPages(`list the tags of ${repository}`, opts, () => listing.tags(this.ctx, repository, opts));
  }
  getManifest(repository: string, reference: string, opts: T.CallOptions & { maxBytes?: number } = {}): Promise<T.ManifestResult> {
    return this.guard(`read manifest ${repository}:${reference}`, opts, () => manifests.getManifest(this.ctx, repository, reference, opts));
  }
  headManifest(repository: string, reference: string, opts: T.CallOptions = {}): Promise<T.ManifestHead | undefined> {
    return this.guard(`check manifest ${repository}:${reference}`, opts, () => manifests.headManifest(this.ctx, repository, reference, opts));
  }
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, opts: T.CallOptions = {}): Promise<string> {
    return this.guard(`write manifest ${repository}:${reference}`, opts, () => manifests.putManifest(this.ctx, repository, reference, bytes, mediaType, opts));
  }
  deleteManifest(repository: string, digest: string, opts: T.CallOptions = {}): Promise<void> {
    return this.guard(`delete manifest ${repository}@${digest}`, opts, () => manifests.deleteManifest(this.ctx, repository, digest, opts));
  }
  deleteTag(repository: string, tag: string, opts: T.CallOptions = {}): Promise<boolean> {
    return this.guard(`delete tag ${repository}:${tag}`, opts, () => manifests.deleteTag(this.ctx, repository, tag, opts));
  }
  headBlob(repository: string, digest: string, opts: T.CallOptions = {}): Promise<{ size: number } | undefined> {
    return this.guard(`check blob ${repository}@${digest}`, opts, () => blobs.headBlob(this.ctx, repository, digest, opts));
  }
  getBlob(repository: string, digest: string, opts: T.CallOptions = {}): Promise<T.BlobStream> {
    return this.guard(`read blob ${repository}@${digest}`, opts, () => blobs.getBlob(this.ctx, repository, digest, opts));
  }
  getBlobBytes(repository: string, digest: string, opts: T.CallOptions & { maxBytes?: number } = {}): Promise<Buffer> {
    return this.guard(`read blob ${repository}@${digest}`, opts, () => blobs.getBlobBytes(this.ctx, repository, digest, opts));
  }
  mountBlob(repository: string, digest: string, fromRepository: string, opts: T.CallOptions = {}): Promise<boolean> {
    return this.guard(`mount blob ${digest} into ${repository}`, opts, () => blobs.mountBlob(this.ctx, repository, digest, fromRepository, opts));
  }
  uploadBlob(repository: string, digest: string, size: number, open: () => NodeJS.ReadableStream | Buffer, opts: T.CallOptions = {}): Promise<void> {
    return this.guard(`upload blob ${digest} to ${repository}`, opts, () => blobs.uploadBlob(this.ctx, repository, digest, size, open, opts));
  }
  namespaceRepositories(namespace: string, opts: T.PageOptions = {}): AsyncIterable<T.NamePage> {
    if (!isDockerHub(this.host)) {
      throw new RegistryError({
        kind: 'unsupported',
        operation: `list the namespace ${namespace}`,
        message: `Listing a namespace is Docker Hub's own API; ${this.host} lists its repositories through its catalog.`,
      });
    }
    return this.guardPages(`list the namespace ${namespace}`, opts, () => this.hub.repositories(namespace, opts));
  }

  hubTags(repository: string, opts: T.PageOptions = {}): AsyncIterable<VendorTag[]> {
    if (!isDockerHub(this.host)) {
      throw new RegistryError({
        kind: 'unsupported',
        operation: `list the tags of ${repository} with their details`,
        message: `Tag details from Docker Hub's own API are for Docker Hub; ${this.host} lists its tags through the registry.`,
      });
    }
    return this.guardPages(`list the tags of ${repository} on Docker Hub`, opts, () => this.hub.tags(repository, opts));
  }

  /** A vendor's own REST API beside the registry protocol (vendors/types.ts); throws at once for an unusable API address. */
  vendor(kind: VendorKind, options: VendorOptions = {}): VendorApi {
    return createVendorApi(kind, options, this.vendorDeps);
  }

  referrers(repository: string, digest: string, opts: ReferrersOptions = {}): Promise<Descriptor[]> {
    return this.guard(`list the referrers of ${repository}@${digest}`, opts, () => listing.referrers(this.ctx, repository, digest, opts));
  }

  /** Runs one public call: its waits reach its `onWait`, and what it throws is a clean RegistryError. */
  private async guard<R>(operation: string, opts: T.CallOptions | undefined, run: () => Promise<R>): Promise<R> {
    try {
      return await currentCall.run({ onWait: opts?.onWait }, run);
    } catch (e) {
      throw cleanError(e, operation, this.host, this.transport.secrets);
    }
  }

  /** `guard` for a paged listing: each page is one call. */
  private guardPages<P>(operation: string, opts: T.CallOptions, open: () => AsyncIterable<P>): AsyncIterable<P> {
    const guard = <R>(run: () => Promise<R>) => this.guard(operation, opts, run);
    return {
      [Symbol.asyncIterator]() {
        let it: AsyncIterator<P> | undefined;
        return {
          next: () => guard(async () => (it ??= open()[Symbol.asyncIterator]()).next()),
          return: async (value?: unknown) => {
            await it?.return?.(value).catch(() => undefined);
            return { done: true as const, value: undefined };
          },
        };
      },
    };
  }
}

/**
 * The error a caller sees: a RegistryError with every known secret masked in its texts, and for
 * anything else a RegistryError of its own — the text of a foreign error is scrubbed, cut short
 * and only ever appended to a sentence of ours.
 */
export function cleanError(e: unknown, operation: string, host: string, secrets: Secrets): RegistryError {
  if (e instanceof RegistryError) {
    const message = secrets.scrub(e.message);
    const hint = e.hint === undefined ? undefined : secrets.scrub(e.hint);
    const url = e.url === undefined ? undefined : secrets.scrub(e.url);
    if (message === e.message && hint === e.hint && url === e.url) return e;
    return new RegistryError({ kind: e.kind, message, operation: e.operation, status: e.status, codes: e.codes, url, hint });
  }
  const err = e as { name?: string; message?: unknown } | undefined;
  if (err?.name === 'AbortError')
    return new RegistryError({ kind: 'cancelled', operation, message: `Cancelled: ${operation} on ${host} was stopped before it finished.` });
  const code = safeCode(e);
  const text = typeof err?.message === 'string' ? secrets.scrub(err.message).slice(0, 200) : '';
  return new RegistryError({
    kind: 'protocol',
    operation,
    message: `Unexpected failure while trying to ${operation} on ${host}${code ? ` (${code})` : ''}${text ? `: ${text}` : ''}.`,
    hint: 'The registry sent something this client does not understand; the log (Show Log) has the requests.',
  });
}

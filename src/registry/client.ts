/**
 * `RegistryClient`: the operations of `RegistryApi` over the transport stack (transport.ts).
 * One client per registry; it holds the ping result, the tokens and what it learned.
 */
import * as blobs from './blobs';
import type { OpRequest, RegistryContext } from './context';
import { RegistryError, isRegistryError } from './errors';
import { drain } from './http';
import * as listing from './listing';
import * as manifests from './manifests';
import { HUB_API_URL, HubApi } from './hub';
import { isDockerHub, parseRegistryAddress } from './reference';
import { CATALOG_SCOPE, repositoryScope } from './scope';
import { createTransport, type Transport } from './transport';
import type * as T from './types';

export const USER_AGENT = 'registry-explorer/0.1.0';

export class RegistryClient implements T.RegistryApi {
  readonly host: string;
  readonly baseUrl: string;
  readonly learned: T.LearnedState;
  private lastRateLimit: T.RateLimit | undefined;
  private readonly transport: Transport;
  private readonly ctx: RegistryContext;
  private readonly hub: HubApi;

  constructor(options: T.RegistryClientOptions) {
    const addr = parseRegistryAddress(options.registry);
    this.host = addr.host;
    this.baseUrl = addr.baseUrl;
    this.learned = { ...options.learned };
    if (options.learned?.challengedScopes) this.learned.challengedScopes = { ...options.learned.challengedScopes };
    const userAgent = options.userAgent ?? USER_AGENT;
    this.transport = createTransport(options, addr, this.learned, userAgent, (r) => (this.lastRateLimit = r));
    this.hub = new HubApi({ send: this.transport.plain, apiUrl: options.hubApiUrl ?? HUB_API_URL, credentials: this.transport.credentials, userAgent, now: options.now ?? Date.now });
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
        }),
    };
  }

  get rateLimit(): T.RateLimit | undefined {
    return this.lastRateLimit;
  }

  async ping(opts: T.CallOptions & { force?: boolean } = {}): Promise<T.PingResult> {
    return { ...(await this.transport.ping.get(opts)).result };
  }

  async prepare(access: Array<{ repository: string; actions: string[] }>, opts: T.CallOptions = {}): Promise<void> {
    const scopes = access.filter((a) => a.actions.length).map((a) => repositoryScope(a.repository, ...a.actions));
    if (scopes.length) await this.transport.auth.token(scopes, opts.signal);
  }

  async verifyCredentials(opts: T.CallOptions = {}): Promise<void> {
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
      const res = await this.ctx.request({ method: 'GET', url: `${this.baseUrl}/v2/`, scopes: [], operation: `sign in to ${this.host}`, signal: opts.signal });
      await drain(res);
      if (res.status === 401) throw new RegistryError({ kind: 'unauthorized', operation: `sign in to ${this.host}`, status: 401, message: `${this.host} did not accept the credentials.`, hint: 'Check the user name and password, then sign in again.' });
    }
  }

  async identityToken(opts: T.CallOptions = {}): Promise<string | undefined> {
    return this.transport.auth.identityToken(opts.signal);
  }

  catalog(opts?: T.PageOptions): AsyncIterable<string[]> {
    return listing.catalog(this.ctx, opts);
  }
  tags(repository: string, opts?: T.PageOptions): AsyncIterable<string[]> {
    return listing.tags(this.ctx, repository, opts);
  }
  getManifest(repository: string, reference: string, opts?: T.CallOptions & { maxBytes?: number }): Promise<T.ManifestResult> {
    return manifests.getManifest(this.ctx, repository, reference, opts);
  }
  headManifest(repository: string, reference: string, opts?: T.CallOptions): Promise<T.ManifestHead | undefined> {
    return manifests.headManifest(this.ctx, repository, reference, opts);
  }
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, opts?: T.CallOptions): Promise<string> {
    return manifests.putManifest(this.ctx, repository, reference, bytes, mediaType, opts);
  }
  deleteManifest(repository: string, digest: string, opts?: T.CallOptions): Promise<void> {
    return manifests.deleteManifest(this.ctx, repository, digest, opts);
  }
  deleteTag(repository: string, tag: string, opts?: T.CallOptions): Promise<boolean> {
    return manifests.deleteTag(this.ctx, repository, tag, opts);
  }
  headBlob(repository: string, digest: string, opts?: T.CallOptions): Promise<{ size: number } | undefined> {
    return blobs.headBlob(this.ctx, repository, digest, opts);
  }
  getBlob(repository: string, digest: string, opts?: T.CallOptions): Promise<T.BlobStream> {
    return blobs.getBlob(this.ctx, repository, digest, opts);
  }
  getBlobBytes(repository: string, digest: string, opts?: T.CallOptions & { maxBytes?: number }): Promise<Buffer> {
    return blobs.getBlobBytes(this.ctx, repository, digest, opts);
  }
  mountBlob(repository: string, digest: string, fromRepository: string, opts?: T.CallOptions): Promise<boolean> {
    return blobs.mountBlob(this.ctx, repository, digest, fromRepository, opts);
  }
  uploadBlob(repository: string, digest: string, size: number, open: () => NodeJS.ReadableStream | Buffer, opts?: T.CallOptions): Promise<void> {
    return blobs.uploadBlob(this.ctx, repository, digest, size, open, opts);
  }
  namespaceRepositories(namespace: string, opts?: T.PageOptions): AsyncIterable<string[]> {
    if (!isDockerHub(this.host)) {
      throw new RegistryError({ kind: 'unsupported', operation: `list the namespace ${namespace}`, message: `Listing a namespace is Docker Hub's own API; ${this.host} lists its repositories through its catalog.` });
    }
    return this.hub.repositories(namespace, opts);
  }

  referrers(repository: string, digest: string, opts?: T.ReferrersOptions): Promise<T.Descriptor[]> {
    return listing.referrers(this.ctx, repository, digest, opts);
  }
}

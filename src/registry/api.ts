/**
 * The client's interface, `RegistryApi`: what the extension is written against. Apart from the
 * option and result types (types.ts) so that it can name the vendor APIs (vendors/types.ts),
 * which themselves take those options, without an import cycle.
 */
import type { Descriptor } from './oci';
import type { CallOptions, LearnedState, ManifestHead, ManifestResult, NamePage, PageOptions, PingResult, RateLimit, BlobStream } from './types';
import type { VendorApi, VendorKind, VendorOptions, VendorTag } from './vendors/types';

/**
 * What `RegistryClient` offers. The extension is written against this interface.
 * Every method may throw `RegistryError` (see errors.ts) and honours `signal`.
 */
export interface RegistryApi {
  /** Normalised registry host (`host[:port]`), e.g. `registry-1.docker.io`. */
  readonly host: string;
  /** Base URL, e.g. `https://registry-1.docker.io`. */
  readonly baseUrl: string;
  /** What was learned so far (scopes challenged per request kind, delete-by-tag support). */
  readonly learned: LearnedState;
  /** Last Docker Hub style rate-limit figures seen on any response, if any. */
  readonly rateLimit: RateLimit | undefined;

  /**
   * Fetches one token covering what a multi-step operation is about to need (a retag needs
   * pull then push; a copy needs pull on the source and pull,push on the target), so its requests
   * do not each pay for a token of their own. A no-op on registries without token auth. Scopes
   * the token server does not grant simply are not in the token; the request that needs them
   * then fails as usual.
   */
  prepare(access: Array<{ repository: string; actions: string[] }>, opts?: CallOptions): Promise<void>;
  /** `GET /v2/` without credentials, cached; `force` pings again. */
  ping(opts?: CallOptions & { force?: boolean }): Promise<PingResult>;
  /** Checks that the credentials work: pings and, for token auth, fetches a token (catalog scope, falling back to none). Throws `unauthorized` when they do not. */
  verifyCredentials(opts?: CallOptions): Promise<void>;

  /** Repository names, page by page (`GET /v2/_catalog`, `Link` rel="next"). */
  catalog(opts?: PageOptions): AsyncIterable<NamePage>;
  /** Tag names of a repository, page by page. */
  tags(repository: string, opts?: PageOptions): AsyncIterable<NamePage>;

  getManifest(repository: string, reference: string, opts?: CallOptions & { maxBytes?: number }): Promise<ManifestResult>;
  /** HEAD; `undefined` when the manifest does not exist (404). */
  headManifest(repository: string, reference: string, opts?: CallOptions): Promise<ManifestHead | undefined>;
  /** PUTs the exact bytes; returns the digest the registry reports (verified against the bytes). */
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, opts?: CallOptions): Promise<string>;
  /** `DELETE /v2/R/manifests/<digest>`: removes every tag on that digest. */
  deleteManifest(repository: string, digest: string, opts?: CallOptions): Promise<void>;
  /**
   * OCI 1.1 delete by tag: removes only the tag. Returns false (and remembers it, without a
   * request next time) when the registry does not support it (400 DIGEST_INVALID, 405, UNSUPPORTED).
   */
  deleteTag(repository: string, tag: string, opts?: CallOptions): Promise<boolean>;

  /** HEAD blob; `undefined` when absent. */
  headBlob(repository: string, digest: string, opts?: CallOptions): Promise<{ size: number } | undefined>;
  /** Streams a blob; follows redirects without forwarding Authorization to another host. */
  getBlob(repository: string, digest: string, opts?: CallOptions): Promise<BlobStream>;
  /** Reads a small blob (a config) fully, verifying its digest; refuses more than maxBytes (default 4 MiB). */
  getBlobBytes(repository: string, digest: string, opts?: CallOptions & { maxBytes?: number }): Promise<Buffer>;
  /** Cross-repository mount; true when mounted (201), false when the registry wants a real upload (202). */
  mountBlob(repository: string, digest: string, fromRepository: string, opts?: CallOptions): Promise<boolean>;
  /** Uploads a blob (POST then PUT ?digest=). `open` is called again if the body must be replayed. */
  uploadBlob(repository: string, digest: string, size: number, open: () => NodeJS.ReadableStream | Buffer, opts?: CallOptions): Promise<void>;
  /**
   * Trades the user name and password for a refresh (identity) token when the registry's token
   * server offers one (`offline_token=true`, as `docker login` does), so a login can be kept
   * without the password; undefined when it offers none.
   */
  identityToken?(opts?: CallOptions): Promise<string | undefined>;
  /**
   * Docker Hub only (its registry has no catalog): the `namespace/name` of the repositories of a
   * user or organisation from Hub's own API, a page at a time; private ones too when signed in.
   */
  namespaceRepositories?(namespace: string, opts?: PageOptions): AsyncIterable<NamePage>;
  /**
   * Docker Hub only: the tags of a repository (`namespace/name`; a bare name is `library/name`)
   * from Hub's own API, each with the digest, push time and size Hub knows, a page at a time.
   * Public repositories anonymously, private ones when signed in.
   */
  hubTags?(repository: string, opts?: PageOptions): AsyncIterable<VendorTag[]>;
  /**
   * Referrers of a manifest: OCI 1.1 API, falling back to the `sha256-<hex>` tag schema. A caller
   * that holds the repository's complete tag list passes it as `knownTags`: a fallback tag that is
   * not in it is not asked for.
   */
  referrers(repository: string, digest: string, opts?: ReferrersOptions): Promise<Descriptor[]>;
  /**
   * A vendor's own REST API beside the registry protocol (GitLab, Harbor, Quay, GitHub for GHCR,
   * ACR), speaking with this client's login unless `options.credentials` names another. Throws a
   * `RegistryError` at once for an unusable API address. Optional so that a stand-in client
   * without vendor APIs is still a `RegistryApi`.
   */
  vendor?(kind: VendorKind, options?: VendorOptions): VendorApi;
}

export interface ReferrersOptions extends CallOptions {
  /** Only referrers of this artifact type. */
  artifactType?: string;
  /** The repository's complete tag list, when the caller has it (see `referrers`). */
  knownTags?: { has(tag: string): boolean };
}

/**
 * The public types of the registry client (re-exported from `./index.ts`).
 *
 * This file is the contract between the client and everything that uses it (the extension,
 * benchmarks, tests). Change it deliberately: other code is written against it.
 * Nothing here (or anywhere in src/registry) imports `vscode`. The OCI image model (manifests,
 * descriptors, platforms) is in oci.ts.
 */
import type { Manifest } from './oci';

/** What a caller can sign in with. */
export type Credentials =
  | { username: string; password: string }
  /** An identity / refresh token (docker config `identitytoken`); used with OAuth2 POST to the realm. */
  | { identityToken: string; username?: string };

/** Static credentials, or a function asked (lazily, at most once per need) for the registry host. */
export type CredentialSource = Credentials | ((host: string) => Promise<Credentials | undefined>);

/** One line for the request log. Never carries a secret: URLs are redacted, no headers. */
export interface RequestLogEntry {
  /** 'registry' for the registry API, 'token' for the token server. */
  target: 'registry' | 'token';
  method: string;
  /** Redacted URL (query values of sensitive parameters and any userinfo removed). */
  url: string;
  /** HTTP status, absent when the request failed before a response. */
  status?: number;
  durationMs: number;
  /** Short failure text (network error, timeout) when there was no response. */
  error?: string;
}

/** The `fetch` the client uses; its own over Node's http/https by default (connection/nodeHttp.ts). Tests may wrap it to count requests. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: Buffer | NodeJS.ReadableStream;
  redirect: 'manual';
  signal?: AbortSignal;
  /** node https.Agent / http.Agent carrying CA / skip-verify settings, or node-fetch v2's function of the parsed URL returning one. */
  agent?: unknown;
  /** `false`: do not decode a `Content-Encoding` (blobs are verified on the bytes as stored). */
  decompress?: boolean;
}
export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null; raw?(): Record<string, string[]> };
  body: NodeJS.ReadableStream | null;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

/** What the client learned about a registry; persist it to skip learning next session. */
export interface LearnedState {
  /** Extra scopes (with the repository name replaced by `$repo`) that a kind of request was challenged for, e.g. `{ DELETE: ['repository:$repo:delete'] }`. */
  challengedScopes?: Record<string, string[]>;
  /** Whether `DELETE /v2/R/manifests/<tag>` removes just the tag (OCI 1.1). Undefined: unknown. */
  deleteByTag?: boolean;
  /** The largest page size (`n`) the registry accepted after refusing a larger one. */
  maxPageSize?: number;
}

export interface RegistryClientOptions {
  /** `host[:port]`, or a URL: `https://host` or `http://host:5000` for plain HTTP. `docker.io` maps to `registry-1.docker.io`. */
  registry: string;
  credentials?: CredentialSource;
  /**
   * The registry rejected the credentials the source gave (a 401 after the one retry). Answer true
   * when asking the source again may give others (a token command's token that expired early):
   * the client then asks once more and retries the request once with them.
   */
  credentialsRejected?: (host: string, rejected: Credentials) => boolean | Promise<boolean>;
  /** The user marked this registry insecure: plain http allowed and Basic credentials may go over it. Loopback is always allowed. */
  insecure?: boolean;
  /** Skip TLS certificate verification (https only). */
  skipTlsVerify?: boolean;
  /** Extra CA certificate(s), PEM. */
  ca?: string | Buffer;
  /** Per-request timeout; default 30000. */
  timeoutMs?: number;
  /** Retries for idempotent requests on 429/502/503/504 and network errors; default 2. */
  retries?: number;
  /** Called once per HTTP request (registry and token server). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Injected boundaries for tests. */
  fetch?: FetchLike;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Previously learned state (see `RegistryClient.learned`). */
  learned?: LearnedState;
  /** User-Agent header; default `registry-explorer/<version>`. */
  userAgent?: string;
  /** Docker Hub's API (for `namespaceRepositories`); default https://hub.docker.com. */
  hubApiUrl?: string;
  /** Called before every wait of a second or more (a `Retry-After` or backoff), for the log. */
  onWait?: (e: WaitEvent) => void;
  /**
   * Let a registry on a public address send token requests to a loopback, private or link-local
   * address (an internal token server). Off by default: a hostile registry could otherwise use
   * the client, with the user's credentials, to reach inside the network.
   */
  allowPrivateTokenServer?: boolean;
  /** Resolves a host name to its addresses for that rule; default the system resolver. */
  lookup?: (hostname: string) => Promise<string[]>;
}

/** A wait before a retry (the registry asked for it with `Retry-After`, or a backoff after a failure). */
export interface WaitEvent {
  host: string;
  /** What is waiting, e.g. `list the tags of foo/bar`. */
  operation: string;
  ms: number;
  reason: 'retry-after' | 'backoff';
  /** The status that caused it (429, 503…), absent after a network failure. */
  status?: number;
  /** Redacted URL of the request. */
  url: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Called before each wait of a second or more that this call makes (e.g. to show it in a progress notification). */
  onWait?: (e: WaitEvent) => void;
}

/**
 * A page of a listing. `hasNext` says whether the registry named a next page, so a caller can
 * know the list is complete without asking for a page that is not there (absent: unknown).
 */
export type NamePage = string[] & { hasNext?: boolean };

export interface PageOptions extends CallOptions {
  /** `n` query parameter; the registry may return fewer or ignore it. */
  pageSize?: number;
  /** Start after this name (`last` query parameter). */
  last?: string;
}

export type AuthScheme = 'none' | 'basic' | 'bearer';

export interface PingResult {
  /** HTTP status of `GET /v2/`. */
  status: number;
  /** The scheme the registry announced (none: 200 without a challenge). */
  scheme: AuthScheme;
  /** Bearer realm and service, when announced. */
  realm?: string;
  service?: string;
  /** Docker-Distribution-Api-Version header, if any. */
  apiVersion?: string;
}

export interface ManifestResult {
  /** `sha256:…`, verified against the bytes (or computed when the registry sent none). */
  digest: string;
  mediaType: string;
  /** The exact bytes the registry sent. */
  bytes: Buffer;
  /** Parsed JSON of `bytes`, as sent (prefer `manifest`). */
  json: any;
  /** The manifest in the OCI model, its shape checked (see oci.ts). */
  manifest: Manifest;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface BlobStream {
  size: number;
  /** The blob's bytes; the caller must consume or destroy it. */
  stream: NodeJS.ReadableStream;
}

export interface RateLimit {
  /** From `ratelimit-limit: 100;w=21600`. */
  limit?: number;
  remaining?: number;
  windowSeconds?: number;
  /** `docker-ratelimit-source` (your IP or account). */
  source?: string;
}

export type { RegistryErrorKind } from './errors';

export type { ImageReference } from './imageReference';

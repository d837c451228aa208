/**
 * Builds a vendor API client for `RegistryClient.vendor`: where its API is, which login it
 * uses and how that login goes into a request, and the client's guard around every call (only
 * RegistryErrors leave it, with every secret the client holds masked).
 */
import { CredentialResolver, basicHeader } from '../transport/credentialResolver';
import { RegistryError } from '../errors';
import { isDockerHub } from '../imageReference';
import type { Secrets } from '../transport/secrets';
import type { CallOptions, Credentials, PageOptions } from '../types';
import { AcrApi } from './acr';
import { GITHUB_API_URL, GITHUB_API_VERSION, GhcrApi } from './ghcr';
import { GitLabApi } from './gitlab';
import { HarborApi } from './harbor';
import { VendorHttp, tokenOf, type ApiSpec, type VendorDeps } from './http';
import { QuayApi } from './quay';
import type { VendorApi, VendorKind, VendorOptions } from './types';

/** The client's guard: runs one public call and turns whatever it throws into a clean RegistryError. */
export type Guard = <R>(operation: string, opts: CallOptions | undefined, run: () => Promise<R>) => Promise<R>;

export interface VendorFactoryDeps extends VendorDeps {
  secrets: Secrets;
  guard: Guard;
}

const bearer = (c: Credentials) => `Bearer ${tokenOf(c)}`;

/** Each vendor's API path, its default address, how its login is sent, and what to say when the login is refused. */
const VENDORS: Record<
  Exclude<VendorKind, 'acr'>,
  {
    name: string;
    path: string;
    defaultUrl: (host: string, baseUrl: string) => string | undefined;
    authorization: ApiSpec['authorization'];
    loginHint: string;
    headers?: Record<string, string>;
  }
> = {
  gitlab: {
    name: "GitLab's API",
    path: '/api/v4',
    defaultUrl: (host, baseUrl) => (host === 'registry.gitlab.com' ? 'https://gitlab.com' : baseUrl),
    authorization: bearer,
    loginHint:
      'GitLab’s API needs a personal, group or project access token with the read_api scope (api to delete tags); a deploy token or the account password works for the registry only.',
  },
  harbor: {
    name: "Harbor's API",
    path: '/api/v2.0',
    defaultUrl: (_host, baseUrl) => baseUrl,
    authorization: basicHeader,
    loginHint:
      'Harbor’s API takes the same user name and password as the registry, or a robot account (robot$name) with the project’s repository and artifact permissions.',
  },
  quay: {
    name: "Quay's API",
    path: '/api/v1',
    defaultUrl: (_host, baseUrl) => baseUrl,
    authorization: bearer,
    loginHint:
      'Quay’s API needs an OAuth access token of an application in the organisation (robot accounts and passwords log in to the registry only); repo:read to list, repo:write to delete tags.',
  },
  ghcr: {
    name: "GitHub's packages API",
    path: '/api/v3',
    // The registry's login goes to api.github.com only from ghcr.io; GitHub Enterprise names its own address.
    defaultUrl: (host) => (host === 'ghcr.io' ? GITHUB_API_URL : undefined),
    authorization: bearer,
    loginHint: 'GitHub’s packages API needs a personal access token (classic) with read:packages, and delete:packages to delete.',
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION },
  },
};

/** `https://host[/path]` → origin + path, the vendor's API path added when the URL has none; no login, query or fragment. */
function apiUrlOf(given: string, path: string, kind: VendorKind): string {
  let u: URL;
  try {
    u = new URL(given);
  } catch {
    throw invalidApiUrl(kind, 'it is not an address');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalidApiUrl(kind, 'it is not http or https');
  if (u.username || u.password) throw invalidApiUrl(kind, 'it carries a login (put the token in the credentials instead)');
  const own = u.pathname.replace(/\/+$/, '');
  // api.github.com serves the API at its root; every other host under the vendor's path.
  const needsPath = !own && !(kind === 'ghcr' && u.hostname === 'api.github.com');
  return `${u.origin}${needsPath ? path : own}`;
}

function invalidApiUrl(kind: VendorKind, why: string): RegistryError {
  return new RegistryError({
    kind: 'invalid-reference',
    operation: `use the ${kind} API`,
    message: `The ${kind} API address is not usable: ${why}.`,
    hint: 'Write it as https://host or https://host/path.',
  });
}

export function createVendorApi(kind: VendorKind, options: VendorOptions, d: VendorFactoryDeps): VendorApi {
  let api: VendorApi;
  if (kind === 'acr') {
    const http = new VendorHttp(
      d,
      {
        name: "ACR's API",
        apiUrl: `${d.baseUrl}/acr/v1`,
        loginHint: 'Sign in to the registry with an account or token that has the metadata_read and delete permissions of the repository.',
      },
      d.credentials,
      true,
    );
    api = new AcrApi(http);
  } else {
    const v = VENDORS[kind];
    if (!v)
      throw new RegistryError({
        kind: 'unsupported',
        operation: 'use a vendor API',
        message: `"${String(kind)}" is not a vendor API this client speaks (gitlab, harbor, quay, ghcr, acr).`,
      });
    // Without an address the registry's login would go to a guess: Docker Hub's API host, or api.github.com from another registry.
    const given = options.apiUrl ?? (isDockerHub(d.host) ? undefined : v.defaultUrl(d.host, d.baseUrl));
    if (!given) throw invalidApiUrl(kind, `${d.host} is not where this API lives by default; name the API address`);
    const apiUrl = apiUrlOf(given, v.path, kind);
    const login = options.credentials ? new CredentialResolver(options.credentials, new URL(apiUrl).host, d.secrets) : d.credentials;
    const http = new VendorHttp(d, { name: v.name, apiUrl, authorization: v.authorization, loginHint: v.loginHint, headers: v.headers }, login);
    api = kind === 'gitlab' ? new GitLabApi(http) : kind === 'harbor' ? new HarborApi(http) : kind === 'quay' ? new QuayApi(http) : new GhcrApi(http);
  }
  return guarded(api, d.guard);
}

/** The API with every call run through the client's guard (a page of a listing is one call). */
function guarded(api: VendorApi, guard: Guard): VendorApi {
  const pages = <T>(operation: string, opts: CallOptions, open: () => AsyncIterable<T>): AsyncIterable<T> => ({
    [Symbol.asyncIterator]() {
      let it: AsyncIterator<T> | undefined;
      return {
        next: () => guard(operation, opts, async () => (it ??= open()[Symbol.asyncIterator]()).next()),
        return: async (value?: unknown) => {
          await it?.return?.(value).catch(() => undefined);
          return { done: true as const, value: undefined };
        },
      };
    },
  });
  const identify = api.identify;
  return {
    kind: api.kind,
    apiUrl: api.apiUrl,
    untagsAlone: api.untagsAlone,
    repositories: (namespace?: string, opts: PageOptions = {}) =>
      pages(`list repositories through the ${api.kind} API`, opts, () => api.repositories(namespace, opts)),
    tags: (repository: string, opts: PageOptions = {}) =>
      pages(`list the tags of ${repository} through the ${api.kind} API`, opts, () => api.tags(repository, opts)),
    untag: (repository: string, tag: string, opts: CallOptions = {}) =>
      guard(`delete the tag ${repository}:${tag} through the ${api.kind} API`, opts, () => api.untag(repository, tag, opts)),
    ...(identify ? { identify: (opts: CallOptions = {}) => guard('identify the registry', opts, () => identify.call(api, opts)) } : {}),
  };
}

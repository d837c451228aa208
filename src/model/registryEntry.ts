/**
 * A configured registry, as kept in the `registryExplorer.registries` setting (never secrets),
 * and how a typed address becomes one. Pure: no `vscode`.
 */
import { DOCKER_HUB, isDockerHub, isLoopbackHost, type RegistryKind } from '../registry';

/** One entry of the `registryExplorer.registries` setting. */
export interface RegistrySetting {
  /** `host[:port]`, `https://host` or `http://host:port` (plain HTTP). */
  url: string;
  name?: string;
  /** Plain http allowed, and Basic credentials may travel over it. */
  insecure?: boolean;
  skipTlsVerify?: boolean;
  /** The registry's token server may be on a private or loopback address although the registry is public (an internal token server). */
  allowPrivateTokenServer?: boolean;
  /** Path of a PEM file with extra CA certificates. */
  caFile?: string;
  /** Repositories added by hand (registries without a usable catalog). */
  repositories?: string[];
  /**
   * Whose repositories are listed where the registry lists by namespace: Docker Hub users or
   * organisations (default the signed-in user's), GitLab groups or projects, GitHub owners (GHCR),
   * Quay namespaces, Harbor projects (default every project the login sees).
   */
  namespaces?: string[];
  /**
   * What kind of registry this is, when the host name does not say (a self-hosted GitLab or
   * Harbor); chosen or detected by Add Registry. `distribution`: the plain registry protocol, even
   * where the host name implies a vendor.
   */
  kind?: RegistryKind | 'distribution';
  /** Where the vendor's REST API is when not at its default place (a self-hosted GitLab's API, GitHub Enterprise). */
  apiUrl?: string;
  /** Who signed in last (display only; the secret is in SecretStorage). */
  username?: string;
}

/** A configured registry with its id. */
export interface RegistryEntry extends RegistrySetting {
  /** `host[:port]`, lowercase; `docker.io` for Docker Hub. Keys secrets, clients and learned state. */
  id: string;
}

/** The id of Docker Hub's entry (any of its host names becomes this). */
export const DOCKER_HUB_ID = DOCKER_HUB;

export interface NormalisedAddress {
  /** What goes in the setting's `url`. */
  url: string;
  id: string;
  /** The user wrote `http://` (or a loopback host without scheme). */
  insecure: boolean;
}

/**
 * `docker.io` → docker.io; `ghcr.io` → ghcr.io; `host:5000` → host:5000 (https);
 * `http://host:5000/v2/` → http://host:5000; `localhost:5000` → http://localhost:5000.
 * Throws an Error whose message says what is wrong.
 */
export function normaliseRegistryAddress(input: string): NormalisedAddress {
  const raw = (input ?? '').trim();
  if (!raw) throw new Error('The registry address is empty. Type host[:port], e.g. ghcr.io or localhost:5000.');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `https://${raw}`);
  } catch {
    throw new Error(`"${raw}" is not a registry address. Type host[:port], https://host or http://host:port.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`"${raw}" uses ${url.protocol}; a registry address is host[:port], https://host or http://host:port.`);
  }
  if (url.username || url.password) {
    throw new Error('Leave the user name and password out of the address; Registry Explorer asks for them and keeps them in the OS keychain.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path && path !== '/v2' && path !== '/v1') {
    throw new Error(
      `"${raw}" has a path (${url.pathname}); a registry is addressed by host[:port] only. To browse a repository, add the registry, then the repository.`,
    );
  }
  const host = url.host.toLowerCase();
  if (isDockerHub(host)) return { url: DOCKER_HUB_ID, id: DOCKER_HUB_ID, insecure: false };
  // Loopback registries speak plain http by default, as the docker CLI assumes.
  const http = url.protocol === 'http:' || (!hasScheme && isLoopbackHost(url.hostname));
  return { url: http ? `http://${host}` : host, id: host, insecure: http };
}

/** The id of a setting entry; entries whose url cannot be read get the raw url as id (shown as an error node). */
export function registryIdOf(setting: RegistrySetting): string {
  try {
    return normaliseRegistryAddress(setting.url).id;
  } catch {
    return (setting.url ?? '').trim().toLowerCase();
  }
}

export function isDockerHubId(id: string): boolean {
  return id === DOCKER_HUB_ID;
}

/** The Docker Hub namespaces an entry lists: those in its settings, else the signed-in user's own. */
export function hubNamespacesOf(entry: Pick<RegistrySetting, 'namespaces'>, username: string | undefined): string[] {
  if (entry.namespaces?.length) return entry.namespaces;
  return username ? [username.toLowerCase()] : [];
}

/** Registries known to have no usable `_catalog` (we skip straight to repositories added by hand). */
export function hasNoCatalogByDesign(id: string): boolean {
  return id === DOCKER_HUB_ID || id === 'ghcr.io' || id.endsWith('.pkg.dev') || id === 'gcr.io' || id.endsWith('.gcr.io') || id === 'public.ecr.aws';
}

/**
 * Reading Docker's config.json and podman's auth.json (same `auths` shape). Pure: no files, no
 * processes; see `configFiles.ts` for where they live and `credentialHelper.ts` for helpers.
 */
import { isDockerHub, type Credentials } from '../registry';
import { DOCKER_HUB_ID, isDockerHubId } from '../model/registryEntry';

/** What one `auths` entry yields. */
export interface AuthEntry {
  username?: string;
  password?: string;
  identityToken?: string;
}

export interface DockerConfig {
  /** Keyed by the normalised registry id (`docker.io`, `ghcr.io`, `host:5000`). */
  auths: Map<string, AuthEntry>;
  /** The key as written in the file, per registry id (needed to `store` back / for messages). */
  authKeys: Map<string, string>;
  credsStore?: string;
  /** Helper name per registry id. */
  credHelpers: Map<string, string>;
}

/** The key Docker uses for Docker Hub in `auths` and with credential helpers. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

/**
 * `https://index.docker.io/v1/` → docker.io; `https://ghcr.io` → ghcr.io; `HOST:5000/v2/` → host:5000.
 * Docker writes keys with and without scheme and path; we compare hosts only.
 */
export function registryIdOfAuthKey(key: string): string {
  let k = key.trim();
  k = k.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  k = k.split('/')[0].toLowerCase();
  return isDockerHub(k) ? DOCKER_HUB_ID : k;
}

/** The server URL to hand a credential helper for a registry id (Docker Hub's is special). */
export function helperServerUrl(registryId: string): string {
  return isDockerHubId(registryId) ? DOCKER_HUB_AUTH_KEY : registryId;
}

function decodeAuth(auth: string): { username?: string; password?: string } {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return {};
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Parses config.json / auth.json text. Throws an Error naming the problem when it is not JSON. */
export function parseDockerConfig(text: string, fileName = 'config.json'): DockerConfig {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName} is not valid JSON (${(e as Error).message}); fix or remove it to use its logins.`);
  }
  const config: DockerConfig = { auths: new Map(), authKeys: new Map(), credHelpers: new Map() };
  if (!json || typeof json !== 'object') return config;
  if (json.auths && typeof json.auths === 'object') {
    for (const [key, value] of Object.entries<any>(json.auths)) {
      const id = registryIdOfAuthKey(key);
      if (!id) continue;
      const entry: AuthEntry = {};
      if (value && typeof value === 'object') {
        if (typeof value.auth === 'string' && value.auth) Object.assign(entry, decodeAuth(value.auth));
        if (typeof value.username === 'string' && value.username) entry.username = value.username;
        if (typeof value.password === 'string' && value.password) entry.password = value.password;
        if (typeof value.identitytoken === 'string' && value.identitytoken) entry.identityToken = value.identitytoken;
      }
      // Several keys can name one registry (`https://ghcr.io`, `ghcr.io`): keep one with a secret,
      // and for Docker Hub prefer the key the docker CLI itself uses.
      const existing = config.auths.get(id);
      if (existing && hasSecret(existing) && (!hasSecret(entry) || config.authKeys.get(id) === DOCKER_HUB_AUTH_KEY)) continue;
      config.auths.set(id, entry);
      config.authKeys.set(id, key);
    }
  }
  if (typeof json.credsStore === 'string' && json.credsStore) config.credsStore = json.credsStore;
  if (json.credHelpers && typeof json.credHelpers === 'object') {
    for (const [key, value] of Object.entries<any>(json.credHelpers)) {
      if (typeof value === 'string' && value) config.credHelpers.set(registryIdOfAuthKey(key), value);
    }
  }
  return config;
}

function hasSecret(e: AuthEntry): boolean {
  return !!(e.identityToken || (e.username && e.password));
}

/** Credentials stored inline in `auths` for a registry, if any. */
export function inlineCredentials(config: DockerConfig, registryId: string): Credentials | undefined {
  const e = config.auths.get(registryId);
  if (!e) return undefined;
  if (e.identityToken) return { identityToken: e.identityToken, username: e.username };
  if (e.username && e.password) return { username: e.username, password: e.password };
  return undefined;
}

/** Which helper Docker would ask for a registry: credHelpers[host], else credsStore. */
export function helperFor(config: DockerConfig, registryId: string): string | undefined {
  return config.credHelpers.get(registryId) ?? config.credsStore;
}

/** Every registry the config knows: `auths` keys and `credHelpers` keys (ids, deduplicated, in file order). */
export function registriesInConfig(config: DockerConfig): string[] {
  return [...new Set([...config.auths.keys(), ...config.credHelpers.keys()])];
}

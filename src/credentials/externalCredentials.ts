/**
 * Credentials the user already has outside VS Code: Docker's config (inline `auths`, then
 * `credHelpers[host]`, then `credsStore`) and podman's auth.json. Plain Node, testable with fakes.
 */
import type { Credentials } from '../registry';
import { loadDockerConfig, loadPodmanAuth, defaultFileSystemEnv, type FileSystemEnv } from './configFiles';
import { helperFor, helperServerUrl, inlineCredentials, registriesInConfig } from './dockerConfig';
import { helperGet, type HelperRunOptions } from './credentialHelper';

export interface ExternalCredentials {
  credentials: Credentials;
  source: 'docker-config' | 'docker-helper' | 'podman';
  /** e.g. `/home/me/.docker/config.json` or `docker-credential-secretservice`. */
  sourceLabel: string;
}

export interface ExternalLookupOptions {
  fsEnv?: FileSystemEnv;
  helper?: HelperRunOptions;
}

/**
 * Docker's order for one registry: credHelpers[host] → credsStore → inline auths (the CLI asks
 * a configured helper first; inline auths are what remains when none is configured), then podman.
 * Helper failures propagate (a sentence saying what to do); "not found" falls through.
 */
export async function lookupExternalCredentials(registryId: string, opts: ExternalLookupOptions = {}): Promise<ExternalCredentials | undefined> {
  const fsEnv = opts.fsEnv ?? defaultFileSystemEnv;
  const helperOpts: HelperRunOptions = { env: fsEnv.env, ...opts.helper };
  const docker = await loadDockerConfig(fsEnv);
  if (docker) {
    const helper = helperFor(docker.config, registryId);
    if (helper) {
      const found = await helperGet(helper, helperServerUrl(registryId), helperOpts);
      if (found) return { credentials: found, source: 'docker-helper', sourceLabel: `docker-credential-${helper}` };
    }
    const inline = inlineCredentials(docker.config, registryId);
    if (inline) return { credentials: inline, source: 'docker-config', sourceLabel: docker.file };
  }
  const podman = await loadPodmanAuth(fsEnv);
  if (podman) {
    const inline = inlineCredentials(podman.config, registryId);
    if (inline) return { credentials: inline, source: 'podman', sourceLabel: podman.file };
  }
  return undefined;
}

/** Every registry named in Docker's config (auths and credHelpers) and podman's auth.json. */
export async function registriesFromDockerConfig(fsEnv: FileSystemEnv = defaultFileSystemEnv): Promise<{ registries: string[]; files: string[] }> {
  const files: string[] = [];
  const ids: string[] = [];
  for (const loaded of [await loadDockerConfig(fsEnv), await loadPodmanAuth(fsEnv)]) {
    if (!loaded) continue;
    files.push(loaded.file);
    ids.push(...registriesInConfig(loaded.config));
  }
  return { registries: [...new Set(ids)], files };
}

/** The helper Docker would use to store a login for this registry, if Docker is set up with one. */
export async function dockerHelperForStore(registryId: string, fsEnv: FileSystemEnv = defaultFileSystemEnv): Promise<string | undefined> {
  const docker = await loadDockerConfig(fsEnv);
  return docker ? helperFor(docker.config, registryId) : undefined;
}

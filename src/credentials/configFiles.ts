/**
 * Where Docker's and podman's login files live, and reading them. The OS boundaries (environment,
 * home directory, file reading) are parameters so tests pass fakes.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerConfig, type DockerConfig } from './dockerConfig';

export interface FileSystemEnv {
  env: NodeJS.ProcessEnv;
  homedir: () => string;
  /** Resolves the text, or undefined when the file does not exist. */
  readFile: (file: string) => Promise<string | undefined>;
}

export const defaultFileSystemEnv: FileSystemEnv = {
  env: process.env,
  homedir: os.homedir,
  readFile: async (file) => {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
};

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv, homedir: string): string {
  return env.DOCKER_CONFIG ? path.join(env.DOCKER_CONFIG, 'config.json') : path.join(homedir, '.docker', 'config.json');
}

/** podman / skopeo / buildah: `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`, `~/.config/containers/auth.json`, in that order. */
export function podmanAuthPaths(env: NodeJS.ProcessEnv, homedir: string): string[] {
  const out: string[] = [];
  if (env.REGISTRY_AUTH_FILE) out.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) out.push(path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  out.push(path.join(env.XDG_CONFIG_HOME || path.join(homedir, '.config'), 'containers', 'auth.json'));
  return out;
}

export interface LoadedConfig {
  file: string;
  config: DockerConfig;
}

/** Docker's config, or undefined when there is none. Throws when it exists but cannot be read. */
export async function loadDockerConfig(fsEnv: FileSystemEnv = defaultFileSystemEnv): Promise<LoadedConfig | undefined> {
  const file = dockerConfigPath(fsEnv.env, fsEnv.homedir());
  const text = await fsEnv.readFile(file);
  return text === undefined ? undefined : { file, config: parseDockerConfig(text, file) };
}

/** The first podman auth file that exists. */
export async function loadPodmanAuth(fsEnv: FileSystemEnv = defaultFileSystemEnv): Promise<LoadedConfig | undefined> {
  for (const file of podmanAuthPaths(fsEnv.env, fsEnv.homedir())) {
    const text = await fsEnv.readFile(file);
    if (text !== undefined) return { file, config: parseDockerConfig(text, file) };
  }
  return undefined;
}

/**
 * The strings users paste elsewhere: `host/repo:tag`, `host/repo@sha256:…`, `docker pull …`.
 * Docker Hub references are written the way the docker CLI writes them: no host, and no
 * `library/` for official images (`nginx:1.27`, `bitnami/redis@sha256:…`).
 */
import { isDockerHub } from '../registry';

/** `host/repo`, shortened for Docker Hub. `host` is `host[:port]` (a URL's scheme is dropped). */
export function imageName(host: string, repository: string): string {
  const h = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  if (isDockerHub(h)) return repository.startsWith('library/') && repository.split('/').length === 2 ? repository.slice('library/'.length) : repository;
  return `${h}/${repository}`;
}

export function tagReference(host: string, repository: string, tag: string): string {
  return `${imageName(host, repository)}:${tag}`;
}

export function digestReference(host: string, repository: string, digest: string): string {
  return `${imageName(host, repository)}@${digest}`;
}

export function pullCommand(reference: string): string {
  return `docker pull ${reference}`;
}

/**
 * Image references `host[:port]/path[:tag][@digest]`, validated with the distribution grammar
 * (distribution/reference), with Docker Hub's defaults.
 */
import { RegistryError } from './errors';

/** A parsed image reference (see `parseReference`). */
export interface ImageReference {
  /** Registry host as written (`docker.io` when none was given). */
  registry: string;
  /** Host the API lives at (`docker.io` → `registry-1.docker.io`). */
  apiHost: string;
  /** Repository path, with `library/` for Docker Hub single names. */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API = 'registry-1.docker.io';

/** Every host name that means Docker Hub (the registry, its index, its API host, the web site). */
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API, 'hub.docker.com', 'registry.hub.docker.com']);

/** `1614a3ea16ce`: the first 12 hex digits of a digest, as the docker CLI shows image IDs. */
export function shortDigest(digest: string): string {
  const i = digest.indexOf(':');
  return digest.slice(i + 1, i + 13);
}

/** One path component: lowercase alphanumerics joined by `.`, `_`, `__` or runs of `-`. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
/** The digests the client can verify: the OCI image spec's registered algorithms, lowercase hex. */
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$/;
const MAX_NAME = 255;

function invalid(ref: string, why: string): RegistryError {
  return new RegistryError({
    kind: 'invalid-reference',
    operation: 'parse reference',
    message: `"${ref.length > 200 ? ref.slice(0, 200) + '…' : ref}" is not a valid image reference: ${why}.`,
    hint: 'Write it as host[:port]/repository[:tag][@sha256:digest], e.g. registry.example.com/team/app:1.0.',
  });
}

/** Every Docker Hub alias (`docker.io`, `index.docker.io`, …) talks to the API at `registry-1.docker.io`. */
export function apiHostOf(host: string): string {
  return isDockerHub(host) ? DOCKER_HUB_API : host;
}

/** Whether a host name (any case) is one of Docker Hub's names. */
export function isDockerHub(host: string): boolean {
  return DOCKER_HUB_ALIASES.has(host.toLowerCase());
}

/** Returns why a repository name is invalid, or undefined when it is fine. */
export function repositoryProblem(repository: string): string | undefined {
  if (!repository) return 'the repository name is empty';
  if (repository.length > MAX_NAME) return `the repository name is longer than ${MAX_NAME} characters`;
  for (const part of repository.split('/')) {
    if (!PATH_COMPONENT.test(part)) {
      if (part !== part.toLowerCase()) return `"${part}" has uppercase letters; repository names are lowercase`;
      if (!part) return 'the repository name has an empty path component (// or a trailing /)';
      return `"${part}" is not a valid path component (lowercase letters, digits, and . _ __ - between them)`;
    }
  }
  return undefined;
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Why a tag is invalid, as a sentence for an input box; undefined when it is fine. */
export function tagProblem(tag: string): string | undefined {
  if (!tag) return 'Enter a tag.';
  if (tag.length > 128) return `A tag has at most 128 characters; this one has ${tag.length}.`;
  if (/^[.-]/.test(tag)) return 'A tag may not start with "." or "-".';
  if (!TAG.test(tag)) {
    const bad = [...new Set(tag.replace(/[A-Za-z0-9_.-]/g, ''))].join(' ');
    return `A tag may contain only letters, digits, "_", "." and "-"; remove: ${bad}`;
  }
  return undefined;
}

/**
 * A well-formed digest of an algorithm the client verifies (sha256: and 64, or sha512: and 128
 * lowercase hex digits). Digests from a registry (headers, descriptors) get the same check as
 * those a user types before they go into a URL or a delete.
 */
export function isValidDigest(digest: unknown): digest is string {
  return typeof digest === 'string' && DIGEST.test(digest);
}

/** A tag or a digest, as the last part of `/v2/R/manifests/<reference>`. */
export function isValidManifestReference(reference: string): boolean {
  return reference.includes(':') ? isValidDigest(reference) : isValidTag(reference);
}

/**
 * Parses `host[:port]/path[:tag][@digest]`. Without a host (the first component has no `.` or
 * `:` and is not `localhost`) the reference is on Docker Hub, and a single name gets `library/`.
 */
export function parseReference(ref: string): ImageReference {
  if (typeof ref !== 'string') throw invalid(String(ref), 'it is not a string');
  const input = ref.trim();
  if (!input) throw invalid(ref, 'it is empty');
  if (input.length > 1024) throw invalid(ref, 'it is too long');
  if (/\s/.test(input)) throw invalid(ref, 'it contains white space');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) throw invalid(ref, 'write it without a scheme (no https://)');

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) throw invalid(ref, `"${digest}" is not a digest (sha256: and 64 lowercase hex digits, or sha512: and 128)`);
  }

  let registry = DOCKER_HUB;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[') || first !== first.toLowerCase()) {
      if (!HOST.test(first)) throw invalid(ref, `"${first}" is not a valid host[:port]`);
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw invalid(ref, `"${tag}" is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)`);
  }

  let repository = rest;
  const problem = repositoryProblem(repository);
  if (problem) throw invalid(ref, problem);
  if (isDockerHub(registry) && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, apiHost: apiHostOf(registry), repository, tag, digest };
}

/** Formats a reference back, e.g. for display: `host/repo:tag@digest`. */
export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? ':' + r.tag : ''}${r.digest ? '@' + r.digest : ''}`;
}

export interface RegistryAddress {
  /** `host[:port]` as used on the wire (Docker Hub mapped to its API host). */
  host: string;
  /** `https://host[:port]` or `http://host[:port]`, no trailing slash. */
  baseUrl: string;
  secure: boolean;
}

/**
 * Normalises the `registry` option: `host[:port]` (https) or a URL (`http://` for plain HTTP).
 * Any path, query or userinfo in a URL is ignored: the API always lives at `/v2/`.
 */
export function parseRegistryAddress(registry: string): RegistryAddress {
  const raw = (registry ?? '').trim();
  const fail = (why: string) =>
    new RegistryError({
      kind: 'invalid-reference',
      operation: 'parse registry address',
      message: `"${raw}" is not a registry address: ${why}.`,
      hint: 'Write host[:port], https://host or http://host:port.',
    });
  if (!raw) throw fail('it is empty');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw fail('it cannot be read as host[:port] or a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail(`the scheme ${url.protocol} is not http or https`);
  if (!url.hostname) throw fail('there is no host');
  const host = apiHostOf(url.host);
  return { host, baseUrl: `${url.protocol}//${host}`, secure: url.protocol === 'https:' };
}

/** The registry client's public face. Other code imports only from here. */
export * from './types';
export { RegistryClient } from './client';
export { RegistryError, isRegistryError } from './errors';
export { parseReference, formatReference, isDockerHub, referrersTagOf, shortDigest, repositoryProblem, tagProblem } from './reference';
export { isLoopbackHost } from './http';
export { isIndexMediaType } from './manifests';
export { forEachLimited } from './limit';
export { isHubNamespace } from './hub';

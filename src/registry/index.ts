/** The registry client's public face. Other code imports only from here. */
export * from './types';
export { RegistryClient } from './client';
export { RegistryError, isRegistryError } from './errors';
export * from './model';
export { parseReference, formatReference, isDockerHub, shortDigest, repositoryProblem, tagProblem } from './reference';
export { isLoopbackHost } from './http';
export { forEachLimited } from './limit';
export { isHubNamespace } from './hub';

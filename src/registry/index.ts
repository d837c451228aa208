/** The registry client's public face. Other code imports only from here. */
export * from './types';
export { RegistryClient } from './client';
export { RegistryError, isRegistryError } from './errors';
export * from './model';
export { DOCKER_HUB, parseReference, formatReference, isDockerHub, shortDigest, repositoryProblem, tagProblem } from './reference';
export { isLoopbackHost } from './http';
export { forEachLimited } from './limit';
export { copyImage, copyReferrers, planCopy, sameRegistry, type CopyOptions, type CopyPlan, type CopyProgress, type CopyResult, type CopySource, type CopyTarget } from './copy';
export { LIMITS } from './limits';
export { withHasNext } from './listing';
export { isHubNamespace } from './hub';
export * from './vendors';

/** The registry client's public face. Other code imports only from here. */
export * from './types';
export * from './api';
export { RegistryClient } from './client';
export { RegistryError, isRegistryError } from './errors';
export * from './oci';
export { DOCKER_HUB, parseReference, formatReference, isDockerHub, shortDigest, repositoryProblem, tagProblem } from './imageReference';
export { isLoopbackHost } from './transport/http';
export { forEachLimited } from './operations/concurrency';
export {
  copyImage,
  copyReferrers,
  planCopy,
  sameRegistry,
  type CopyOptions,
  type CopyPlan,
  type CopyProgress,
  type CopyResult,
  type CopySource,
  type CopyTarget,
} from './operations/copy';
export { LIMITS } from './limits';
export { withHasNext } from './operations/listing';
export { isHubNamespace } from './vendors/dockerHub';
export * from './vendors';

/**
 * Vendor REST APIs beside the registry protocol (GitLab, Harbor, Quay, GitHub for GHCR, ACR) and
 * telling which kind of registry a host is. The clients themselves come from
 * `RegistryClient.vendor(kind, options)`; this file is what `src/registry/index.ts` exports.
 */
export type { RegistryKind, RegistryKindProbe, VendorApi, VendorKind, VendorOptions, VendorTag } from './types';
export { probeRegistryKind, registryKindOfHost, type ProbeTarget } from './kinds';

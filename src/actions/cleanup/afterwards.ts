/**
 * What a registry does with the space of deleted images, said after a clean-up: distribution
 * (docker-registry, registry:2) frees blobs only when its garbage collector runs, which the user
 * has to start; Harbor and GitLab run their own collection. Hosted registries need no advice.
 */
import { probeRegistryKind, registryKindOfHost, type ProbeTarget, type RegistryApi, type RegistryKind } from '../../registry';

export const DISTRIBUTION_GC = 'registry garbage-collect /etc/docker/registry/config.yml --delete-untagged';

export function afterwardsAdvice(kind: RegistryKind | undefined, host: string): string | undefined {
  switch (kind) {
    case undefined:
      return `${host} looks like a distribution registry (docker-registry, registry:2): the space comes back only after its garbage collection. On the registry's host, with the registry stopped or read-only, run \`${DISTRIBUTION_GC}\` (with your config file's path). \`--delete-untagged\` also removes the platforms of deleted indexes and images left without tags.`;
    case 'harbor':
      return `Harbor frees the space at its next garbage collection (Administration → Clean Up, or its schedule).`;
    case 'gitlab':
      return `GitLab frees the space at its registry garbage collection (\`sudo gitlab-ctl registry-garbage-collect -m\` on a self-managed instance).`;
    default:
      return undefined;
  }
}

/**
 * The kind of registry, as cheaply as it can be told: the host name, else the ping's realm (the
 * client has usually pinged already), else Harbor's anonymous system info. A client without
 * vendor APIs is judged by its host name alone.
 */
export async function registryKindOf(client: RegistryApi, signal?: AbortSignal): Promise<RegistryKind | undefined> {
  const target = client as RegistryApi & Partial<Pick<ProbeTarget, 'vendor'>>;
  if (typeof target.vendor !== 'function') return registryKindOfHost(client.host);
  if (!kinds.has(client)) {
    try {
      kinds.set(client, (await probeRegistryKind(target as ProbeTarget, { signal })).kind);
    } catch {
      return registryKindOfHost(client.host);
    }
  }
  return kinds.get(client);
}

/** Asked once per client (a session of the registry): the kind does not change under it. */
const kinds = new WeakMap<RegistryApi, RegistryKind | undefined>();

/**
 * What kind of registry a host is: from its name for the hosted services, and for self-hosted
 * ones from cheap unauthenticated requests — the realm the registry challenges with on
 * `GET /v2/` (GitLab `…/jwt/auth`, Harbor `…/service/token`, Quay `…/v2/auth`), then Harbor's
 * anonymous system info. The probe never sends credentials: the ping goes without them, and
 * Harbor's system info is asked for anonymously.
 */
import { isRegistryError } from '../errors';
import { isDockerHub } from '../imageReference';
import type { CallOptions, PingResult } from '../types';
import { GITHUB_API_URL } from './ghcr';
import type { RegistryKind, RegistryKindProbe, VendorApi, VendorKind, VendorOptions } from './types';

/** The host name of `host[:port]`, `[v6]:port` or a URL, lower case, without a trailing dot. */
function hostnameOf(host: string): string {
  const raw = host.trim();
  let name = raw;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      name = new URL(raw).hostname;
    } catch {
      return '';
    }
  } else {
    name = raw.split('/')[0];
    name = name.startsWith('[') ? name.slice(0, name.indexOf(']') + 1) : name.replace(/:\d*$/, '');
  }
  return name.toLowerCase().replace(/\.$/, '');
}

/** The kind of a hosted registry from its host name (any case, with or without port or scheme); undefined for others. */
export function registryKindOfHost(host: string): RegistryKind | undefined {
  const h = hostnameOf(host);
  if (!h) return undefined;
  if (isDockerHub(h)) return 'dockerhub';
  if (h === 'ghcr.io') return 'ghcr';
  if (/^[a-z0-9-]+\.azurecr\.(io|cn|us)$/.test(h)) return 'acr';
  if (h === 'quay.io') return 'quay';
  if (h === 'registry.gitlab.com') return 'gitlab';
  if (/^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(h) || h === 'public.ecr.aws') return 'ecr';
  if (/^[a-z0-9-]+-docker\.pkg\.dev$/.test(h) || h === 'gcr.io' || h.endsWith('.gcr.io')) return 'artifact-registry';
  return undefined;
}

/** Where a hosted vendor's API is, when the host name says it. */
const HOSTED_API: Partial<Record<RegistryKind, string>> = {
  ghcr: GITHUB_API_URL,
  gitlab: 'https://gitlab.com/api/v4',
  quay: 'https://quay.io/api/v1',
};

/** What the probe needs of a client: `RegistryClient` is one. */
export interface ProbeTarget {
  readonly host: string;
  readonly baseUrl: string;
  ping(opts?: CallOptions): Promise<PingResult>;
  vendor(kind: VendorKind, options?: VendorOptions): VendorApi;
}

/**
 * The kind of registry behind a client: its host name first, then the realm of its ping, then
 * Harbor's system info. `kind` is undefined when nothing gave it away (a plain distribution, or
 * a registry that did not answer); only cancellation throws.
 */
export async function probeRegistryKind(target: ProbeTarget, opts: CallOptions = {}): Promise<RegistryKindProbe> {
  const byHost = registryKindOfHost(target.host);
  if (byHost) return { kind: byHost, apiUrl: HOSTED_API[byHost], evidence: `the host name ${hostnameOf(target.host)}` };
  let ping: PingResult | undefined;
  try {
    ping = await target.ping(opts);
  } catch (e) {
    if (isRegistryError(e) && e.kind === 'cancelled') throw e;
  }
  const byRealm = ping && kindOfChallenge(ping, target);
  if (byRealm) return byRealm;
  try {
    const harbor = await target.vendor('harbor', { apiUrl: target.baseUrl }).identify?.(opts);
    if (harbor) return { kind: 'harbor', apiUrl: `${target.baseUrl}/api/v2.0`, evidence: `its system info (${harbor})` };
  } catch (e) {
    if (isRegistryError(e) && e.kind === 'cancelled') throw e;
  }
  return { evidence: ping ? `nothing vendor-specific in its challenge (${ping.scheme})` : 'the registry did not answer GET /v2/' };
}

/** The vendor a Bearer realm and service point at, by the paths each vendor's token endpoint has. */
function kindOfChallenge(ping: PingResult, target: ProbeTarget): RegistryKindProbe | undefined {
  if (ping.scheme !== 'bearer' || !ping.realm) return undefined;
  let realm: URL;
  try {
    realm = new URL(ping.realm, `${target.baseUrl}/v2/`);
  } catch {
    return undefined;
  }
  const path = realm.pathname.replace(/\/+$/, '');
  const service = (ping.service ?? '').toLowerCase();
  const registryName = hostnameOf(target.host);
  const said = `its token realm ${realm.host}${path}${service ? ` (service ${service})` : ''}`;
  // GitLab's token endpoint lives on GitLab itself, where the API is too (often not the registry host).
  if (path.endsWith('/jwt/auth')) return { kind: 'gitlab', apiUrl: `${realm.origin}${path.slice(0, -'/jwt/auth'.length)}/api/v4`, evidence: said };
  if (path.endsWith('/service/token') || service === 'harbor-registry') return { kind: 'harbor', apiUrl: `${realm.origin}/api/v2.0`, evidence: said };
  // Quay names its service after its own host name.
  if (
    path.endsWith('/v2/auth') &&
    (service === 'quay.io' || service === realm.host.toLowerCase() || service === realm.hostname.toLowerCase() || service === registryName)
  ) {
    return { kind: 'quay', apiUrl: `${realm.origin}${path.slice(0, -'/v2/auth'.length)}/api/v1`, evidence: said };
  }
  if (path === '/oauth2/token' && (service === registryName || service === target.host.toLowerCase()))
    return { kind: 'acr', apiUrl: `${target.baseUrl}/acr/v1`, evidence: said };
  if (realm.hostname === 'auth.docker.io') return { kind: 'dockerhub', evidence: said };
  if (realm.hostname === 'ghcr.io') return { kind: 'ghcr', apiUrl: GITHUB_API_URL, evidence: said };
  return undefined;
}

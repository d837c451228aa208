/**
 * Where a Bearer challenge may send us. The realm comes from the registry, and the user's
 * credentials go there, so a hostile or broken registry must not:
 *
 * - downgrade us to plain http, or point at something that is not an http(s) URL;
 * - use the client to reach inside the network (SSRF; go-containerregistry closed this in 2026):
 *   a registry on a public address may not send token requests to a loopback, private,
 *   link-local or unspecified address, nor redirect one there. A realm on the registry's own host
 *   is always fine, and a registry that is itself on a private or loopback address may use a
 *   private realm. Names are resolved before the request and checked again when the connection
 *   is made (a name that resolves differently the second time is caught then), and every
 *   redirect hop of a token request is checked the same way.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { RegistryError } from '../errors';
import { redactUrl } from '../redact';

export function resolveRealm(realm: string, requestUrl: string, ctx: { host: string; operation: string }): string {
  let url: URL;
  try {
    url = new URL(realm, requestUrl); // a relative realm is relative to the request
  } catch {
    throw new RegistryError({
      kind: 'protocol',
      operation: ctx.operation,
      message: `${ctx.host} named a token realm that is not a URL.`,
      hint: 'The registry is misconfigured: its token realm must be an https URL.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError({
      kind: 'protocol',
      operation: ctx.operation,
      message: `${ctx.host} named a token realm with an unsupported scheme (not http or https).`,
    });
  }
  if (new URL(requestUrl).protocol === 'https:' && url.protocol === 'http:') {
    throw new RegistryError({
      kind: 'protocol',
      operation: ctx.operation,
      url: redactUrl(url.toString()),
      message: `${ctx.host} is served over https but sends token requests to plain http (${redactUrl(url.toString())}); refusing, because your credentials would travel unencrypted.`,
      hint: 'The registry is misconfigured: its token realm must be an https URL.',
    });
  }
  url.hash = '';
  return url.toString();
}

export type AddressKind = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'public';

/**
 * The IPv4 address an IPv6 address carries, when it is one that reaches IPv4: mapped
 * (`::ffff:a.b.c.d`, which URL parsing writes `::ffff:7f00:1`), compatible (`::a.b.c.d`) or NAT64
 * (`64:ff9b::a.b.c.d`).
 */
function embeddedIpv4(a: string): string | undefined {
  const m = /^(?:::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(a);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** What an IP address is, for the realm rule (IPv4, IPv6, and IPv6 forms that carry IPv4). */
export function addressKind(ip: string): AddressKind {
  let a = ip.toLowerCase().replace(/^\[|\]$/g, '');
  if (a !== '::' && a !== '::1') a = embeddedIpv4(a) ?? a;
  if (isIP(a) === 4) {
    const [p, q] = a.split('.').map(Number);
    if (p === 127) return 'loopback';
    if (p === 0) return 'unspecified';
    if (p === 10 || (p === 172 && q >= 16 && q <= 31) || (p === 192 && q === 168) || (p === 100 && q >= 64 && q <= 127)) return 'private';
    if (p === 169 && q === 254) return 'link-local';
    return 'public';
  }
  if (isIP(a) === 6) {
    if (a === '::1') return 'loopback';
    if (a === '::') return 'unspecified';
    if (/^f[cd]/.test(a)) return 'private';
    if (/^fe[89ab]/.test(a)) return 'link-local';
    return 'public';
  }
  return 'public';
}

/** Resolves a host name to its addresses (the OS boundary; tests pass their own). */
export type HostLookup = (hostname: string) => Promise<string[]>;

export const systemLookup: HostLookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses.map((a) => a.address)))));

const LOCAL_NAMES = /^(?:localhost|.*\.localhost|localhost\.localdomain)$/i;

/** The most inward kind of address a host name may reach (a name that fails to resolve counts as public: the request will fail anyway). */
export async function hostKind(hostname: string, lookup: HostLookup): Promise<AddressKind> {
  const h = hostname.replace(/^\[|\]$/g, '');
  if (isIP(h)) return addressKind(h);
  if (LOCAL_NAMES.test(h)) return 'loopback';
  let addresses: string[];
  try {
    addresses = await lookup(h);
  } catch {
    return 'public';
  }
  const kinds = addresses.map(addressKind);
  return kinds.find((k) => k !== 'public') ?? 'public';
}

export interface RealmPolicy {
  /** The registry's host name (without port) and `host:port`, for messages. */
  registryHostname: string;
  registryHost: string;
  /** The user allowed a token server on a private address for this registry. */
  allowPrivate: boolean;
  lookup: HostLookup;
}

const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  'link-local': 'a link-local address (where cloud metadata services live)',
  unspecified: 'the unspecified address (which reaches this machine)',
};

/**
 * The checks a token request goes through: `check` before the request and each redirect hop,
 * `allowIp` when its connection is made. Whether the registry itself is public is asked once.
 */
export function realmGuard(p: RealmPolicy): { check(url: URL): Promise<void>; allowIp(hostname: string, ip: string): boolean } {
  let registryKind: Promise<AddressKind> | undefined;
  const registryIsPublic = async () => (await (registryKind ??= hostKind(p.registryHostname, p.lookup))) === 'public';
  let strict = false;
  const exempt = (hostname: string) => p.allowPrivate || hostname.replace(/^\[|\]$/g, '').toLowerCase() === p.registryHostname.toLowerCase();
  return {
    async check(url: URL) {
      if (exempt(url.hostname) || !(await registryIsPublic())) return;
      strict = true;
      const kind = await hostKind(url.hostname, p.lookup);
      if (kind === 'public') return;
      throw new RegistryError({
        kind: 'protocol',
        operation: 'get a token',
        url: redactUrl(url.toString()),
        message: `${p.registryHost} sends its token requests to ${url.host}, ${KIND_WORDS[kind]}, although the registry itself is on a public address; refusing, because your credentials would go to a machine inside your network.`,
        hint: 'If this registry really uses a token server on your own network, allow it: Edit Connection → "Allow a token server on a private address" (setting allowPrivateTokenServer).',
      });
    },
    allowIp(hostname: string, ip: string) {
      return !strict || exempt(hostname) || addressKind(ip) === 'public';
    },
  };
}

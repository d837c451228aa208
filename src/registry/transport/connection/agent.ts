/**
 * Node agents carrying the connection settings. A custom CA is added to Node's roots rather
 * than replacing them, so a token server or blob storage with a public certificate still works.
 *
 * Inside VS Code the extension host patches `http(s).request` for its proxy support: with the
 * default `http.proxySupport: override` it replaces the agent of every request to a host other
 * than localhost / 127.0.0.1, keeping only a `ca` it finds on the agent. Settings carried by the
 * agent alone (skip verification) would then be lost, so the TLS options also travel on each
 * request's own options, which the patch passes through. Through a proxy's tunnel the server
 * name is dropped for a registry addressed by IP (the certificate would be checked against
 * "localhost"), so the certificate is checked against the request's own host explicitly.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export interface AgentOptions {
  ca?: string | Buffer;
  skipTlsVerify?: boolean;
}

export interface Agents {
  /**
   * The `agent` option for node-fetch v2: a function of the parsed URL, which node-fetch calls
   * before it spreads that URL object into the request options; the TLS options are added to it
   * there, so they reach `https.request` whoever's agent ends up making the connection.
   */
  forUrl(url: string): (parsedUrl: { hostname?: string | null }) => http.Agent | https.Agent;
}

export function createAgents(opts: AgentOptions): Agents {
  const tlsOptions: { ca?: string[]; rejectUnauthorized?: boolean } = {};
  if (opts.ca) tlsOptions.ca = [...tls.rootCertificates, opts.ca.toString()];
  if (opts.skipTlsVerify) tlsOptions.rejectUnauthorized = false;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, ...tlsOptions });
  const forHttp = () => httpAgent;
  const forHttps = (parsedUrl: { hostname?: string | null }) => {
    const host = parsedUrl.hostname ?? '';
    Object.assign(parsedUrl, tlsOptions);
    if (!opts.skipTlsVerify && host) {
      Object.assign(parsedUrl, { checkServerIdentity: (_name: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(host, cert) });
    }
    return httpsAgent;
  };
  return { forUrl: (url) => (url.startsWith('https:') ? forHttps : forHttp) };
}

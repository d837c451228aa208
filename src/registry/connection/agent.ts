/**
 * Node agents carrying the connection settings. A custom CA is added to Node's roots rather
 * than replacing them, so a token server or blob storage with a public certificate still works.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export interface AgentOptions {
  ca?: string | Buffer;
  skipTlsVerify?: boolean;
}

export interface Agents {
  forUrl(url: string): http.Agent | https.Agent;
}

export function createAgents(opts: AgentOptions): Agents {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    ca: opts.ca ? [...tls.rootCertificates, opts.ca.toString()] : undefined,
    rejectUnauthorized: !opts.skipTlsVerify,
  });
  return { forUrl: (url) => (url.startsWith('https:') ? httpsAgent : httpAgent) };
}

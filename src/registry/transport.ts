/**
 * The one place the layers are put together. Read bottom-up, a request goes:
 *
 *   1. auth      — ping GET /v2/ once (cached) to learn the scheme; attach Basic or a Bearer
 *                  token for the request's scopes; on a 401 (or a 403 insufficient_scope) merge
 *                  scopes, fetch a token if that adds something, retry once (authTransport.ts).
 *   2. redirect  — follow 30x by hand; drop Authorization when the host:port changes (redirectTransport.ts).
 *   3. rate limit— record Docker Hub's ratelimit-* headers (rateLimit.ts).
 *   4. retry     — GET/HEAD only: 429/502/503/504 and network errors, backoff, Retry-After (retryTransport.ts).
 *   5. log       — one redacted entry per HTTP exchange, registry and token server (logTransport.ts).
 *   6. fetch     — agent (CA, skip-verify, http/https), timeout, cancellation, error kinds (connection/).
 *
 * The token server is reached through layers 2–6 as well (its own redirects, retries and log
 * entries), never through 1: credentials for the realm are attached by the token client.
 */
import nodeFetch from 'node-fetch';
import { AuthTransport } from './authTransport';
import { createAgents } from './connection/agent';
import { fetchTransport } from './connection/fetchTransport';
import { CredentialResolver } from './credentials';
import type { Sender } from './http';
import { logTransport } from './logTransport';
import { PingCache } from './pingCache';
import { rateLimitTransport } from './rateLimit';
import { redirectTransport } from './redirectTransport';
import { retryTransport } from './retryTransport';
import { TokenCache } from './tokenCache';
import { TokenClient } from './tokenClient';
import type { FetchLike, LearnedState, RateLimit, RegistryClientOptions } from './types';

export interface Transport {
  auth: AuthTransport;
  ping: PingCache;
  /** Layers 2–6, for requests that need no auth (redirect targets are handled inside). */
  plain: Sender;
  /** The caller's credentials, resolved once (also for Docker Hub's own API). */
  credentials: CredentialResolver;
}

export function createTransport(
  o: RegistryClientOptions,
  registry: { host: string; baseUrl: string },
  learned: LearnedState,
  userAgent: string,
  onRateLimit: (r: RateLimit) => void,
): Transport {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const fetch = o.fetch ?? (nodeFetch as unknown as FetchLike);

  let send: Sender = fetchTransport(fetch, createAgents({ ca: o.ca, skipTlsVerify: o.skipTlsVerify }), o.timeoutMs ?? 30_000); // 6
  send = logTransport(send, o.onRequest); // 5
  send = retryTransport(send, { retries: o.retries ?? 2, sleep, now }); // 4
  send = rateLimitTransport(send, onRateLimit); // 3
  send = redirectTransport(send); // 2

  const ping = new PingCache(send, registry.baseUrl, registry.host, userAgent);
  const credentials = new CredentialResolver(o.credentials, registry.host);
  const auth = new AuthTransport({
    send,
    ping,
    tokens: new TokenCache(now),
    tokenClient: new TokenClient(send, now),
    credentials,
    host: registry.host,
    baseUrl: registry.baseUrl,
    insecure: !!o.insecure,
    learned,
    userAgent,
    now,
  }); // 1
  return { auth, ping, plain: send, credentials };
}

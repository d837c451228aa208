/**
 * The one place the layers are put together. Read bottom-up, a request goes:
 *
 *   1. auth      — ping GET /v2/ once (cached) to learn the scheme; attach Basic or a Bearer
 *                  token for the request's scopes; on a 401 (or a 403 insufficient_scope) merge
 *                  scopes, fetch a token if that adds something, retry once (authLayer.ts).
 *   2. redirect  — follow 30x by hand; drop Authorization when the host:port changes (redirectLayer.ts).
 *   3. rate limit— record Docker Hub's ratelimit-* headers (rateLimitLayer.ts).
 *   4. retry     — GET/HEAD only: 429/502/503/504 and network errors, backoff, Retry-After;
 *                  waits capped, cancellable and reported (retryLayer.ts).
 *   5. log       — one redacted entry per HTTP exchange, registry and token server (logLayer.ts).
 *   6. fetch     — agent (CA, skip-verify, http/https), timeout, cancellation, bodies that fail as
 *                  RegistryErrors, own HTTP client over node:http (connection/).
 *
 * The token server is reached through layers 2–6 as well (its own redirects, retries and log
 * entries), never through 1: credentials for the realm are attached by the token client, and
 * every token request carries the realm's address checks (realm.ts), applied to each hop.
 * Every secret the client learns is kept in `secrets`, so the client's public face can mask it
 * in any message.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AuthLayer } from './authLayer';
import { createAgents } from './connection/agent';
import { fetchLayer } from './connection/fetchLayer';
import { nodeHttpFetch } from './connection/nodeHttp';
import { CredentialResolver } from './credentialResolver';
import type { Sender } from './http';
import { logLayer } from './logLayer';
import { PingCache } from './ping';
import { rateLimitLayer } from './rateLimitLayer';
import { realmGuard, systemLookup } from './realm';
import { redactUrl } from '../redact';
import { redirectLayer } from './redirectLayer';
import { abortableSleep, retryLayer, timerSleep } from './retryLayer';
import { Secrets } from './secrets';
import { TokenCache } from './tokenCache';
import { TokenClient } from './tokenClient';
import type { CallOptions, LearnedState, RateLimit, RegistryClientOptions, WaitEvent } from '../types';

/** The call in progress (set by the client's public methods): its own `onWait`, for the waits it causes. */
export const currentCall = new AsyncLocalStorage<Pick<CallOptions, 'onWait'>>();

export interface Transport {
  auth: AuthLayer;
  ping: PingCache;
  /** Layers 2–6, for requests that need no auth (redirect targets are handled inside). */
  plain: Sender;
  /** The caller's credentials, resolved once (also for Docker Hub's own API). */
  credentials: CredentialResolver;
  /** Every secret learned so far, to mask in messages. */
  secrets: Secrets;
}

export function createTransport(
  o: RegistryClientOptions,
  registry: { host: string; baseUrl: string },
  learned: LearnedState,
  userAgent: string,
  onRateLimit: (r: RateLimit) => void,
): Transport {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ? abortableSleep(o.sleep) : timerSleep;
  const fetch = o.fetch ?? nodeHttpFetch;
  const secrets = new Secrets();
  const onWait = (e: { ms: number; reason: WaitEvent['reason']; status?: number; req: { operation: string; url: string } }) => {
    const event: WaitEvent = { host: registry.host, operation: e.req.operation, ms: e.ms, reason: e.reason, status: e.status, url: redactUrl(e.req.url) };
    for (const hook of [o.onWait, currentCall.getStore()?.onWait]) {
      try {
        hook?.(event);
      } catch {
        /* a broken hook must not break a request */
      }
    }
  };

  let send: Sender = fetchLayer(fetch, createAgents({ ca: o.ca, skipTlsVerify: o.skipTlsVerify }), o.timeoutMs ?? 30_000); // 6
  send = logLayer(send, o.onRequest); // 5
  send = retryLayer(send, { retries: o.retries ?? 2, sleep, now, onWait }); // 4
  send = rateLimitLayer(send, onRateLimit); // 3
  send = redirectLayer(send); // 2

  const ping = new PingCache(send, registry.baseUrl, registry.host, userAgent);
  const credentials = new CredentialResolver(o.credentials, registry.host, secrets, o.credentialsRejected);
  const realm = realmGuard({
    registryHostname: new URL(registry.baseUrl).hostname,
    registryHost: registry.host,
    allowPrivate: !!o.allowPrivateTokenServer,
    lookup: o.lookup ?? systemLookup,
  });
  const auth = new AuthLayer({
    send,
    ping,
    tokens: new TokenCache(now),
    tokenClient: new TokenClient(send, now, secrets, { checkAddress: realm.check, allowIp: realm.allowIp }),
    credentials,
    host: registry.host,
    baseUrl: registry.baseUrl,
    insecure: !!o.insecure,
    learned,
    userAgent,
    now,
  }); // 1
  return { auth, ping, plain: send, credentials, secrets };
}

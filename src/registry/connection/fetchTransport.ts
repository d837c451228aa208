/**
 * The bottom layer: one HTTP exchange through `fetch` with the right agent, a per-request
 * timeout, the caller's cancellation, and failures turned into RegistryErrors (network, tls,
 * timeout, cancelled). The timeout covers the wait for the response headers; after them, the
 * same time without a byte while a reader waits fails the body (`withIdleTimeout`): a blob may
 * stream for as long as it keeps moving. Cancellation covers the body too.
 */
import { transportError } from '../errors';
import { hostOf, openBody, type HttpRequest, type Sender } from '../http';
import { redactUrl } from '../redact';
import type { FetchLike } from '../types';
import type { Agents } from './agent';
import { RegistryError } from '../errors';
import { withIdleTimeout } from './idleBody';

export function fetchTransport(fetch: FetchLike, agents: Agents, timeoutMs: number): Sender {
  return async (req: HttpRequest) => {
    const controller = new AbortController();
    let timedOut = false;
    const onCancel = () => controller.abort();
    if (req.signal?.aborted) throw transportError(new Error('aborted'), { ...ctx(req), cancelled: true });
    req.signal?.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const raw = await fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: openBody(req.body),
        redirect: 'manual',
        signal: controller.signal,
        agent: agents.forUrl(req.url),
      });
      const res = withIdleTimeout(raw, timeoutMs, () => {
        const c = ctx(req);
        return new RegistryError({
          kind: 'timeout',
          operation: req.operation,
          url: c.url,
          message: `${c.host} stopped sending its answer for ${Math.round(timeoutMs / 1000)} s (${req.operation}).`,
          hint: 'The registry or a proxy in between may be stuck; try again.',
        });
      });
      const body = res.body as (NodeJS.ReadableStream & { once?: Function }) | null;
      if (body && typeof body.once === 'function') {
        const done = () => req.signal?.removeEventListener('abort', onCancel);
        body.once('end', done);
        body.once('close', done);
        body.once('error', done);
      } else req.signal?.removeEventListener('abort', onCancel);
      return res;
    } catch (err) {
      req.signal?.removeEventListener('abort', onCancel);
      throw transportError(err, { ...ctx(req), timeoutMs, timedOut, cancelled: !!req.signal?.aborted && !timedOut });
    } finally {
      clearTimeout(timer);
    }
  };
}

function ctx(req: HttpRequest) {
  return { operation: req.operation, host: hostOf(req.url), url: redactUrl(req.url) };
}

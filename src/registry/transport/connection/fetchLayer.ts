/**
 * The bottom layer: one HTTP exchange through `fetch` with the right agent, a per-request
 * timeout, the caller's cancellation, and every failure turned into a RegistryError (network,
 * tls, timeout, cancelled) — before the response and while its body is read. The timeout covers
 * the wait for the response headers; after them, the same time without a byte while a reader
 * waits fails the body (`guardBody`): a blob may stream for as long as it keeps moving.
 * Cancellation covers the body too.
 */
import { bodyFailure, RegistryError, transportError } from '../../errors';
import { hostOf, openBody, type HttpRequest, type Sender } from '../http';
import { redactUrl } from '../../redact';
import type { FetchLike } from '../../types';
import type { Agents } from './agent';
import { guardBody } from './guardedBody';
import { abortError } from './nodeHttp';

export function fetchLayer(fetch: FetchLike, agents: Agents, timeoutMs: number): Sender {
  return async (req: HttpRequest) => {
    const c = ctx(req);
    if (req.signal?.aborted) throw transportError(abortError(), { ...c, cancelled: true });
    const controller = new AbortController();
    let timedOut = false;
    const onCancel = () => controller.abort();
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
        ...(req.decompress === false ? { decompress: false } : {}),
        ...(req.allowIp ? { allowIp: req.allowIp } : {}),
      });
      const res = guardBody(raw, {
        idleMs: timeoutMs,
        stalled: () =>
          new RegistryError({
            kind: 'timeout',
            operation: req.operation,
            url: c.url,
            message: `${c.host} stopped sending its answer for ${Math.round(timeoutMs / 1000)} s (${req.operation}).`,
            hint: 'The registry or a proxy in between may be stuck; try again.',
          }),
        mapError: (e) => bodyFailure(req.signal?.aborted ? abortError() : e, { ...c, what: `the answer to ${req.operation}` }),
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
      throw transportError(err, { ...c, timeoutMs, timedOut, cancelled: !!req.signal?.aborted && !timedOut });
    } finally {
      clearTimeout(timer);
    }
  };
}

function ctx(req: HttpRequest) {
  return { operation: req.operation, host: hostOf(req.url), url: redactUrl(req.url) };
}

/**
 * Retries idempotent requests (GET, HEAD) on 429/502/503/504 and on network failures, with
 * exponential backoff, honouring `Retry-After` (seconds or an HTTP date). Writes and DELETEs are
 * never retried here: they may have taken effect.
 *
 * Waits are bounded (`LIMITS.retryWaitMs` each, `LIMITS.totalWaitMs` per request): a registry
 * asking for a longer wait gets its answer back at once, so the error can say when to try again
 * instead of freezing the caller. A wait ends at once when the caller cancels, and every wait of
 * a second or more is reported (`onWait`) so the log and the progress notification can show it.
 * An answer that will be retried is dropped unread.
 */
import { RegistryError, isRegistryError } from '../errors';
import { discard } from './body';
import { hostOf, type HttpRequest, type Sender } from './http';
import { LIMITS } from '../limits';
import type { FetchResponse } from '../types';

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** Kept for callers of the old name: one wait's cap. */
export const MAX_RETRY_WAIT_MS = LIMITS.retryWaitMs;
const BASE_DELAY_MS = 200;

export interface RetryOptions {
  retries: number;
  sleep: (ms: number, signal?: AbortSignal, what?: WaitFor) => Promise<void>;
  now: () => number;
  /** Called before every wait of `LIMITS.reportWaitMs` or more. */
  onWait?: (e: { ms: number; reason: 'retry-after' | 'backoff'; status?: number; req: HttpRequest }) => void;
}

/** Milliseconds a `Retry-After` header asks for (uncapped), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) return undefined;
  return Math.max(0, t - now);
}

function backoff(attempt: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** attempt, LIMITS.retryWaitMs);
}

/** What is waiting, for the words of a cancellation. */
export interface WaitFor {
  operation: string;
  host: string;
}

/** The default wait: a timer, cleared when `signal` fires (the wait ends at once, nothing lingers). */
export function timerSleep(ms: number, signal?: AbortSignal, what?: WaitFor): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledWait(what));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledWait(what));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A caller's sleep (tests inject one) made to end early, with a `cancelled` RegistryError, when `signal` fires. */
export function abortableSleep(sleep: (ms: number) => Promise<void>): (ms: number, signal?: AbortSignal, what?: WaitFor) => Promise<void> {
  return (ms, signal, what) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelledWait(what));
      const onAbort = () => reject(cancelledWait(what));
      signal?.addEventListener('abort', onAbort, { once: true });
      sleep(ms).then(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
}

/**
 * Waits for a promise another call started (a shared token fetch, the ping) until `signal`
 * fires: cancelling this call must not wait for someone else's request.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined, what?: WaitFor): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(cancelledWait(what));
    const onAbort = () => reject(cancelledWait(what));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function cancelledWait(what?: WaitFor): RegistryError {
  if (!what) return new RegistryError({ kind: 'cancelled', operation: 'wait', message: 'Cancelled while waiting for the registry.' });
  return new RegistryError({
    kind: 'cancelled',
    operation: what.operation,
    message: `Cancelled: ${what.operation} on ${what.host} was stopped before it finished (while waiting to retry).`,
  });
}

export function retryLayer(inner: Sender, opts: RetryOptions): Sender {
  return async (req) => {
    const idempotent = req.method === 'GET' || req.method === 'HEAD';
    const limit = idempotent ? Math.max(0, opts.retries) : 0;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      let res: FetchResponse | undefined;
      let failure: unknown;
      try {
        res = await inner(req);
      } catch (err) {
        const transient = isRegistryError(err) && (err.kind === 'network' || err.kind === 'timeout');
        if (!transient || attempt >= limit || req.signal?.aborted) throw err;
        failure = err;
      }
      if (res && (!RETRY_STATUSES.has(res.status) || attempt >= limit || req.signal?.aborted)) return res;
      const asked = res ? parseRetryAfter(res.headers.get('retry-after'), opts.now()) : undefined;
      const wait = asked ?? backoff(attempt);
      if (wait > LIMITS.retryWaitMs || waited + wait > LIMITS.totalWaitMs) {
        // Longer than we wait: the caller gets the answer now (its error says when to retry).
        if (res) return res;
        throw failure;
      }
      if (res) discard(res);
      waited += wait;
      if (wait >= LIMITS.reportWaitMs) opts.onWait?.({ ms: wait, reason: asked !== undefined ? 'retry-after' : 'backoff', status: res?.status, req });
      await opts.sleep(wait, req.signal, { operation: req.operation, host: hostOf(req.url) });
    }
  };
}

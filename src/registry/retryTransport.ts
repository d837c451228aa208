/**
 * Retries idempotent requests (GET, HEAD) on 429/502/503/504 and on network failures, with
 * exponential backoff, honouring `Retry-After` (seconds or an HTTP date) up to a cap. Writes
 * and DELETEs are never retried here: they may have taken effect.
 */
import { isRegistryError } from './errors';
import { drain, type Sender } from './http';
import type { FetchResponse } from './types';

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
export const MAX_RETRY_WAIT_MS = 30_000;
const BASE_DELAY_MS = 200;

export interface RetryOptions {
  retries: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Milliseconds to wait from a `Retry-After` header, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_WAIT_MS);
  const t = Date.parse(v);
  if (!Number.isFinite(t)) return undefined;
  return Math.min(Math.max(0, t - now), MAX_RETRY_WAIT_MS);
}

function backoff(attempt: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_RETRY_WAIT_MS);
}

export function retryTransport(inner: Sender, opts: RetryOptions): Sender {
  return async (req) => {
    const idempotent = req.method === 'GET' || req.method === 'HEAD';
    const limit = idempotent ? Math.max(0, opts.retries) : 0;
    for (let attempt = 0; ; attempt++) {
      let res: FetchResponse;
      try {
        res = await inner(req);
      } catch (err) {
        const transient = isRegistryError(err) && (err.kind === 'network' || err.kind === 'timeout');
        if (!transient || attempt >= limit || req.signal?.aborted) throw err;
        await opts.sleep(backoff(attempt));
        continue;
      }
      if (!RETRY_STATUSES.has(res.status) || attempt >= limit || req.signal?.aborted) return res;
      const wait = parseRetryAfter(res.headers.get('retry-after'), opts.now()) ?? backoff(attempt);
      await drain(res);
      await opts.sleep(wait);
    }
  };
}

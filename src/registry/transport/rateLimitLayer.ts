/** Docker Hub style rate-limit headers: `ratelimit-limit: 100;w=21600`, `ratelimit-remaining`, `docker-ratelimit-source`. */
import type { Sender } from './http';
import type { FetchResponse, RateLimit } from '../types';

function parsePair(v: string | null): { n?: number; w?: number } {
  if (!v) return {};
  const [num, ...params] = v.split(';');
  const n = Number.parseInt(num.trim(), 10);
  const w = params.map((p) => p.trim()).find((p) => p.startsWith('w='));
  return { n: Number.isFinite(n) ? n : undefined, w: w ? Number.parseInt(w.slice(2), 10) || undefined : undefined };
}

export function parseRateLimit(res: Pick<FetchResponse, 'headers'>): RateLimit | undefined {
  const limit = parsePair(res.headers.get('ratelimit-limit'));
  const remaining = parsePair(res.headers.get('ratelimit-remaining'));
  const source = res.headers.get('docker-ratelimit-source') ?? undefined;
  if (limit.n === undefined && remaining.n === undefined && !source) return undefined;
  return { limit: limit.n, remaining: remaining.n, windowSeconds: limit.w ?? remaining.w, source };
}

/** Records the last figures seen on a registry response. */
export function rateLimitLayer(inner: Sender, record: (r: RateLimit) => void): Sender {
  return async (req) => {
    const res = await inner(req);
    if (req.target === 'registry') {
      const r = parseRateLimit(res);
      if (r) record(r);
    }
    return res;
  };
}

/**
 * Calls the request-log hook once per HTTP exchange (registry and token server alike) with a
 * redacted URL and never a header: the log can be shown to anyone.
 */
import { isRegistryError } from '../errors';
import type { Sender } from './http';
import { redactUrl } from '../redact';
import type { RequestLogEntry } from '../types';

export function logLayer(inner: Sender, onRequest: ((e: RequestLogEntry) => void) | undefined, now: () => number = Date.now): Sender {
  if (!onRequest) return inner;
  const emit = (e: RequestLogEntry) => {
    try {
      onRequest(e);
    } catch {
      /* a broken log hook must not break a request */
    }
  };
  return async (req) => {
    const start = now();
    const base = { target: req.target, method: req.method, url: redactUrl(req.url) };
    try {
      const res = await inner(req);
      emit({ ...base, status: res.status, durationMs: now() - start });
      return res;
    } catch (err) {
      const error = isRegistryError(err) ? err.kind : 'error';
      emit({ ...base, durationMs: now() - start, error });
      throw err;
    }
  };
}

/**
 * The request log: one line per HTTP request of the registry client. Entries carry redacted URLs
 * and no headers (see RequestLogEntry), so nothing secret can reach the channel from here.
 * Pure: the "Registry Explorer" LogOutputChannel itself is created in extension.ts.
 */
import type { RequestLogEntry } from './registry';

export const LOG_CHANNEL_NAME = 'Registry Explorer';

/** `GET http://127.0.0.1:5000/v2/_catalog?n=50 200 12 ms` (token requests are marked `token`). */
export function formatRequest(entry: RequestLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error ?? 'no response'})`;
  const prefix = entry.target === 'token' ? 'token ' : '';
  return `${prefix}${entry.method} ${entry.url} ${outcome} ${Math.round(entry.durationMs)} ms`;
}

/** Failures and refusals are warnings so they stand out at the default log level. */
export function requestLogLevel(entry: RequestLogEntry): 'info' | 'warn' {
  if (entry.status === undefined) return 'warn';
  // 401 is the normal first step of the token handshake; only other failures are worth a warning.
  return entry.status >= 400 && entry.status !== 401 ? 'warn' : 'info';
}

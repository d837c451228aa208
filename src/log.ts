/**
 * The request log: one line per HTTP request of the registry client. Entries carry redacted URLs
 * and no headers (see RequestLogEntry), so nothing secret can reach the channel from here.
 * Pure: the "Registry Explorer" LogOutputChannel itself is created in extension.ts.
 */
import type { RequestLogEntry, WaitEvent } from './registry';

export const LOG_CHANNEL_NAME = 'Registry Explorer';

/** `GET http://127.0.0.1:5000/v2/_catalog?n=50 200 12 ms` (token requests are marked `token`). */
export function formatRequest(entry: RequestLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error ?? 'no response'})`;
  const prefix = entry.target === 'token' ? 'token ' : '';
  return `${prefix}${entry.method} ${entry.url} ${outcome} ${Math.round(entry.durationMs)} ms`;
}

/**
 * Warnings for what someone reading the log should notice: no response, refusals (403, 429) and
 * server errors. 401 is the first step of every token handshake and 404 the normal answer of
 * probes (referrers fallback tags, HEAD before a copy), so those stay info.
 */
export function requestLogLevel(entry: RequestLogEntry): 'info' | 'warn' {
  if (entry.status === undefined) return 'warn';
  return entry.status === 403 || entry.status === 429 || entry.status >= 500 ? 'warn' : 'info';
}

/** `127.0.0.1:5000 asked to wait 20 s (503) before retrying: list the tags of foo/bar`. */
export function formatWait(e: WaitEvent): string {
  const s = Math.round(e.ms / 1000);
  const why = e.reason === 'retry-after' ? `asked to wait ${s} s (${e.status})` : `failed${e.status ? ` (${e.status})` : ''}; waiting ${s} s`;
  return `${e.host} ${why} before retrying: ${e.operation}`;
}

/**
 * The one error type of the registry client, and the sentences it says.
 * Every message names what happened, what it means, and what to do next.
 */
import type { RegistryErrorKind } from './types';

export interface RegistryErrorInit {
  kind: RegistryErrorKind;
  message: string;
  operation: string;
  status?: number;
  codes?: string[];
  url?: string;
  hint?: string;
  cause?: unknown;
}

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly status?: number;
  /** The registry's error codes (`UNAUTHORIZED`, `DENIED`, `UNSUPPORTED`, …), possibly empty. */
  readonly codes: string[];
  /** What the client was doing, e.g. `delete manifest foo/bar@sha256:…`. */
  readonly operation: string;
  /** Redacted URL of the failing request. */
  readonly url?: string;
  /** What the user can do about it. */
  readonly hint?: string;

  constructor(init: RegistryErrorInit) {
    super(init.message);
    this.name = 'RegistryError';
    this.kind = init.kind;
    this.status = init.status;
    this.codes = init.codes ?? [];
    this.operation = init.operation;
    this.url = init.url;
    this.hint = init.hint;
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause;
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** One entry of a registry error body `{"errors":[{code,message,detail}]}`. */
export interface RegistryErrorEntry {
  code: string;
  message?: string;
  detail?: unknown;
}

/** Parses an error body; anything else (HTML, empty, HEAD) gives an empty list. */
export function parseErrorBody(text: string | undefined): RegistryErrorEntry[] {
  if (!text) return [];
  try {
    const json = JSON.parse(text);
    const list = json && Array.isArray(json.errors) ? json.errors : [];
    return list
      .filter((e: unknown) => e && typeof e === 'object' && typeof (e as RegistryErrorEntry).code === 'string')
      .map((e: RegistryErrorEntry) => ({ code: e.code, message: typeof e.message === 'string' ? e.message : undefined, detail: e.detail }));
  } catch {
    return [];
  }
}

function registryWords(entries: RegistryErrorEntry[]): string {
  const parts = entries.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code));
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export interface HttpErrorContext {
  operation: string;
  host: string;
  status: number;
  url?: string;
  /** Error body text, if any (HEAD has none). */
  body?: string;
  /** What was asked for, e.g. `foo/bar:latest`, for not-found sentences. */
  subject?: string;
}

/** Turns a non-success registry response into a RegistryError with a sentence a person understands. */
export function httpError(ctx: HttpErrorContext): RegistryError {
  const entries = parseErrorBody(ctx.body);
  const codes = entries.map((e) => e.code);
  const said = registryWords(entries);
  const base = { operation: ctx.operation, status: ctx.status, codes, url: ctx.url };
  const what = ctx.subject ?? ctx.operation;
  if (ctx.status === 405 || codes.includes('UNSUPPORTED')) {
    return new RegistryError({
      ...base,
      kind: 'unsupported',
      message: `${ctx.host} refuses to ${ctx.operation} (${ctx.status} ${codes[0] ?? 'Method Not Allowed'}): the registry does not allow this operation.`,
      hint: 'The registry administrator can enable it; otherwise use the registry’s own web interface or API.',
    });
  }
  if (ctx.status === 404) {
    return new RegistryError({ ...base, kind: 'not-found', message: `${what} was not found on ${ctx.host}${said}.`, hint: 'Check the repository name and the tag or digest; it may have been deleted.' });
  }
  if (ctx.status === 401) {
    return new RegistryError({ ...base, kind: 'unauthorized', message: `${ctx.host} did not accept the credentials for ${ctx.operation}${said}.`, hint: 'Sign in again with a valid user name and password or token.' });
  }
  if (ctx.status === 403) {
    return new RegistryError({ ...base, kind: 'denied', message: `${ctx.host} denied ${ctx.operation}${said}: you are signed in but not allowed to do this.`, hint: 'Ask the registry administrator for the permission, or sign in as another user.' });
  }
  if (ctx.status === 429 || codes.includes('TOOMANYREQUESTS')) {
    return new RegistryError({ ...base, kind: 'rate-limited', message: `${ctx.host} is rate limiting requests (${ctx.status})${said}.`, hint: 'Wait a while before trying again, or sign in to get a higher limit.' });
  }
  if (ctx.status >= 500) {
    return new RegistryError({ ...base, kind: 'server', message: `${ctx.host} failed with a server error (${ctx.status})${said} while trying to ${ctx.operation}.`, hint: 'The registry has a problem; try again later.' });
  }
  return new RegistryError({ ...base, kind: 'protocol', message: `${ctx.host} answered ${ctx.status}${said} to ${ctx.operation}.` });
}

/** Classifies a failure before any response: network, TLS, timeout or cancellation. */
export function transportError(err: unknown, ctx: { operation: string; host: string; url?: string; timeoutMs?: number; timedOut?: boolean; cancelled?: boolean }): RegistryError {
  if (err instanceof RegistryError) return err;
  const e = err as { code?: string; name?: string; message?: string; type?: string; errno?: string };
  const code = e?.code ?? e?.errno ?? '';
  const base = { operation: ctx.operation, url: ctx.url, cause: err };
  if (ctx.cancelled) {
    return new RegistryError({ ...base, kind: 'cancelled', message: `Cancelled: ${ctx.operation} on ${ctx.host} was stopped before it finished.` });
  }
  if (ctx.timedOut || e?.name === 'AbortError') {
    return new RegistryError({ ...base, kind: 'timeout', message: `${ctx.host} did not answer within ${Math.round((ctx.timeoutMs ?? 0) / 1000)} s (${ctx.operation}).`, hint: 'The registry may be overloaded or unreachable; try again, or raise the timeout.' });
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/i.test(code) || /certificate/i.test(e?.message ?? '')) {
    return new RegistryError({
      ...base,
      kind: 'tls',
      message: `The certificate of ${ctx.host} is not trusted (${code || e?.message}).`,
      hint: 'If you trust this registry, add its CA certificate or turn on skip verification in Edit Connection.',
    });
  }
  const reason: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    EPIPE: 'connection closed',
  };
  const why = reason[code] ?? (e?.message || String(err));
  return new RegistryError({
    ...base,
    kind: 'network',
    message: `Cannot reach ${ctx.host}: ${why}. Is the registry running, and is the address right?`,
    hint: 'Check the address and port, and that the registry is running and reachable from this machine.',
  });
}

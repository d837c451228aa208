/**
 * The one error type of the registry client, and the sentences it says.
 * Every message names what happened, what it means, and what to do next.
 */
import { scrubText } from './redact';

/** Kinds of failure, for callers that branch (tree error nodes, command messages). */
export type RegistryErrorKind =
  | 'unauthorized' // credentials missing or wrong
  | 'denied' // authenticated but not allowed (e.g. may not delete)
  | 'not-found'
  | 'unsupported' // the registry refuses the operation (405 / UNSUPPORTED / delete disabled)
  | 'invalid-reference'
  | 'digest-mismatch'
  | 'too-large'
  | 'rate-limited'
  | 'network' // connection refused, DNS, reset
  | 'tls'
  | 'timeout'
  | 'cancelled'
  | 'protocol' // malformed challenge or response, unsafe realm
  | 'server'; // 5xx

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

/** What a registry may put in a message of ours: one line, URLs redacted, token-like text masked. */
const QUOTED_CHARS = 300;

/**
 * Parses an error body; anything else (HTML, empty, HEAD) gives an empty list. Codes that are not
 * the spec's upper-case words are dropped, messages are cut and cleaned (see `scrubText`): they
 * come from the registry and end up in sentences people read.
 */
export function parseErrorBody(text: string | undefined): RegistryErrorEntry[] {
  if (!text) return [];
  try {
    const json = JSON.parse(text);
    const list: unknown[] = json && Array.isArray(json.errors) ? json.errors.slice(0, 10) : [];
    return list
      .filter(
        (e): e is RegistryErrorEntry =>
          !!e && typeof e === 'object' && typeof (e as RegistryErrorEntry).code === 'string' && /^[A-Z0-9_]{1,64}$/.test((e as RegistryErrorEntry).code),
      )
      .map((e) => ({
        code: e.code,
        message: typeof e.message === 'string' && e.message ? scrubText(e.message, [], QUOTED_CHARS) : undefined,
        detail: e.detail,
      }));
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
  /** What `Retry-After` asked for, in ms, when the answer was not waited for. */
  retryAfterMs?: number;
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
    return new RegistryError({
      ...base,
      kind: 'not-found',
      message: `${what} was not found on ${ctx.host}${said}.`,
      hint: 'Check the repository name and the tag or digest; it may have been deleted.',
    });
  }
  if (ctx.status === 401) {
    return new RegistryError({
      ...base,
      kind: 'unauthorized',
      message: `${ctx.host} did not accept the credentials for ${ctx.operation}${said}.`,
      hint: 'Sign in again with a valid user name and password or token.',
    });
  }
  if (ctx.status === 403) {
    return new RegistryError({
      ...base,
      kind: 'denied',
      message: `${ctx.host} denied ${ctx.operation}${said}: you are signed in but not allowed to do this.`,
      hint: 'Ask the registry administrator for the permission, or sign in as another user.',
    });
  }
  const later = ctx.retryAfterMs !== undefined ? ` It asks to wait ${formatWait(ctx.retryAfterMs)} before trying again.` : '';
  if (ctx.status === 429 || codes.includes('TOOMANYREQUESTS')) {
    return new RegistryError({
      ...base,
      kind: 'rate-limited',
      message: `${ctx.host} is rate limiting requests (${ctx.status})${said}.${later}`,
      hint: later ? 'Try again after that wait, or sign in to get a higher limit.' : 'Wait a while before trying again, or sign in to get a higher limit.',
    });
  }
  if (ctx.status >= 500) {
    return new RegistryError({
      ...base,
      kind: 'server',
      message: `${ctx.host} failed with a server error (${ctx.status})${said} while trying to ${ctx.operation}.${later}`,
      hint: 'The registry has a problem; try again later.',
    });
  }
  return new RegistryError({ ...base, kind: 'protocol', message: `${ctx.host} answered ${ctx.status}${said} to ${ctx.operation}.` });
}

/** `20 s`, `5 min`, `2 h`: a wait in words. */
export function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** Node and OS error codes, in words; a code not listed is shown as the code alone. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  ERR_STREAM_PREMATURE_CLOSE: 'connection closed early',
  HPE_INVALID_CONSTANT: 'the answer is not HTTP',
  HPE_INVALID_HEADER_TOKEN: 'the answer has a malformed header',
  HPE_HEADER_OVERFLOW: 'the answer’s headers are too large',
  ERR_INVALID_CHAR: 'a header value has a character HTTP does not allow',
  ERR_HTTP_INVALID_HEADER_VALUE: 'a header value is not allowed in HTTP',
  ERR_INVALID_URL: 'the address is not a valid URL',
  ERR_ADDRESS_REFUSED: 'its name now resolves to an address inside your network, where this request may not go',
};

/** An error code safe to show: letters, digits and `_` only (never free text from a library). */
export function safeCode(err: unknown): string {
  const e = err as { code?: unknown; errno?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.errno === 'string' ? e.errno : '';
  return /^[A-Z0-9_]{1,40}$/.test(code) ? code : '';
}

/**
 * Classifies a failure before any response: network, TLS, timeout or cancellation. The text of
 * the underlying error is never used: Node's and fetch libraries' messages carry full URLs
 * (signed storage URLs, upload `_state`) and header values. Only its code is shown.
 */
export function transportError(
  err: unknown,
  ctx: { operation: string; host: string; url?: string; timeoutMs?: number; timedOut?: boolean; cancelled?: boolean },
): RegistryError {
  if (err instanceof RegistryError) return err;
  const e = err as { name?: string } | undefined;
  const code = safeCode(err);
  const base = { operation: ctx.operation, url: ctx.url };
  if (ctx.cancelled) {
    return new RegistryError({ ...base, kind: 'cancelled', message: `Cancelled: ${ctx.operation} on ${ctx.host} was stopped before it finished.` });
  }
  if (ctx.timedOut || e?.name === 'AbortError') {
    return new RegistryError({
      ...base,
      kind: 'timeout',
      message: `${ctx.host} did not answer within ${Math.round((ctx.timeoutMs ?? 0) / 1000)} s (${ctx.operation}).`,
      hint: 'The registry may be overloaded or unreachable; try again, or raise the timeout.',
    });
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/.test(code)) {
    return new RegistryError({
      ...base,
      kind: 'tls',
      message: `The certificate of ${ctx.host} is not trusted (${code}).`,
      hint: 'If you trust this registry, add its CA certificate or turn on skip verification in Edit Connection.',
    });
  }
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
    return new RegistryError({
      ...base,
      kind: 'protocol',
      message: `Could not send the request to ${ctx.host} (${ctx.operation}): ${NETWORK_REASONS[code]}.`,
      hint: 'A stored login or token may be damaged; sign in again.',
    });
  }
  const why = NETWORK_REASONS[code] ?? (code ? `the connection failed (${code})` : 'the connection failed');
  return new RegistryError({
    ...base,
    kind: 'network',
    message: `Cannot reach ${ctx.host}: ${why}. Is the registry running, and is the address right?`,
    hint: 'Check the address and port, and that the registry is running and reachable from this machine.',
  });
}

/** A body that failed while it was being read, with what was known of it (see `bodyFailure`). */
export class BodyError extends RegistryError {
  constructor(
    init: RegistryErrorInit,
    readonly received?: number,
    readonly expected?: number,
  ) {
    super(init);
  }
}

interface BodyFailureContext {
  what: string;
  operation: string;
  host: string;
  url?: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The RegistryError for a body that could not be read to its end: cut short or reset (`BodyReadError`
 * from the connection, or an earlier BodyError re-worded for `what`), undecodable, cancelled.
 */
export function bodyFailure(err: unknown, c: BodyFailureContext): RegistryError {
  const base = { operation: c.operation, url: c.url };
  const e = err as { name?: string; reason?: string; received?: number; expected?: number; kind?: string } | undefined;
  if (err instanceof RegistryError && !(err instanceof BodyError)) return err;
  if (e?.name === 'AbortError' || e?.kind === 'cancelled') {
    return new RegistryError({ ...base, kind: 'cancelled', message: `Cancelled: ${c.operation} on ${c.host} was stopped before it finished.` });
  }
  if (e?.reason === 'decode' || (err instanceof BodyError && err.kind === 'protocol')) {
    return new BodyError({
      ...base,
      kind: 'protocol',
      message: `${c.host} sent ${c.what} compressed, but it does not decompress.`,
      hint: 'The registry or a proxy in between garbled the answer; try again.',
    });
  }
  const received = typeof e?.received === 'number' ? e.received : undefined;
  const expected = typeof e?.expected === 'number' ? e.expected : undefined;
  const how =
    received === undefined
      ? ''
      : expected !== undefined && expected > received
        ? ` after ${count(received)} of ${count(expected)} bytes`
        : ` after ${count(received)} bytes`;
  return new BodyError(
    {
      ...base,
      kind: 'network',
      message: `${c.host} closed the connection${how} of ${c.what}.`,
      hint: 'The registry or a proxy in between dropped the connection; try again.',
    },
    received,
    expected,
  );
}

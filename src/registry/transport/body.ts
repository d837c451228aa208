/**
 * Reading response bodies: always under a cap counted while reading (after decompression), and
 * every failure on the way — too large, cut short, reset, undecodable, not JSON — as a
 * RegistryError whose sentence names what was being read. Also digests of bytes.
 */
import { createHash } from 'node:crypto';
import { BodyError, RegistryError, bodyFailure } from '../errors';
import { LIMITS, formatCap } from '../limits';
import type { FetchResponse } from '../types';

/** What is being read, for messages: `what` starts lower-case ("the tag list of foo/bar"). */
export interface ReadContext {
  what: string;
  operation: string;
  host: string;
  url?: string;
}

type Body = NodeJS.ReadableStream & { destroy?: (e?: Error) => void };

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function tooLarge(max: number, c: ReadContext): RegistryError {
  return new RegistryError({
    kind: 'too-large',
    operation: c.operation,
    url: c.url,
    message: `${sentence(c.what)} from ${c.host} is larger than ${formatCap(max)}; refusing to load it.`,
    hint: 'A registry does not normally send that much here; it may be misconfigured or sending something else.',
  });
}

function declaredLength(res: FetchResponse): number | undefined {
  const n = Number(res.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** The body, whole, refusing (and dropping the connection) as soon as it passes `max` bytes. */
export async function readBody(res: FetchResponse, max: number, c: ReadContext): Promise<Buffer> {
  const body = res.body as Body | null;
  const encoded = !!res.headers.get('content-encoding');
  const declared = declaredLength(res);
  // Content-Length counts encoded bytes: a plain answer that announces more is refused unread.
  if (!encoded && declared !== undefined && declared > max) {
    body?.destroy?.();
    throw tooLarge(max, c);
  }
  if (!body) {
    // An injected fetch without a stream (tests): bounded after the fact.
    let whole: ArrayBuffer;
    try {
      whole = await res.arrayBuffer();
    } catch (e) {
      throw bodyFailure(e, c);
    }
    const bytes = Buffer.from(whole);
    if (bytes.length > max) throw tooLarge(max, c);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += b.length;
      if (total > max) {
        body.destroy?.();
        throw tooLarge(max, c);
      }
      chunks.push(b);
    }
  } catch (e) {
    if (e instanceof RegistryError && !(e instanceof BodyError)) throw e;
    throw bodyFailure(e, c);
  }
  return Buffer.concat(chunks);
}

/** The body parsed as JSON (an object or array), or a RegistryError saying it is not JSON. */
export async function readJson(res: FetchResponse, max: number, c: ReadContext): Promise<unknown> {
  return parseJson(await readBody(res, max, c), c);
}

export function parseJson(bytes: Buffer, c: ReadContext): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError({
      kind: 'protocol',
      operation: c.operation,
      url: c.url,
      message: `${sentence(c.what)} from ${c.host} is not valid JSON.`,
      hint: 'The registry, or a proxy or login page in front of it, sent something else.',
    });
  }
}

/**
 * An error body as text, for messages: at most `LIMITS.errorBodyBytes` are read and the rest is
 * not (the connection is dropped). Never throws: an unreadable error body is an empty one.
 */
export async function readErrorBody(res: FetchResponse, max = LIMITS.errorBodyBytes): Promise<string> {
  const body = res.body as Body | null;
  try {
    if (!body) return (await res.text()).slice(0, max);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(b);
      total += b.length;
      if (total >= max) {
        body.destroy?.();
        break;
      }
    }
    return Buffer.concat(chunks).subarray(0, max).toString('utf8');
  } catch {
    return '';
  }
}

/**
 * Reads and discards a small body so the connection can be reused; a body announced (or found)
 * larger than `LIMITS.drainBytes` is not read on, the connection is dropped instead.
 */
export async function drain(res: FetchResponse): Promise<void> {
  const body = res.body as Body | null;
  if (!body) return;
  const declared = declaredLength(res);
  if (declared === undefined || declared > LIMITS.drainBytes) return discard(res);
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      total += chunk.length;
      if (total > LIMITS.drainBytes) return discard(res);
    }
  } catch {
    /* the connection is dropped; nothing to report */
  }
}

/** Drops a body unread (an answer that will be retried, or one nobody needs). */
export function discard(res: FetchResponse): void {
  (res.body as Body | null)?.destroy?.();
}

/** `algo:hex` of the bytes, with the algorithm of `like` (sha256 unless it names sha512). */
export function digestOf(bytes: Buffer, like = 'sha256:'): string {
  const algo = like.startsWith('sha512:') ? 'sha512' : 'sha256';
  return `${algo}:${createHash(algo).update(bytes).digest('hex')}`;
}

export function digestMismatch(expected: string, actual: string, c: ReadContext): RegistryError {
  return new RegistryError({
    kind: 'digest-mismatch',
    operation: c.operation,
    url: c.url,
    message: `${sentence(c.what)} from ${c.host} does not match its digest: expected ${expected}, got ${actual}.`,
    hint: 'The content was changed or corrupted on the way (a proxy?). Try again; if it persists, tell the registry administrator.',
  });
}

/** Reading response bodies with a size cap, and digests of bytes. */
import { createHash } from 'node:crypto';
import { RegistryError } from './errors';
import type { FetchResponse } from './types';

export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

function tooLarge(what: string, max: number, operation: string, url?: string): RegistryError {
  return new RegistryError({
    kind: 'too-large',
    operation,
    url,
    message: `${what} is larger than ${Math.round(max / 1024)} KiB; refusing to load it.`,
    hint: 'This is unusual for a manifest or a config; the registry may be sending something else.',
  });
}

/** Reads the body into memory, stopping (and dropping the connection) as soon as it exceeds `max`. */
export async function readBounded(res: FetchResponse, max: number, ctx: { what: string; operation: string; url?: string }): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  const body = res.body as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
  if (Number.isFinite(declared) && declared > max) {
    body?.destroy?.();
    throw tooLarge(ctx.what, max, ctx.operation, ctx.url);
  }
  if (!body) return Buffer.from(await res.arrayBuffer());
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > max) {
      body.destroy?.();
      throw tooLarge(ctx.what, max, ctx.operation, ctx.url);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** `algo:hex` of the bytes, with the algorithm of `like` (sha256 by default). */
export function digestOf(bytes: Buffer, like = 'sha256:'): string {
  const algo = like.slice(0, like.indexOf(':'));
  const nodeAlgo = algo === 'sha512' ? 'sha512' : algo === 'sha384' ? 'sha384' : 'sha256';
  return `${nodeAlgo}:${createHash(nodeAlgo).update(bytes).digest('hex')}`;
}

export function digestMismatch(expected: string, actual: string, ctx: { what: string; operation: string; url?: string; host: string }): RegistryError {
  return new RegistryError({
    kind: 'digest-mismatch',
    operation: ctx.operation,
    url: ctx.url,
    message: `${ctx.what} from ${ctx.host} does not match its digest: expected ${expected}, got ${actual}.`,
    hint: 'The content was changed or corrupted on the way (a proxy?). Try again; if it persists, tell the registry administrator.',
  });
}

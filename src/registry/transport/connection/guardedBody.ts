/**
 * A response whose body fails with a RegistryError, never a library's error, while it is read:
 *
 * - a registry that sends headers and then stalls (a half-dead backend, a stuck proxy) fails with
 *   `stalled()` after the idle time without a byte, instead of leaving a read waiting forever.
 *   Time counts only while nothing waits to be read: a slow reader (an upload that takes the bytes
 *   at its own pace) is not a stall;
 * - anything else that breaks the body (cut short, reset, undecodable, cancelled) goes through
 *   `mapError`.
 */
import { Transform, type Readable } from 'node:stream';
import type { FetchResponse } from '../../types';

export interface BodyGuard {
  idleMs: number;
  stalled: () => Error;
  mapError: (err: unknown) => Error;
}

export function guardBody(res: FetchResponse, g: BodyGuard): FetchResponse {
  const source = res.body as Readable | null;
  if (!source || typeof (source as { pipe?: unknown }).pipe !== 'function') return res;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const arm = () => {
    clearTimeout(timer);
    if (finished) return;
    timer = setTimeout(check, g.idleMs);
    timer.unref?.();
  };
  const check = () => {
    if (finished) return;
    if (body.readableLength > 0 || body.writableLength > 0) return arm();
    body.destroy(g.stalled());
  };
  const body = new Transform({
    transform(chunk, _enc, done) {
      arm();
      done(null, chunk);
    },
  });
  const stop = () => {
    finished = true;
    clearTimeout(timer);
  };
  // 'finish': the server has sent everything (whether or not it was read yet).
  body.once('finish', stop);
  body.once('close', () => {
    stop();
    // The reader gave up (or the body failed): close the connection too.
    source.destroy();
  });
  source.once('error', (e) => body.destroy(g.mapError(e)));
  source.pipe(body);
  arm();

  const all = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Buffer | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
    return Buffer.concat(chunks);
  };
  return {
    status: res.status,
    headers: res.headers,
    body,
    text: async () => (await all()).toString('utf8'),
    arrayBuffer: async () => {
      const b = await all();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

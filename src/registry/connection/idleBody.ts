/**
 * A response whose body fails with a `timeout` RegistryError when the server stops sending it:
 * the request timeout covers the wait for the headers; this covers a registry that sends headers
 * and then stalls (a half-dead backend, a stuck proxy), which would otherwise leave a read
 * waiting forever. Time counts only while nothing waits to be read: a slow reader (an upload that
 * takes the bytes at its own pace) is not a stall.
 */
import { Transform, pipeline, type Readable } from 'node:stream';
import type { FetchResponse } from '../types';

export function withIdleTimeout(res: FetchResponse, idleMs: number, stalled: () => Error): FetchResponse {
  const source = res.body as Readable | null;
  if (!source || typeof (source as { pipe?: unknown }).pipe !== 'function') return res;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const arm = () => {
    clearTimeout(timer);
    if (finished) return;
    timer = setTimeout(check, idleMs);
    timer.unref?.();
  };
  const check = () => {
    if (finished) return;
    if (body.readableLength > 0 || body.writableLength > 0) return arm();
    body.destroy(stalled());
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
  body.once('close', stop);
  pipeline(source, body, () => undefined);
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

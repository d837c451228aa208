/**
 * The client's own `fetch` over Node's http/https, so that what a registry sends can be held to
 * account while it arrives:
 *
 * - a body that ends before its `Content-Length`, or a connection reset mid-body, fails the
 *   body at once with a `BodyReadError` saying how many bytes came (node-fetch v2 leaves such a
 *   read waiting forever);
 * - `gzip`, `deflate` and `br` answers are decompressed as they are read, so a caller that counts
 *   what it reads counts what the answer inflates to (a small bomb stops at the caller's cap);
 * - header values are validated by Node itself, whose error names the header, never its value.
 *
 * Redirects are never followed here (the redirect layer does that). `http` and `https` are used
 * through their module objects at call time: VS Code's proxy support patches those.
 */
import { lookup as dnsLookup, type LookupAddress } from 'dns';
import * as http from 'http';
import * as https from 'https';
import { PassThrough, type Readable, type Transform } from 'stream';
import * as zlib from 'zlib';
import type { FetchInit, FetchLike, FetchResponse } from '../../types';

/** Why a body could not be read to its end; the fetch layer turns it into a RegistryError. */
export class BodyReadError extends Error {
  constructor(
    readonly reason: 'truncated' | 'decode',
    /** Bytes that arrived on the wire (before decompression). */
    readonly received: number,
    /** What `Content-Length` announced, when it did. */
    readonly expected: number | undefined,
  ) {
    super(reason === 'truncated' ? 'the connection closed before the answer was complete' : 'the answer could not be decompressed');
    this.name = 'BodyReadError';
  }
}

/** The error an aborted request or body fails with (what `fetch` implementations throw). */
export function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

/** An extra request option: `false` keeps an encoded body as it came (content-addressed blobs). */
export interface NodeHttpInit extends FetchInit {
  decompress?: boolean;
  /** Refuses a connection to an address this returns false for (the realm rule; see realm.ts). */
  allowIp?: (hostname: string, ip: string) => boolean;
}

/** A `lookup` for `net.connect` that drops the connection when an address is refused. */
function guardedLookup(allowIp: (hostname: string, ip: string) => boolean) {
  return (hostname: string, opts: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, opts as { all: true }, (err, result: string | LookupAddress[], family?: number) => {
      if (err) return cb(err, result, family);
      const all = Array.isArray(result) ? result.map((r) => r.address) : [result];
      if (all.some((ip) => !allowIp(hostname, ip))) {
        return cb(Object.assign(new Error('the address of this host is not allowed for this request'), { code: 'ERR_ADDRESS_REFUSED' }), result, family);
      }
      cb(null, result, family);
    });
  };
}

export const nodeHttpFetch: FetchLike = (url: string, init: NodeHttpInit) =>
  new Promise<FetchResponse>((resolve, reject) => {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      reject(new TypeError(`only http and https are supported, not ${u.protocol}`));
      return;
    }
    if (init.signal?.aborted) {
      reject(abortError());
      return;
    }
    const options: Record<string, unknown> = {
      protocol: u.protocol,
      hostname: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port || undefined,
      path: `${u.pathname}${u.search}`,
      method: init.method,
      headers: init.headers,
    };
    // The agent is a value or, as node-fetch v2 takes it, a function of the parsed URL that may
    // add TLS options to it (see agent.ts); those then travel on the request's own options.
    const agent = typeof init.agent === 'function' ? (init.agent as (o: Record<string, unknown>) => unknown)(options) : init.agent;
    if (agent) options.agent = agent;
    if (init.allowIp) options.lookup = guardedLookup(init.allowIp);

    let req: http.ClientRequest;
    try {
      req = (u.protocol === 'https:' ? https : http).request(options as http.RequestOptions);
    } catch (e) {
      reject(e); // an illegal header value: Node names the header, not the value
      return;
    }
    let settled = false;
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      req.destroy(abortError());
    };
    init.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => init.signal?.removeEventListener('abort', onAbort);

    req.on('error', (e) => {
      if (settled) return;
      settled = true;
      done();
      reject(aborted ? abortError() : e);
    });
    req.on('response', (res) => {
      settled = true;
      const body = responseBody(res, init, () => aborted);
      body.once('close', done);
      resolve(toResponse(res, body));
    });

    const b = init.body;
    if (b === undefined) req.end();
    else if (Buffer.isBuffer(b)) req.end(b);
    else {
      const source = b as Readable;
      source.once('error', (e) => req.destroy(e));
      source.pipe(req);
    }
  });

function contentLength(res: http.IncomingMessage): number | undefined {
  const v = res.headers['content-length'];
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function decoderFor(encoding: string): Transform | undefined | 'unknown' {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return 'unknown';
  }
}

/**
 * The body as the caller reads it: decoded, and failing with a BodyReadError as soon as the
 * connection closes early. Destroying it (a caller that has read enough) closes the connection.
 */
function responseBody(res: http.IncomingMessage, init: NodeHttpInit, aborted: () => boolean): Readable {
  const out = new PassThrough();
  const expected = init.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304 ? 0 : contentLength(res);
  let received = 0;
  let failed = false;
  const fail = (e: Error) => {
    if (failed) return;
    failed = true;
    out.destroy(aborted() ? abortError() : e);
    res.destroy();
  };
  const encoding =
    init.decompress === false
      ? ''
      : String(res.headers['content-encoding'] ?? '')
          .trim()
          .toLowerCase();
  const decoder = decoderFor(encoding);
  if (decoder === 'unknown') {
    // Failed once the caller holds the body (an error emitted before it listens would be lost).
    setImmediate(() => fail(new BodyReadError('decode', 0, expected)));
    return out;
  }
  res.on('data', (chunk: Buffer) => (received += chunk.length));
  res.on('error', () => fail(new BodyReadError('truncated', received, expected)));
  res.on('close', () => {
    if (!res.complete) fail(new BodyReadError('truncated', received, expected));
  });
  if (decoder) {
    decoder.on('error', () => fail(new BodyReadError('decode', received, expected)));
    res.pipe(decoder).pipe(out);
  } else res.pipe(out);
  out.on('close', () => {
    if (!res.complete) res.destroy();
    decoder?.destroy();
  });
  return out;
}

function toResponse(res: http.IncomingMessage, body: Readable): FetchResponse {
  const all = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Buffer>) chunks.push(c);
    return Buffer.concat(chunks);
  };
  return {
    status: res.statusCode ?? 0,
    headers: {
      get(name: string): string | null {
        const v = res.headersDistinct[name.toLowerCase()];
        return v && v.length ? v.join(', ') : null;
      },
      raw(): Record<string, string[]> {
        return { ...res.headersDistinct } as Record<string, string[]>;
      },
    },
    body,
    text: async () => (await all()).toString('utf8'),
    arrayBuffer: async () => {
      const b = await all();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

/** The request shape every transport layer passes down, and the layer signature. */
import type { FetchResponse } from '../types';

/** A replayable body: bytes, or a factory opening a fresh stream on every attempt. */
export type ReplayableBody = Buffer | (() => NodeJS.ReadableStream | Buffer);

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: ReplayableBody;
  signal?: AbortSignal;
  /** Human words for errors, e.g. `delete manifest foo/bar@sha256:…`. */
  operation: string;
  /** Who answers: the registry API or its token server (for the request log). */
  target: 'registry' | 'token';
  /** `false`: keep an encoded body as sent (content-addressed blobs are verified on their bytes). */
  decompress?: boolean;
  /**
   * Checked before the request and before every redirect hop it takes: throws to refuse an
   * address (a token realm may not lead inside the network; see realm.ts).
   */
  checkAddress?: (url: URL) => Promise<void>;
  /** Checked on each address a connection of this request resolves to (see realm.ts). */
  allowIp?: (hostname: string, ip: string) => boolean;
  /** Called before a wait of the retry layer (see `WaitEvent`). */
  onWait?: (wait: { ms: number; reason: 'retry-after' | 'backoff'; status?: number }) => void;
}

/** One layer: send a request, get a response (or a RegistryError). */
export type Sender = (req: HttpRequest) => Promise<FetchResponse>;

export function openBody(body: ReplayableBody | undefined): Buffer | NodeJS.ReadableStream | undefined {
  return typeof body === 'function' ? body() : body;
}

/** Header lines of a response; node-fetch v2 joins repeated lines with ", " in `get`, `raw()` keeps them. */
export function headerLines(res: FetchResponse, name: string): string[] {
  const raw = res.headers.raw?.();
  if (raw) {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? raw[key] : [];
  }
  const v = res.headers.get(name);
  return v === null ? [] : [v];
}

export function hostOf(url: string): string {
  return new URL(url).host;
}

/** Loopback hosts, where plain http cannot be observed by anyone else. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The URL a response finally came from, when redirects were followed (set by the redirect layer). */
export const finalUrls = new WeakMap<object, string>();

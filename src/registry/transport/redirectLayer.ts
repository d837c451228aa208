/**
 * Follows redirects by hand (fetch runs with redirect: 'manual'). Blob GETs are redirected to
 * object storage with a signed URL: `Authorization` must not follow to another host:port (the
 * storage would see two auth methods, and the token would leak to a third party).
 *
 * A write to the registry (DELETE, PUT, POST, PATCH) goes only where the user confirmed it: a
 * redirect to another address or path is not followed, and the error says where the registry
 * tried to send it. Every hop of a request that has an address check (token requests: a realm
 * may not lead inside the network) is checked before it is taken.
 */
import { drain } from './body';
import { RegistryError } from '../errors';
import { finalUrls, type HttpRequest, type Sender } from './http';
import { LIMITS } from '../limits';
import { redactUrl } from '../redact';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const isWrite = (req: HttpRequest) => req.target === 'registry' && req.method !== 'GET' && req.method !== 'HEAD';

export function redirectLayer(inner: Sender): Sender {
  return async (first) => {
    let req: HttpRequest = first;
    if (req.checkAddress) await req.checkAddress(new URL(req.url));
    for (let hop = 0; ; hop++) {
      const res = await inner(req);
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) {
        if (hop > 0) finalUrls.set(res, req.url);
        return res;
      }
      await drain(res);
      const refuse = (message: string, url?: string) =>
        new RegistryError({ kind: 'protocol', operation: req.operation, status: res.status, url: url ?? redactUrl(req.url), message });
      if (hop >= LIMITS.redirects) throw refuse(`Too many redirects while trying to ${req.operation}.`);
      let next: URL;
      try {
        next = new URL(location, req.url);
      } catch {
        throw refuse(`The registry redirected to something that is not an address, while trying to ${req.operation}.`);
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw refuse(
          `The registry redirected to an address with the unsupported scheme ${safeScheme(next.protocol)}, while trying to ${req.operation}; refusing to follow it.`,
        );
      }
      if (new URL(req.url).protocol === 'https:' && next.protocol === 'http:') {
        throw refuse(`The registry redirected from https to plain http (${redactUrl(next.toString())}); refusing to downgrade.`);
      }
      const from = new URL(req.url);
      if (isWrite(req) && (next.origin !== from.origin || next.pathname !== from.pathname)) {
        throw refuse(
          `${from.host} answered the request to ${req.operation} with a redirect to ${redactUrl(next.toString())}; not followed, because a change goes only where you confirmed it.`,
        );
      }
      if (req.checkAddress) await req.checkAddress(next);
      const headers = { ...req.headers };
      if (next.host !== from.host) delete headers['authorization'];
      // 303, and 301/302 after a POST, turn into a GET without a body (what browsers do).
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && req.method === 'POST');
      if (toGet) {
        delete headers['content-type'];
        delete headers['content-length'];
      }
      req = { ...req, url: next.toString(), headers, method: toGet ? 'GET' : req.method, body: toGet ? undefined : req.body };
    }
  };
}

/** A URL scheme for a message: letters, digits, `+ - .` only, at most 20 characters. */
export function safeScheme(protocol: string): string {
  const s = protocol.replace(/:$/, '');
  return /^[a-z][a-z0-9+.-]{0,19}$/i.test(s) ? `${s}:` : 'that is not http or https';
}

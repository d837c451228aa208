/**
 * Follows redirects by hand (fetch runs with redirect: 'manual'). Blob GETs are redirected to
 * object storage with a signed URL: `Authorization` must not follow to another host:port (the
 * storage would see two auth methods, and the token would leak to a third party).
 */
import { RegistryError } from './errors';
import { drain, finalUrls, type HttpRequest, type Sender } from './http';
import { redactUrl } from './redact';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 5;

export function redirectTransport(inner: Sender): Sender {
  return async (first) => {
    let req: HttpRequest = first;
    for (let hop = 0; ; hop++) {
      const res = await inner(req);
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) {
        if (hop > 0) finalUrls.set(res, req.url);
        return res;
      }
      if (hop >= MAX_HOPS) {
        await drain(res);
        throw new RegistryError({ kind: 'protocol', operation: req.operation, status: res.status, url: redactUrl(req.url), message: `Too many redirects while trying to ${req.operation}.` });
      }
      const next = new URL(location, req.url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        await drain(res);
        throw new RegistryError({ kind: 'protocol', operation: req.operation, url: redactUrl(req.url), message: `The registry redirected to an unsupported address (${next.protocol}).` });
      }
      if (new URL(req.url).protocol === 'https:' && next.protocol === 'http:') {
        await drain(res);
        throw new RegistryError({ kind: 'protocol', operation: req.operation, url: redactUrl(req.url), message: `The registry redirected from https to plain http (${redactUrl(next.toString())}); refusing to downgrade.` });
      }
      await drain(res);
      const headers = { ...req.headers };
      if (next.host !== new URL(req.url).host) delete headers['authorization'];
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

// Tiny API servers for the vendor adapters' unit tests: answers by `METHOD /path` (query ignored
// unless the route's key has one), JSON unless the body is a string (sent as an HTML page).
import { RegistryClient, type CredentialSource, type VendorKind, type VendorOptions } from '../../../../src/registry';
import { send, startServer, type SeenRequest, type TinyServer } from '../httpServer';

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = Answer | ((req: SeenRequest, url: URL, origin: string) => Answer);

export async function startRoutes(routes: Record<string, Route>): Promise<TinyServer> {
  let origin = '';
  const server = await startServer((req, res) => {
    const url = new URL(req.url, origin);
    const route = routes[`${req.method} ${url.pathname}${url.search}`] ?? routes[`${req.method} ${url.pathname}`];
    const a: Answer = typeof route === 'function' ? route(req, url, origin) : route ?? { status: 404, body: { message: '404 Not Found' } };
    const html = typeof a.body === 'string';
    const text = a.body === undefined ? '' : html ? (a.body as string) : JSON.stringify(a.body);
    send(res, a.status ?? 200, { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json', ...a.headers }, text);
  });
  origin = server.url;
  return server;
}

/** A client whose registry is never asked (the vendor API is elsewhere), signed in with `credentials`. */
export function vendorOn(server: { url: string }, kind: VendorKind, credentials?: CredentialSource, options: VendorOptions = {}) {
  return new RegistryClient({ registry: '127.0.0.1:9', credentials, retries: 0 }).vendor(kind, { apiUrl: server.url, ...options });
}

/** Every page of a vendor listing. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const p of pages) out.push(p);
  return out;
}

export const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/users/sign_in"></form></body></html>';

/** A tiny HTTP server on 127.0.0.1 for transport edge cases (not a registry: those are integration tests). */
import * as http from 'node:http';
import { close, listen } from '../../fixtures/tools';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TinyServer {
  url: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse) => void;

export async function startServer(handler: Handler): Promise<TinyServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(r);
      handler(r, res);
    });
  });
  const port = await listen(server, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () => close(server),
  };
}

export function send(res: http.ServerResponse, status: number, headers: Record<string, string | string[]> = {}, body = ''): void {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function errorBody(code: string, message = code): string {
  return JSON.stringify({ errors: [{ code, message }] });
}

/** The smallest valid image manifest (a config descriptor, no layers), for servers that must answer with one. */
export const MINIMAL_MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 2 },
  layers: [],
});

// Shared helpers for the registry client's and the actions' integration tests: a client wired to
// the test bed with a request log, and small readers of the test bed's logs.
import * as assert from 'node:assert/strict';
import { RegistryClient, RegistryError, RegistryClientOptions, RequestLogEntry } from '../../src/registry/index';
import type { TestBed, TestUsers, TokenRequestLog } from '../fixtures/testbed';

export type UserName = keyof TestUsers;

/** A fresh client (cold: no token, no ping cache) for `user`, or anonymous. */
export function clientFor(bed: TestBed, user?: UserName, extra: Partial<RegistryClientOptions> = {}) {
  const requestLog: RequestLogEntry[] = [];
  const client = new RegistryClient({
    registry: bed.url,
    credentials: user ? { ...bed.users[user] } : undefined,
    onRequest: (e) => requestLog.push(e),
    ...extra,
  });
  return { client, requestLog };
}

export { allPages } from '../fixtures/tools';

/** Just the client of clientFor, for tests that do not read its request log. */
export const userClient = (bed: TestBed, user: UserName): RegistryClient => clientFor(bed, user).client;

/** Actions granted or requested for `repository` in a token request, across all its scopes. */
export function actionsFor(scopes: string[], resource: string): Set<string> {
  const actions = new Set<string>();
  for (const s of scopes) {
    const last = s.lastIndexOf(':');
    if (s.slice(0, last) === resource) s.slice(last + 1).split(',').forEach((a) => actions.add(a));
  }
  return actions;
}

export function describeTokenRequests(list: TokenRequestLog[]): string {
  return JSON.stringify(list.map((t) => ({ method: t.method, scopes: t.scopes, user: t.username, status: t.status })));
}

/** A refresh token for `user` from the bed's token server (password grant, access_type=offline); '' if none came. */
export async function issueRefreshToken(bed: TestBed, user: UserName, clientId = 'registry-explorer-test'): Promise<string> {
  const { username, password } = bed.users[user];
  const res = await fetch(bed.realm, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username, password, service: bed.service, client_id: clientId, access_type: 'offline' }),
  });
  return ((await res.json()) as { refresh_token?: string }).refresh_token ?? '';
}

/** Registry requests (through the quirk layer) as `METHOD path → status` lines, for assertion messages. */
export function requestLines(bed: TestBed, filter: (r: TestBed['registryRequests'][number]) => boolean = () => true): string {
  return bed.registryRequests.filter(filter).map((r) => `${r.method} ${r.path} → ${r.status}`).join('\n');
}

export const isBlobUploadPut = (r: { method: string; path: string }) => r.method === 'PUT' && /\/blobs\/uploads\//.test(r.path);
export const isMountPost = (r: { method: string; path: string }) => r.method === 'POST' && /\/blobs\/uploads\/\?.*mount=/.test(r.path);

export function describeRegistryRequests(bed: TestBed): string {
  return JSON.stringify(bed.registryRequests.map((r) => `${r.method} ${r.path} → ${r.status}${r.hadAuthorization ? ' (auth)' : ''}`));
}

/** Awaits a rejection and checks it is a RegistryError of `kind`; returns it for more checks. */
export async function expectRegistryError(promise: Promise<unknown>, kind: string | string[]): Promise<RegistryError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected a RegistryError of kind ${kind}, but the call succeeded`);
  assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${error instanceof Error ? error.stack : String(error)}`);
  const kinds = Array.isArray(kind) ? kind : [kind];
  assert.ok(kinds.includes(error.kind), `expected kind ${kinds.join(' or ')}, got '${error.kind}': ${error.message}`);
  return error;
}

/** No password and no bearer token may reach the request-log hook. */
export function assertNoSecretsLogged(bed: TestBed, requestLog: RequestLogEntry[]): void {
  const text = JSON.stringify(requestLog);
  for (const u of Object.values(bed.users)) assert.ok(!text.includes(u.password), `a password of ${u.username} reached onRequest`);
  assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\./.test(text), 'a JWT reached onRequest');
}

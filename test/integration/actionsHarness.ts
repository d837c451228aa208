// Helpers for the issue-4 action tests: clients of the test bed per user, and readers of its logs.
import { RegistryClient } from '../../src/registry/index';
import type { TestBed } from '../fixtures/testbed';

export type User = 'alice' | 'bob' | 'carol' | 'admin';

export function userClient(bed: TestBed, user: User): RegistryClient {
  return new RegistryClient({ registry: bed.url, credentials: { ...bed.users[user] } });
}

/** Registry requests (through the quirk layer) as `METHOD path → status` lines, for assertion messages. */
export function requestLines(bed: TestBed, filter: (r: TestBed['registryRequests'][number]) => boolean = () => true): string {
  return bed.registryRequests.filter(filter).map((r) => `${r.method} ${r.path} → ${r.status}`).join('\n');
}

export const isBlobUploadPut = (r: { method: string; path: string }) => r.method === 'PUT' && /\/blobs\/uploads\//.test(r.path);
export const isMountPost = (r: { method: string; path: string }) => r.method === 'POST' && /\/blobs\/uploads\/\?.*mount=/.test(r.path);

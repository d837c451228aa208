// One measured operation of `npm run bench` (bench.ts runs them; cleanupBench.ts adds the clean-up rows).
import type { RegistryClient } from '../../src/registry/index';
import type { TestBed } from '../fixtures/testbed';
import type { Skopeo } from './skopeo';

export interface Operation {
  name: string;
  /** Recreate what a destructive operation consumed. */
  prepare?: (bed: TestBed) => Promise<unknown>;
  /** Not counted: what the product did before (the tree showing the tags), on our client only. */
  warm?: (bed: TestBed, client: RegistryClient) => Promise<unknown>;
  ours: (bed: TestBed, client: RegistryClient) => Promise<unknown>;
  skopeo?: (bed: TestBed, skopeo: Skopeo) => Promise<unknown>;
  /** Requests to a vendor API stand-in during `ours`: counted with the registry's. */
  apiRequests?: () => number;
  /** A stand-in's own token requests (as this user) are not the client's. */
  notCounted?: { tokenUser: string };
}

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
  /** A string it resolves to is printed under the table (e.g. what was removed). */
  ours: (bed: TestBed, client: RegistryClient) => Promise<unknown>;
  /** What our client sent, when the bed's logs also hold others' requests (a vendor stand-in reading the registry). */
  count?: (bed: TestBed) => { tokens: number; registry: number };
  skopeo?: (bed: TestBed, skopeo: Skopeo) => Promise<unknown>;
  /** Requests to a vendor API stand-in during `ours`: counted with the registry's. */
  apiRequests?: () => number;
  /** A stand-in's own token requests (as this user) are not the client's. */
  notCounted?: { tokenUser: string };
}

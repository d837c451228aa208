// The clean-up rows of `npm run bench`: a 200-tag repository (199 images, one a day back in time,
// `latest` on the newest) cleaned with `keep=20 by=date older=30d protect=latest` (169 tags go).
// Ours: the preview (cold, and with what the tree already showed), then the run. Next to it what a
// regctl/skopeo script spends on the same job: list the tags, inspect each (its date), delete each
// tag that goes; one skopeo process per step, as such scripts run it.
import { previewRepository } from '../../src/actions/cleanup/preview';
import { runCleanup } from '../../src/actions/cleanup/run';
import { parseRules } from '../../src/actions/cleanup/rules';
import type { RepositoryCleanup } from '../../src/actions/cleanup/types';
import { ociUntagger } from '../../src/actions/cleanup/untagger';
import type { KnownTagFacts } from '../../src/actions/cleanup/inventory';
import type { RegistryApi } from '../../src/registry/index';
import { compareTagsByVersion } from '../../src/model/tagSort';
import type { TestBed } from '../fixtures/testbed';
import type { Operation } from './operation';
import type { Skopeo } from './skopeo';

export const CLEANUP_REPO = 'foo/clean200';
export const CLEANUP_RULES = 'keep=20 by=date older=30d protect=latest';
const IMAGES = 199;
const DAY = 86_400_000;
// One base time for the whole bench: pushing again gives the same digests. Half a day off the day
// boundaries, so "older than 30 days" cannot change while the bench runs.
const BASE = Date.now();
const tagOf = (i: number) => `b-${String(i).padStart(3, '0')}`;
/** The tags the rules delete: older than 30 days and outside the 20 newest. */
export const CLEANUP_GOES = Array.from({ length: IMAGES }, (_, k) => k + 1)
  .filter((i) => i > 30)
  .map(tagOf);

/** Pushes (or pushes again) the 200 tags; blobs already there are not uploaded again. */
export async function pushCleanupRepo(bed: TestBed): Promise<void> {
  for (let i = 1; i <= IMAGES; i++) {
    await bed.pushImage(CLEANUP_REPO, i === 1 ? [tagOf(i), 'latest'] : [tagOf(i)], {
      seed: `clean200 ${i}`,
      created: new Date(BASE - (i - 0.5) * DAY).toISOString(),
    });
  }
}

function preview(client: RegistryApi, known: KnownTagFacts): Promise<RepositoryCleanup> {
  return previewRepository(client, client.host, CLEANUP_REPO, parseRules(CLEANUP_RULES).rules!, {
    known,
    untagger: ociUntagger(client),
    versionOrder: compareTagsByVersion,
    now: Date.now(),
  });
}

const nothingKnown: KnownTagFacts = { digest: () => undefined };
/** What the tree shows after it listed the repository and loaded each tag's details (digest and date). */
const treeFacts = new WeakMap<RegistryApi, KnownTagFacts>();
const previews = new WeakMap<RegistryApi, RepositoryCleanup>();

function check(p: RepositoryCleanup): RepositoryCleanup {
  const goes = p.tags
    .filter((t) => t.goes)
    .map((t) => t.tag)
    .sort();
  if (goes.join() !== [...CLEANUP_GOES].sort().join()) throw new Error(`the preview says ${goes.length} tags go, expected ${CLEANUP_GOES.length}`);
  return p;
}

function skopeoArgs(bed: TestBed, s: Skopeo, verb: string[], ref: string): string[] {
  return [...verb, '--tls-verify=false', '--creds', s.creds(bed.users.alice), `docker://${bed.host}/${CLEANUP_REPO}${ref}`];
}

async function skopeoListAndInspect(bed: TestBed, s: Skopeo): Promise<void> {
  const listed = JSON.parse(await s.run(skopeoArgs(bed, s, ['list-tags'], ''))) as { Tags: string[] };
  for (const tag of listed.Tags) await s.run(skopeoArgs(bed, s, ['inspect'], `:${tag}`));
}

async function skopeoDeleteEach(bed: TestBed, s: Skopeo): Promise<void> {
  for (const tag of CLEANUP_GOES) await s.run(skopeoArgs(bed, s, ['delete'], `:${tag}`));
}

export const cleanupOperations: Operation[] = [
  {
    name: 'clean up 200 tags: preview, cold',
    prepare: pushCleanupRepo,
    ours: async (_bed, client) => check(await preview(client, nothingKnown)),
    skopeo: skopeoListAndInspect,
  },
  {
    name: 'clean up 200 tags: preview (tree shown)',
    warm: async (_bed, client) => {
      const p = await preview(client, nothingKnown);
      const byTag = new Map(p.tags.map((t) => [t.tag, t]));
      treeFacts.set(client, { digest: (t) => byTag.get(t)?.digest, created: (t) => byTag.get(t)?.created });
    },
    ours: async (_bed, client) => check(await preview(client, treeFacts.get(client)!)),
  },
  {
    name: 'clean up 200 tags: run (after its preview)',
    prepare: pushCleanupRepo,
    warm: async (_bed, client) => {
      previews.set(client, check(await preview(client, nothingKnown)));
    },
    ours: async (_bed, client) => {
      const report = await runCleanup(client, previews.get(client)!, { untagger: ociUntagger(client) });
      const deleted = report.results.filter((r) => r.outcome === 'deleted').length;
      if (deleted !== CLEANUP_GOES.length)
        throw new Error(`${deleted} images deleted, expected ${CLEANUP_GOES.length}: ${report.results.find((r) => r.outcome !== 'deleted')?.message}`);
    },
    skopeo: skopeoDeleteEach,
  },
];

/** The rows that add up to one clean-up from nothing: a cold preview and its run. */
export const CLEANUP_TOTAL = ['clean up 200 tags: preview, cold', 'clean up 200 tags: run (after its preview)'];

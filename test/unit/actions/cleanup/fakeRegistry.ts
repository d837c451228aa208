// An in-memory registry for the clean-up's unit tests: tags → digests, the deletes it was asked for,
// and how it answers a DELETE by tag ('untag' like distribution 3, 'refuse' like 2.8 with 400,
// 'whole' like a registry that removes the image with the tag). The real registry is in
// test/integration/actionsCleanup*.test.ts.
import { RegistryError, type RegistryApi } from '../../../../src/registry';
import { decideCleanup, type ImageFact } from '../../../../src/actions/cleanup/engine';
import { parseRules } from '../../../../src/actions/cleanup/rules';
import type { RepositoryCleanup, UntagSupport } from '../../../../src/actions/cleanup/types';
import { compareTagsByVersion } from '../../../../src/model/tagSort';

export const dg = (c: string) => 'sha256:' + c.repeat(64);

export function fakeRegistry(tags: Record<string, string>, byTag: 'untag' | 'refuse' | 'whole', learned?: boolean) {
  const state = new Map(Object.entries(tags));
  const manifests = new Set(Object.values(tags));
  const calls: string[] = [];
  const notFound = (what: string) => new RegistryError({ kind: 'not-found', operation: what, message: `${what}: not found` });
  const api = {
    host: 'h:5000',
    learned: { deleteByTag: learned } as { deleteByTag?: boolean },
    async *tags() {
      calls.push('list');
      yield [...state.keys()];
    },
    async headManifest(_repo: string, ref: string) {
      calls.push(`HEAD ${ref.startsWith('sha256:') ? ref.slice(7, 10) : ref}`);
      const digest = ref.startsWith('sha256:') ? (manifests.has(ref) ? ref : undefined) : state.get(ref);
      return digest ? { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
    async deleteManifest(_repo: string, digest: string) {
      calls.push(`DELETE ${digest.slice(7, 10)}`);
      if (!manifests.has(digest)) throw notFound('delete manifest');
      manifests.delete(digest);
      for (const [t, d] of state) if (d === digest) state.delete(t);
    },
    async deleteTag(_repo: string, tag: string) {
      if (api.learned.deleteByTag === false) return false;
      calls.push(`DELETE ${tag}`);
      if (byTag === 'refuse') {
        api.learned.deleteByTag = false;
        return false;
      }
      api.learned.deleteByTag = true;
      const digest = state.get(tag);
      if (!digest) throw notFound('delete tag');
      if (byTag === 'whole') await api.deleteManifest(_repo, digest).then(() => calls.pop());
      else state.delete(tag);
      return true;
    },
  };
  return { client: api as unknown as RegistryApi, calls, state, manifests, move: (tag: string, digest: string) => { state.set(tag, digest); manifests.add(digest); } };
}

/** A preview of one repository straight from the engine (what preview.ts builds after reading). */
export function previewOf(tags: Record<string, string>, rules: string, untag: UntagSupport, images: Record<string, Partial<ImageFact>> = {}): RepositoryCleanup {
  const parsed = parseRules(rules);
  if (!parsed.rules) throw new Error(parsed.problem);
  const facts = new Map<string, ImageFact>();
  for (const digest of new Set(Object.values(tags))) facts.set(digest, { digest, children: [], ...(images[digest] ?? {}) });
  const decided = decideCleanup({ tags: Object.entries(tags).map(([tag, digest]) => ({ tag, digest })), images: facts, rules: parsed.rules, now: Date.now(), untag, versionOrder: compareTagsByVersion });
  return {
    registryId: 'h:5000', repository: 'r', host: 'h:5000', rules, withReferrers: parsed.rules.withReferrers,
    tags: decided.tags, images: decided.images, untag, untagBy: 'OCI 1.1 delete by tag',
    space: { bytes: 0, blobs: 0, unknownImages: 0 },
    cost: { listings: 1, tagReads: 0, knownDigests: 0, manifestReads: 0, configReads: 0, referrerReads: 0 },
  };
}

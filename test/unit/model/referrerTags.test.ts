// Tags that name another image by digest (the OCI 1.1 `sha256-<hex>` referrers index, cosign's
// `sha256-<hex>.sig`): hidden from the tag list unless registryExplorer.showReferrerTags; a cosign
// tag then shows under the tag of the image it names; hidden tags cost no details request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryApi } from '../../../src/registry';
import type { TagNode, TreeNode } from '../../../src/model/nodes';
import { treeModelFor, until } from '../../fixtures/treeModel';

const IMAGE = 'sha256:' + 'a'.repeat(64);
const SIG = 'sha256:' + 'b'.repeat(64);
const INDEX_TAG = `sha256-${'a'.repeat(64)}`;
const SIG_TAG = `${INDEX_TAG}.sig`;
const labels = (nodes: TreeNode[]) => nodes.map((n) => (n.kind === 'tag' ? n.tag : n.kind === 'message' ? `message:${n.text}` : n.kind));

function fakeClient(tags: string[]) {
  const manifests: string[] = [];
  const api = {
    host: 'h',
    learned: {},
    async *tags() {
      yield tags;
    },
    async getManifest(_repository: string, reference: string) {
      manifests.push(reference);
      const digest = reference === SIG_TAG ? SIG : IMAGE;
      return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: Buffer.from('{}'), json: {} };
    },
    referrers: async () => [],
  };
  return { client: api as unknown as RegistryApi, manifests };
}

async function repositoryOf(tags: string[], showReferrerTags: boolean) {
  const { client, manifests } = fakeClient(tags);
  const h = treeModelFor({ id: 'r.example', url: 'r.example', repositories: ['foo/signed'] }, client, undefined);
  h.settings.showReferrerTags = showReferrerTags;
  const [registry] = await h.model.getChildren();
  const repo = (await h.model.getChildren(registry)).find((n) => n.kind === 'repository')!;
  return { h, repo, manifests };
}

test('hidden by default: the list shows the image only, and no request is spent on the hidden tags', async () => {
  const { h, repo, manifests } = await repositoryOf(['v1', INDEX_TAG, SIG_TAG], false);
  const tags = (await h.model.getChildren(repo)) as TagNode[];
  assert.deepEqual(labels(tags), ['v1']);
  await until('v1 details', () => tags[0].details?.state === 'loaded');
  assert.deepEqual(manifests, ['v1']);
  // The cosign tag shows under the tag of the image it names; its parent is that tag.
  const under = await h.model.getChildren(tags[0]);
  assert.deepEqual(labels(under), [SIG_TAG]);
  assert.equal(h.model.getParent(under[0]), tags[0]);
  assert.deepEqual(h.model.artifactTags(tags[0]), [SIG_TAG]);
});

test('registryExplorer.showReferrerTags lists them as tags again, and nothing under the image', async () => {
  const { h, repo } = await repositoryOf(['v1', INDEX_TAG, SIG_TAG], true);
  const tags = (await h.model.getChildren(repo)) as TagNode[];
  assert.deepEqual([...labels(tags)].sort(), ['v1', INDEX_TAG, SIG_TAG].sort());
  const v1 = tags.find((t) => t.tag === 'v1')!;
  await until('v1 details', () => v1.details?.state === 'loaded');
  assert.deepEqual(labels(await h.model.getChildren(v1)), []);
  assert.equal(h.model.getParent(tags.find((t) => t.tag === SIG_TAG)!), repo);
});

test('a repository left with referrer tags only says they are hidden, not that it is empty', async () => {
  const { h, repo } = await repositoryOf([INDEX_TAG], false);
  assert.deepEqual(labels(await h.model.getChildren(repo)), ['message:1 referrer tag hidden']);
});

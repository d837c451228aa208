// Where a registry's repositories come from, through the tree model with an in-memory client:
// each source is listed once, and a changed setting lists that source again without the others.
// The catalog on a real registry is in test/integration/tree-model.test.ts, Docker Hub's API in hubTree.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryApi } from '../../../src/registry';
import type { RegistryEntry } from '../../../src/model/registryEntry';
import type { TreeNode } from '../../../src/model/nodes';
import { RegistryTreeModel } from '../../../src/model/treeModel';
import { treeModelFor } from '../../fixtures/treeModel';

const labels = (nodes: TreeNode[]) =>
  nodes.map((n) => (n.kind === 'repository' ? `${n.repository}${n.addedByHand ? ' (by hand)' : ''}` : n.kind === 'message' ? `message:${n.action}` : n.kind));

function fakeClient() {
  const calls: string[] = [];
  const api = {
    host: 'h',
    async *catalog() {
      calls.push('catalog');
      yield ['team/a', 'team/b'];
    },
    async *namespaceRepositories(namespace: string) {
      calls.push(`namespace ${namespace}`);
      yield [`${namespace}/app`];
    },
  };
  return { client: api as unknown as RegistryApi, calls };
}

test('the repositories added by hand join the catalog in one sorted list (one the catalog lists is no longer marked); another one added by hand shows without listing the catalog again', async () => {
  const { client, calls } = fakeClient();
  const entry: RegistryEntry = { id: 'registry.example', url: 'registry.example', repositories: ['team/b', 'z/by-hand'] };
  const h = treeModelFor(entry, client, undefined);
  const [registry] = await h.model.getChildren();
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['team/a', 'team/b', 'z/by-hand (by hand)']);
  entry.repositories = [...entry.repositories!, 'y/new'];
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['team/a', 'team/b', 'y/new (by hand)', 'z/by-hand (by hand)']);
  assert.deepEqual(calls, ['catalog']);
});

test('Docker Hub: other namespaces in the settings list the namespaces again, nothing else', async () => {
  const { client, calls } = fakeClient();
  const entry: RegistryEntry = { id: 'docker.io', url: 'docker.io', namespaces: ['acme'] };
  const h = treeModelFor(entry, client, undefined);
  const [registry] = await h.model.getChildren();
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['message:hubNamespaces', 'acme/app']);
  await h.model.getChildren(registry);
  entry.namespaces = ['acme', 'bitnami'];
  // Both namespaces are read to fill the first page.
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['message:hubNamespaces', 'acme/app', 'bitnami/app']);
  assert.deepEqual(calls, ['namespace acme', 'namespace acme', 'namespace bitnami']);
});

test('a registry without a catalog says so and lists only what was added by hand; without a usable client, no note', async () => {
  const { client, calls } = fakeClient();
  const ghcr = treeModelFor({ id: 'ghcr.io', url: 'ghcr.io', repositories: ['o/r'] }, client, undefined);
  const [registry] = await ghcr.model.getChildren();
  assert.deepEqual(labels(await ghcr.model.getChildren(registry)), ['message:noCatalog', 'o/r (by hand)']);
  assert.deepEqual(calls, []);

  const entry: RegistryEntry = { id: 'ghcr.io', url: 'ghcr.io', repositories: ['o/r'] };
  const broken = new RegistryTreeModel({
    registries: { list: () => [entry], get: () => entry },
    clients: {
      get: () => {
        throw Object.assign(new Error('Cannot read the CA certificate file /x.pem'), { kind: 'connection-setting' });
      },
    },
    credentials: { resolve: async () => undefined },
    settings: () => ({ pageSize: 10, tagSort: 'version', detailsConcurrency: 4, showReferrerTags: false }),
    changed: () => undefined,
  });
  const [again] = await broken.getChildren();
  assert.deepEqual(labels(await broken.getChildren(again)), ['message:editConnection', 'o/r (by hand)']);
});

// What actions create (a copied repository, a retagged tag) shows at once in its sorted place,
// without listing again and without losing the pages loaded; an emptied repository says why it stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryApi } from '../../../src/registry';
import type { RegistryEntry } from '../../../src/model/registryEntry';
import type { MessageNode, TreeNode } from '../../../src/model/nodes';
import { treeModelFor } from '../../fixtures/treeModel';

const labels = (nodes: TreeNode[]) =>
  nodes.map((n) =>
    n.kind === 'repository'
      ? n.repository
      : n.kind === 'tag'
        ? n.tag
        : n.kind === 'message'
          ? `message:${n.text}`
          : n.kind === 'loadMore' && n.all
            ? 'loadAll'
            : n.kind,
  );

function fakeClient() {
  const calls: string[] = [];
  const api = {
    host: 'h',
    learned: {},
    async *catalog() {
      calls.push('catalog');
      yield ['team/a', 'team/c'];
      calls.push('catalog page 2');
      yield ['team/e'];
    },
    async *tags(repository: string) {
      calls.push(`tags ${repository}`);
      yield ['1.0', '3.0'];
      calls.push(`tags ${repository} page 2`);
      yield ['5.0', '2.0'];
    },
    // Details are not what these tests look at.
    getManifest: async () => {
      throw new Error('not here');
    },
    headManifest: async () => undefined,
    referrers: async () => [],
  };
  return { client: api as unknown as RegistryApi, calls };
}

async function loaded(extra: Partial<RegistryEntry> = {}) {
  const { client, calls } = fakeClient();
  const entry: RegistryEntry = { id: 'registry.example', url: 'registry.example', ...extra };
  const h = treeModelFor(entry, client, undefined);
  // Pages of two, as the fake registry sends them: the next one waits for Load more.
  h.settings.pageSize = 2;
  const [registry] = await h.model.getChildren();
  return { h, calls, registry };
}

test('a copied repository appears in its sorted place; the catalog is not listed again and Load more still continues it', async () => {
  const { h, calls, registry } = await loaded();
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['team/a', 'team/c', 'loadMore', 'loadAll']);
  assert.equal(h.model.addRepository('registry.example', 'team/b'), true, 'the catalog lists repositories: it will list this one');
  assert.ok(h.changes.includes(registry), 'the registry node is redrawn');
  // One row more: what was shown stays shown.
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['team/a', 'team/b', 'team/c', 'loadMore', 'loadAll']);
  await h.model.loadMore('registry.example');
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['team/a', 'team/b', 'team/c', 'team/e']);
  assert.deepEqual(calls, ['catalog', 'catalog page 2']);
  // Already shown: nothing changes.
  h.changes.length = 0;
  h.model.addRepository('registry.example', 'team/e');
  assert.deepEqual(h.changes, []);
});

test('on a registry without a catalog the copy is shown, and the caller learns it will not be listed again', async () => {
  const { client } = fakeClient();
  const h = treeModelFor({ id: 'ghcr.io', url: 'ghcr.io' }, client, undefined);
  const [registry] = await h.model.getChildren();
  await h.model.getChildren(registry);
  assert.equal(h.model.addRepository('ghcr.io', 'o/new'), false);
  assert.deepEqual(
    labels(await h.model.getChildren(registry)).filter((l) => !l.startsWith('message:')),
    ['o/new'],
  );
});

test('a retagged tag appears among the loaded tags in sort order; the paging is kept and the next page does not repeat it', async () => {
  const { h, calls, registry } = await loaded();
  const [repo] = await h.model.getChildren(registry);
  assert.deepEqual(labels(await h.model.getChildren(repo)), ['3.0', '1.0', 'loadMore', 'loadAll']);
  h.model.addTags('registry.example', 'team/a', ['2.0']);
  assert.ok(h.changes.includes(repo));
  assert.deepEqual(labels(await h.model.getChildren(repo)), ['3.0', '2.0', '1.0', 'loadMore', 'loadAll']);
  await h.model.loadMore('registry.example', 'team/a');
  assert.deepEqual(labels(await h.model.getChildren(repo)), ['5.0', '3.0', '2.0', '1.0']);
  assert.deepEqual(
    calls.filter((c) => c.startsWith('tags')),
    ['tags team/a', 'tags team/a page 2'],
    'listed once, page by page',
  );
});

test('an overwritten tag that is already listed gets its details again instead of a second row', async () => {
  const { h, registry } = await loaded();
  const [repo] = await h.model.getChildren(registry);
  const tags = await h.model.getChildren(repo);
  const before = tags.find((t) => t.kind === 'tag' && t.tag === '3.0')!;
  const oldDetails = before.kind === 'tag' ? before.details : undefined;
  h.model.addTags('registry.example', 'team/a', ['3.0']);
  const after = await h.model.getChildren(repo);
  assert.equal(after.filter((t) => t.kind === 'tag' && t.tag === '3.0').length, 1);
  assert.notEqual(before.kind === 'tag' && before.details, oldDetails, 'new details are loading');
});

test('tags of a repository never expanded are not invented: its listing will have them', async () => {
  const { h, calls, registry } = await loaded();
  await h.model.getChildren(registry);
  h.model.addTags('registry.example', 'team/c', ['9.9']);
  assert.ok(!calls.includes('tags team/c'));
});

test('a repository whose last tag was deleted says it stays listed until garbage collection', async () => {
  const { h, registry } = await loaded();
  const [repo] = await h.model.getChildren(registry);
  await h.model.getChildren(repo);
  await h.model.loadMore('registry.example', 'team/a');
  await h.model.getChildren(repo); // the redraw Load more asks for reads the second page
  h.model.removeTags('registry.example', 'team/a', ['1.0', '2.0', '3.0', '5.0']);
  const [message] = (await h.model.getChildren(repo)) as MessageNode[];
  assert.equal(message.text, 'No tags left');
  assert.equal(message.description, 'listed until garbage collection');
  assert.match(message.detail!, /The last tag of team\/a was deleted\. The registry lists the repository until its garbage collection removes it\./);
});

// Docker Hub in the tree: the signed-in user's namespace (and namespaces kept in settings) listed
// through Hub's API — here its stand-in server (test/fixtures/hubApi), as hub.docker.com cannot be
// reached from these machines.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../../src/registry';
import type { MessageNode, RepositoryNode, TagNode, TreeNode } from '../../../src/model/nodes';
import { startFakeHubApi, type FakeHubApi, type HubTagRecord } from '../../fixtures/hubApi';
import { treeModelFor, until } from '../../fixtures/treeModel';

const labels = (nodes: TreeNode[]) =>
  nodes.map((n) =>
    n.kind === 'repository' ? n.repository : n.kind === 'message' ? `message:${n.action}` : n.kind === 'loadMore' && n.all ? `loadAll ${n.remaining}` : n.kind,
  );

describe('Docker Hub namespaces in the tree', () => {
  let hub: FakeHubApi;
  before(async () => {
    hub = await startFakeHubApi({ alice: 'alice-pat' }, [
      { namespace: 'alice', name: 'app' },
      { namespace: 'alice', name: 'secret', isPrivate: true },
      { namespace: 'alice', name: 'web' },
      { namespace: 'acme', name: 'tool' },
    ]);
  });
  after(async () => {
    await hub?.stop();
  });

  const model = (credentials: { username: string; password: string } | undefined, extra: { namespaces?: string[]; repositories?: string[] } = {}) =>
    treeModelFor(
      { id: 'docker.io', url: 'docker.io', ...extra },
      new RegistryClient({ registry: 'docker.io', hubApiUrl: hub.url, credentials, retries: 0 }),
      credentials,
    );

  it("signed in: the user's own namespace, private repositories included, and the repositories added by hand, in one sorted list, a page at a time", async () => {
    const h = model({ username: 'alice', password: 'alice-pat' }, { repositories: ['library/alpine'] });
    h.settings.pageSize = 2;
    const [registry] = await h.model.getChildren();
    let kids = await h.model.getChildren(registry);
    // Hub sent the whole namespace in one page: the rest is known, so "Load all" says how many.
    assert.deepEqual(labels(kids), ['message:hubNamespaces', 'alice/app', 'alice/secret', 'loadMore', 'loadAll 2']);
    await h.model.loadMore('docker.io');
    kids = await h.model.getChildren(registry);
    assert.deepEqual(
      labels(kids).filter((l) => l.includes('/')),
      ['alice/app', 'alice/secret', 'alice/web', 'library/alpine'],
    );
    assert.match((kids.find((k) => k.kind === 'message') as MessageNode).text, /^Namespace: alice$/);
  });

  it('namespaces kept in settings replace the default; anonymous sees public repositories only', async () => {
    const h = model(undefined, { namespaces: ['alice', 'acme'] });
    const [registry] = await h.model.getChildren();
    // Both namespaces are read to fill the first page (of 10), and shown by name.
    assert.deepEqual(labels(await h.model.getChildren(registry)), ['message:hubNamespaces', 'acme/tool', 'alice/app', 'alice/web']);
  });

  it('anonymous without namespaces: the no-catalog node as before, and no request to Hub', async () => {
    hub.log.length = 0;
    const h = model(undefined);
    const [registry] = await h.model.getChildren();
    assert.deepEqual(labels(await h.model.getChildren(registry)), ['message:noCatalog']);
    assert.equal(hub.log.length, 0);
  });

  it('a rejected password is a node that says so', async () => {
    const h = model({ username: 'alice', password: 'wrong' });
    const [registry] = await h.model.getChildren();
    const kids = await h.model.getChildren(registry);
    const failure = kids.find((k) => k.kind === 'message' && k.action !== 'hubNamespaces') as MessageNode;
    assert.ok(failure, JSON.stringify(labels(kids)));
    assert.equal(failure.action, 'signIn');
    assert.match(failure.detail ?? '', /Docker Hub did not accept the password or access token of alice/);
  });
});

describe("Docker Hub tags in the tree: details and date order from Hub's tag list", () => {
  let hub: FakeHubApi;
  const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
  // Pushed in an order that is not the version order: 1.0 last.
  const tags: HubTagRecord[] = ['1.2', '1.1', '2.0', '1.0'].map((name, i) => ({
    name,
    digest: D(i + 1),
    pushedAt: new Date(Date.UTC(2025, 5, 1 + i)).toISOString(),
    images: [{ os: 'linux', architecture: 'amd64', digest: D(i + 1), size: 1000 * (i + 1) }],
  }));
  before(async () => {
    hub = await startFakeHubApi({}, [{ namespace: 'alice', name: 'web', tags }]);
  });
  after(async () => {
    await hub?.stop();
  });

  it('sorted by push time with digest and size, and not one request to the registry (no HEAD per tag)', async () => {
    const sent: { target: string; url: string }[] = [];
    const client = new RegistryClient({ registry: 'docker.io', hubApiUrl: hub.url, retries: 0, onRequest: (e) => sent.push(e) });
    const h = treeModelFor({ id: 'docker.io', url: 'docker.io', repositories: ['alice/web'] }, client, undefined);
    h.settings.tagSort = 'date';
    const repo: RepositoryNode = { kind: 'repository', registryId: 'docker.io', repository: 'alice/web' };
    const first = (await h.model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
    await until('details', () => first.every((t) => t.details?.state === 'loaded' || t.details?.state === 'failed'));
    const shown = (await h.model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
    assert.deepEqual(
      shown.map((t) => t.tag),
      ['1.0', '2.0', '1.1', '1.2'],
      'newest push first',
    );
    for (const t of shown) {
      const want = tags.find((x) => x.name === t.tag)!;
      assert.deepEqual(
        { digest: t.details?.digest, pushed: t.details?.pushed, size: t.details?.size, source: t.details?.source },
        { digest: want.digest, pushed: want.pushedAt, size: want.images[0].size, source: "Docker Hub's API" },
      );
    }
    assert.deepEqual(
      sent.filter((e) => !e.url.startsWith(hub.url)),
      [],
      'nothing went to the registry',
    );
    assert.equal(hub.log.length, 1, "one page of Hub's tag list");
  });
});

// Repositories from a vendor's REST API through the tree model, with small fakes of VendorApi and
// of the registry's catalog: which namespaces each vendor lists, what the settings must name, the
// catalog only when the API failed, the repositories added by hand kept, and where the list comes
// from. The vendors' stand-ins in front of the real registry are in test/integration/vendors-tree.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError, type RegistryApi, type VendorApi, type VendorKind } from '../../../src/registry';
import type { RegistryEntry } from '../../../src/model/registryEntry';
import type { MessageNode, TreeNode } from '../../../src/model/nodes';
import { treeModelFor } from '../../fixtures/treeModel';
import { vendorNamespacesOf } from '../../../src/model/repositorySources';

const labels = (nodes: TreeNode[]) =>
  nodes.map((n) =>
    n.kind === 'repository' ? `${n.repository}${n.addedByHand ? ' (by hand)' : ''}` : n.kind === 'message' ? `message:${n.action}:${n.text}` : n.kind,
  );

function fakes(kind: VendorKind, lists: Record<string, string[][]>, fail?: Error) {
  const calls: string[] = [];
  const pulled = { pages: 0 };
  const client = {
    host: 'registry.example',
    async *catalog() {
      calls.push('catalog');
      yield ['cat/one', 'cat/two'];
    },
  } as unknown as RegistryApi;
  const vendor: VendorApi = {
    kind,
    apiUrl: 'https://api.example/api',
    untagsAlone: true,
    async *repositories(namespace?: string, opts?: { pageSize?: number }) {
      calls.push(`repositories ${namespace ?? '(all)'} ${opts?.pageSize}`);
      if (fail) throw fail;
      for (const page of lists[namespace ?? '']) {
        pulled.pages++;
        yield page;
      }
    },
    async *tags() {},
    async untag() {},
  };
  return { client, vendor, calls, pulled };
}

async function draw(entry: RegistryEntry, kind: VendorKind, lists: Record<string, string[][]>, opts: { fail?: Error; username?: string } = {}) {
  const f = fakes(kind, lists, opts.fail);
  const h = treeModelFor(entry, f.client, opts.username ? { username: opts.username, password: 'p4ss-w0rd-secret' } : undefined, f.vendor);
  const [registry] = await h.model.getChildren();
  const children = await h.model.getChildren(registry);
  return { ...f, h, registry, children };
}

test('Harbor without projects: every project the login sees, no catalog asked; the note and the tooltip say where the list comes from', async () => {
  const entry: RegistryEntry = { id: 'harbor.example', url: 'harbor.example', repositories: ['z/by-hand'] };
  const d = await draw(entry, 'harbor', { '': [['lib/a', 'lib/b'], ['pub/c']] });
  assert.deepEqual(labels(d.children), ['message:noCatalog:Harbor: every project you may see', 'lib/a', 'lib/b', 'pub/c', 'z/by-hand (by hand)']);
  assert.deepEqual(d.calls, ['repositories (all) 100']);
  const note = d.children[0] as MessageNode;
  assert.match(note.detail!, /^Repositories from Harbor's API at https:\/\/api\.example\/api, every project the login sees\./);
  const info = d.h.model.registryInfo(entry.id)!;
  assert.equal(info.listedFrom, "Harbor's API at https://api.example/api, every project the login sees");
  assert.equal(info.catalogClosed, false);
  assert.ok(d.h.changes.includes(d.registry), 'the registry node is redrawn once it is known where its list comes from');
});

test('GitLab: each group or project in the settings, one after the other; none set: a note saying what to set, and only the repositories added by hand', async () => {
  const entry: RegistryEntry = { id: 'gitlab.example', url: 'gitlab.example', namespaces: ['grp', 'other/proj'] };
  const d = await draw(entry, 'gitlab', { grp: [['grp/a']], 'other/proj': [['other/proj/b']] });
  assert.deepEqual(labels(d.children), ['message:noCatalog:GitLab groups and projects: grp, other/proj', 'grp/a', 'other/proj/b']);
  assert.deepEqual(d.calls, ['repositories grp 100', 'repositories other/proj 100']);
  assert.match(d.h.model.registryInfo(entry.id)!.listedFrom!, /groups and projects grp, other\/proj$/);

  const none = await draw({ id: 'gitlab.example', url: 'gitlab.example', repositories: ['grp/x'] }, 'gitlab', {});
  assert.deepEqual(labels(none.children), ['message:noCatalog:Set the GitLab groups and projects to list', 'grp/x (by hand)']);
  assert.match((none.children[0] as MessageNode).detail!, /"namespaces" of this registry in the registryExplorer\.registries setting/);
  assert.deepEqual(none.calls, []);
});

test('setting the namespaces later lists them, and the note saying what to set goes', async () => {
  const f = fakes('gitlab', { grp: [['grp/a']] });
  const entry: RegistryEntry = { id: 'gitlab.example', url: 'gitlab.example' };
  const h = treeModelFor(entry, f.client, undefined, f.vendor);
  const [registry] = await h.model.getChildren();
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['message:noCatalog:Set the GitLab groups and projects to list']);
  entry.namespaces = ['grp'];
  assert.deepEqual(labels(await h.model.getChildren(registry)), ['message:noCatalog:GitLab group or project: grp', 'grp/a']);
});

test('Quay and GHCR: without namespaces, the signed-in user (a Quay robot: its organisation); anonymous, a note saying what to add', () => {
  assert.deepEqual(vendorNamespacesOf('quay', {}, 'Alice'), ['alice']);
  assert.deepEqual(vendorNamespacesOf('quay', {}, 'acme+ci'), ['acme']);
  assert.deepEqual(vendorNamespacesOf('ghcr', {}, 'Octo'), ['octo']);
  assert.deepEqual(vendorNamespacesOf('ghcr', { namespaces: [' org ', 'org', ''] }, 'octo'), ['org']);
  assert.equal(vendorNamespacesOf('quay', {}, undefined), undefined);
  assert.equal(vendorNamespacesOf('quay', {}, '$oauthtoken'), undefined);
  assert.equal(vendorNamespacesOf('gitlab', {}, 'alice'), undefined);
  assert.deepEqual(vendorNamespacesOf('harbor', {}, 'alice'), []);
});

test('Quay signed in: the user namespace is listed; anonymous: a note, nothing asked', async () => {
  const signedIn = await draw({ id: 'quay.example', url: 'quay.example' }, 'quay', { alice: [['alice/app']] }, { username: 'alice' });
  assert.deepEqual(labels(signedIn.children), ['message:noCatalog:Quay namespace: alice', 'alice/app']);
  const anonymous = await draw({ id: 'quay.example', url: 'quay.example' }, 'quay', {});
  assert.deepEqual(labels(anonymous.children), ['message:noCatalog:Set the Quay namespaces to list']);
  assert.deepEqual(anonymous.calls, []);
});

test("GHCR lists the owners; when GitHub's API fails there is no catalog to fall back to: the failure and the repositories added by hand", async () => {
  const ok = await draw({ id: 'ghcr.io', url: 'ghcr.io', namespaces: ['acme'] }, 'ghcr', { acme: [['acme/web']] });
  assert.deepEqual(labels(ok.children), ['message:noCatalog:GitHub owner: acme', 'acme/web']);
  // No catalog behind it, yet the registry lists: the registry row offers no Add Repository as its fix.
  assert.equal(ok.h.model.registryInfo('ghcr.io')!.catalogClosed, false);
  const refused = new RegistryError({
    kind: 'unauthorized',
    operation: 'list',
    status: 401,
    message: "GitHub's packages API at api.github.com did not accept the login to list the container packages of acme (401).",
    hint: 'It needs read:packages. The tree can still list the registry’s catalog, or repositories added by hand.',
  });
  const failed = await draw(
    { id: 'ghcr.io', url: 'ghcr.io', namespaces: ['acme'], repositories: ['acme/kept'] },
    'ghcr',
    {},
    { fail: refused, username: 'alice' },
  );
  assert.deepEqual(labels(failed.children), ["message:signIn:GitHub's API refused the login", 'acme/kept (by hand)']);
  const node = failed.children[0] as MessageNode;
  assert.equal(node.description, 'added by hand only');
  assert.equal(
    node.detail,
    "GitHub's packages API at api.github.com did not accept the login to list the container packages of acme (401). It needs read:packages. Listed instead: the repositories added by hand. The API's address is https://api.example/api.",
  );
  assert.deepEqual(failed.calls, ['repositories acme 100']);
});

test('a failing vendor API: a node naming the API and why, then the catalog and the repositories added by hand; the tooltip says the catalog lists', async () => {
  const html = new RegistryError({
    kind: 'protocol',
    operation: 'list',
    status: 200,
    message:
      "Harbor's API at harbor.example answered with a web page instead of JSON (200) while trying to list the projects: a login page, a proxy, or not the API's address.",
    hint: 'Check the API address. The tree can still list the registry’s catalog, or repositories added by hand.',
  });
  const entry: RegistryEntry = { id: 'harbor.example', url: 'harbor.example', repositories: ['z/by-hand'] };
  const d = await draw(entry, 'harbor', {}, { fail: html, username: 'alice' });
  assert.deepEqual(labels(d.children), ["message:retry:Harbor's API sent a web page", 'cat/one', 'cat/two', 'z/by-hand (by hand)']);
  assert.deepEqual(d.calls, ['repositories (all) 100', 'catalog']);
  const node = d.children[0] as MessageNode;
  assert.equal(node.description, 'listing the catalog');
  assert.match(node.detail!, /web page instead of JSON.*Check the API address\. Listed instead: the registry's catalog and the repositories added by hand\./);
  assert.ok(!JSON.stringify(d.children).includes('p4ss-w0rd-secret'));
  const info = d.h.model.registryInfo(entry.id)!;
  assert.equal(info.listedFrom, "the registry's catalog");
  assert.equal(info.catalogClosed, false);
});

test('ACR lists through its catalog (its API is for tag metadata)', async () => {
  const d = await draw({ id: 'x.azurecr.io', url: 'x.azurecr.io' }, 'acr', { '': [['never/listed']] });
  assert.deepEqual(labels(d.children), ['cat/one', 'cat/two']);
  assert.deepEqual(d.calls, ['catalog']);
  assert.equal(d.h.model.registryInfo('x.azurecr.io')!.listedFrom, "the registry's catalog");
});

test('vendor pages are the tree\'s pages: the first draw reads what fills a screen, "Load more…" reads on', async () => {
  const pages = Array.from({ length: 4 }, (_, p) => Array.from({ length: 8 }, (_, i) => `proj/r${p}${i}`));
  const d = await draw({ id: 'harbor.example', url: 'harbor.example', namespaces: ['proj'] }, 'harbor', { proj: pages });
  const repos = (nodes: TreeNode[]) => nodes.filter((n) => n.kind === 'repository').length;
  assert.equal(repos(d.children), 10);
  assert.equal(d.children.at(-2)?.kind, 'loadMore');
  // Two pages fill the screen, a third is asked ahead: the fourth waits.
  assert.ok(d.pulled.pages <= 3, `pages read: ${d.pulled.pages}`);
  await d.h.model.loadMore('harbor.example');
  const more = await d.h.model.getChildren(d.registry);
  assert.equal(repos(more), 20);
  await d.h.model.loadAll('harbor.example');
  const all = await d.h.model.getChildren(d.registry);
  assert.equal(repos(all), 32);
  assert.equal(all.at(-1)?.kind, 'repository');
});

// The Registries tree model listing repositories through the vendors' REST APIs, each a stand-in
// written from the vendor's published reference (test/fixtures/vendors/) in front of the real
// docker-registry 2.8 of the test bed, answering from its real contents: GitLab groups, Harbor
// projects, Quay namespaces and GitHub owners list and page as the tree's own pages; a vendor API
// that refuses the login or answers with a single sign-on page shows which API failed and why, and
// the tree falls back to the registry's catalog and the repositories added by hand.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, type RegistryApi, type VendorApi, type VendorKind } from '../../src/registry';
import { normaliseRegistryAddress, type RegistryEntry } from '../../src/model/registryEntry';
import type { MessageNode, RepositoryNode, TreeNode } from '../../src/model/nodes';
import { startTestBed, type TestBed } from '../fixtures/testbed';
import { treeModelFor, type TreeHarness } from '../fixtures/treeModel';
import { RealRegistry, type BedUser } from '../fixtures/vendors/realRegistry';
import { startGitLabApi } from '../fixtures/vendors/gitlabApi';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import { startQuayApi } from '../fixtures/vendors/quayApi';
import { startGitHubPackagesApi } from '../fixtures/vendors/githubPackagesApi';
import { startStandIn, type StandIn } from '../fixtures/vendors/standInServer';

const repositoriesOf = (nodes: TreeNode[]) =>
  nodes.filter((n): n is RepositoryNode => n.kind === 'repository').map((n) => `${n.repository}${n.addedByHand ? ' (by hand)' : ''}`);
const messagesOf = (nodes: TreeNode[]) => nodes.filter((n): n is MessageNode => n.kind === 'message');

describe('the tree lists repositories through vendor APIs (stand-ins) in front of the real registry', () => {
  let bed: TestBed;
  let real: RealRegistry;
  let gitlab: StandIn & { apiUrl: string };
  let harbor: StandIn & { apiUrl: string };
  let quay: StandIn & { apiUrl: string };
  let github: StandIn & { apiUrl: string };
  let sso: StandIn;
  let catalog: string[];

  before(async () => {
    bed = await startTestBed();
    real = new RealRegistry(bed);
    // As the pool hands it out, the vendor API takes the registry's own login (a GitLab, Quay or
    // GitHub token used as the registry password; Harbor's user and password).
    const { alice, carol } = bed.users;
    gitlab = await startGitLabApi(real, { [alice.password]: { user: 'alice', groups: ['foo'] } });
    harbor = await startHarborApi(real, { carol: { password: carol.password, user: 'carol', projects: ['foo'] } }, ['public']);
    quay = await startQuayApi(real, { [alice.password]: { user: 'alice', namespaces: ['foo', 'alice'] } }, { repositoriesPerPage: 6 });
    github = await startGitHubPackagesApi(real, { [alice.password]: { user: 'alice', login: 'alice', scopes: ['read:packages'], owners: ['foo'] } }, ['foo']);
    // A single sign-on proxy in front of the API: whatever is asked, its login page.
    sso = await startStandIn(() => ({
      status: 200,
      body: '<!doctype html><html><body><form action="/sso/login">Sign in with your company account</form></body></html>',
    }));
    catalog = await real.repositories();
  });
  after(async () => {
    for (const s of [gitlab, harbor, quay, github, sso]) await s?.stop();
    await bed?.stop();
  });

  /** The tree over the real registry as `user`, with `kind`'s vendor API at `apiUrl`; `catalogCalls` counts what the tree asked of the catalog. */
  function tree(user: BedUser, kind: VendorKind, apiUrl: string, extra: Partial<RegistryEntry> = {}): TreeHarness & { catalogCalls: number[] } {
    const norm = normaliseRegistryAddress(bed.url);
    const entry: RegistryEntry = { id: norm.id, url: norm.url, insecure: true, kind, apiUrl, ...extra };
    const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users[user] }, retries: 0 });
    const catalogCalls: number[] = [];
    const counted = new Proxy(client, {
      get(target, p) {
        if (p === 'catalog') catalogCalls.push(1);
        const v = Reflect.get(target, p, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as RegistryApi;
    const vendor: VendorApi = client.vendor(kind, { apiUrl });
    return { ...treeModelFor(entry, counted, { ...bed.users[user] }, vendor), catalogCalls };
  }

  /** The first screen, then every "Load more…" until the list ends. */
  async function listAll(h: TreeHarness): Promise<{ first: TreeNode[]; last: TreeNode[] }> {
    const [registry] = await h.model.getChildren();
    const first = await h.model.getChildren(registry);
    let last = first;
    for (let rounds = 0; last.some((n) => n.kind === 'loadMore'); rounds++) {
      assert.ok(rounds < 20, 'the list ends');
      await h.model.loadMore(registry.registryId);
      last = await h.model.getChildren(registry);
    }
    return { first, last };
  }

  it('GitLab: the group in the settings, a screen at a time, exactly the real repositories under it; no catalog asked', async () => {
    gitlab.log.length = 0;
    const h = tree('alice', 'gitlab', gitlab.apiUrl, { namespaces: ['foo'] });
    const { first, last } = await listAll(h);
    assert.deepEqual(
      messagesOf(first).map((m) => m.text),
      ['GitLab group or project: foo'],
    );
    assert.equal(repositoriesOf(first).length, h.settings.pageSize);
    assert.equal(first.at(-1)?.kind, 'loadMore');
    assert.deepEqual(
      repositoriesOf(last),
      catalog.filter((r) => r.startsWith('foo/')),
    );
    assert.deepEqual(h.catalogCalls, []);
    // The group's repositories fit one page of the API (100): one request for every screen.
    assert.equal(gitlab.log.length, 1, JSON.stringify(gitlab.log));
    assert.ok(
      gitlab.log.some((r) => r.path.startsWith('/api/v4/groups/foo/registry/repositories') && r.status === 200 && r.auth === 'Bearer'),
      JSON.stringify(gitlab.log),
    );
    assert.equal(h.model.registryInfo(h.entry.id)?.listedFrom, `GitLab's API at ${gitlab.apiUrl}, group or project foo`);
    assert.equal(h.model.registryInfo(h.entry.id)?.catalogClosed, false);
  });

  it("Harbor without projects in the settings: every project the login sees (its own and the public ones), from Harbor's API", async () => {
    harbor.log.length = 0;
    const h = tree('carol', 'harbor', harbor.apiUrl);
    const { first, last } = await listAll(h);
    assert.deepEqual(
      messagesOf(first).map((m) => m.text),
      ['Harbor: every project you may see'],
    );
    assert.deepEqual(
      repositoriesOf(last),
      catalog.filter((r) => r.startsWith('foo/') || r.startsWith('public/')),
    );
    assert.deepEqual(h.catalogCalls, []);
    // The projects, then each project's repositories: one request each.
    assert.deepEqual(
      harbor.log.map((r) => r.path.split('?')[0]),
      ['/api/v2.0/projects', '/api/v2.0/projects/foo/repositories', '/api/v2.0/projects/public/repositories'],
    );
    assert.match(h.model.registryInfo(h.entry.id)?.listedFrom ?? '', /^Harbor's API at http:\/\/127\.0\.0\.1:\d+\/api\/v2\.0, every project the login sees$/);
  });

  it("Quay pages lazily: the first screen reads only the API pages it shows (and one ahead), Load more reads on, following Quay's next_page", async () => {
    quay.log.length = 0;
    const expected = catalog.filter((r) => r.startsWith('foo/'));
    const apiPages = Math.ceil(expected.length / 6);
    assert.ok(apiPages >= 5, `enough repositories to page: ${expected.length}`);
    const h = tree('alice', 'quay', quay.apiUrl, { namespaces: ['foo'] });
    const [registry] = await h.model.getChildren();
    const first = await h.model.getChildren(registry);
    assert.equal(repositoriesOf(first).length, h.settings.pageSize);
    const read = quay.log.filter((r) => r.path.startsWith('/api/v1/repository?')).length;
    assert.ok(read >= 2 && read <= 3, `API pages read for the first screen: ${read} of ${apiPages}`);
    const { last } = await listAll(h);
    assert.deepEqual(repositoriesOf(last), expected);
    assert.equal(quay.log.filter((r) => r.path.includes('next_page=')).length, apiPages - 1);
  });

  it('Quay without namespaces lists the signed-in user; GitHub owners from the settings, with no catalog behind them', async () => {
    await real.push('alice/own-app', ['1']);
    const own = tree('alice', 'quay', quay.apiUrl);
    const listed = await listAll(own);
    assert.deepEqual(
      messagesOf(listed.first).map((m) => m.text),
      ['Quay namespace: alice'],
    );
    assert.deepEqual(repositoriesOf(listed.last), ['alice/own-app']);

    const h = tree('alice', 'ghcr', github.apiUrl, { namespaces: ['foo'] });
    const { first, last } = await listAll(h);
    assert.deepEqual(
      messagesOf(first).map((m) => m.text),
      ['GitHub owner: foo'],
    );
    assert.deepEqual(
      repositoriesOf(last),
      catalog.filter((r) => r.startsWith('foo/')),
    );
    assert.deepEqual(h.catalogCalls, []);
  });

  it("Harbor's API refusing the login (401): a node naming the API and why, then the registry's catalog and the repositories added by hand; no secret shown", async () => {
    harbor.log.length = 0;
    // admin may list the catalog; Harbor's stand-in knows no account admin.
    const h = tree('admin', 'harbor', harbor.apiUrl, { repositories: ['zz/by-hand'] });
    const { first, last } = await listAll(h);
    assert.ok(
      harbor.log.some((r) => r.status === 401),
      JSON.stringify(harbor.log),
    );
    const [failure] = messagesOf(first);
    assert.equal(failure.text, "Harbor's API refused the login");
    assert.equal(failure.action, 'signIn');
    assert.equal(failure.description, 'listing the catalog');
    assert.match(
      failure.detail ?? '',
      /^Harbor's API at 127\.0\.0\.1:\d+ did not accept the login to list the projects on Harbor .* Listed instead: the registry's catalog and the repositories added by hand\./,
    );
    assert.deepEqual(repositoriesOf(last), [...(await real.repositories()), 'zz/by-hand (by hand)']);
    assert.equal(h.catalogCalls.length, 1);
    assert.equal(h.model.registryInfo(h.entry.id)?.listedFrom, "the registry's catalog");
    const shown = JSON.stringify([...first, ...last]);
    assert.ok(!shown.includes(bed.users.admin.password), 'no password in any node');
  });

  it('an SSO login page instead of JSON: the node says so, and the repositories added by hand stay when the catalog is refused too', async () => {
    const h = tree('alice', 'gitlab', sso.url, { namespaces: ['foo'], repositories: ['foo/bar', 'x/by-hand'] });
    const [registry] = await h.model.getChildren();
    const children = await h.model.getChildren(registry);
    const messages = messagesOf(children);
    assert.deepEqual(
      messages.map((m) => [m.action, m.text]),
      [
        ['retry', "GitLab's API sent a web page"],
        ['noCatalog', 'alice may not list repositories'],
      ],
    );
    assert.match(messages[0].detail ?? '', /answered with a web page instead of JSON \(200\).*single sign-on proxy/);
    assert.ok(!JSON.stringify(children).includes(bed.users.alice.password), 'no token in any node');
    assert.deepEqual(repositoriesOf(children), ['foo/bar (by hand)', 'x/by-hand (by hand)']);
    assert.equal(h.model.registryInfo(h.entry.id)?.catalogClosed, true);
    assert.equal(children.at(-1)?.kind, 'repository');
  });
});

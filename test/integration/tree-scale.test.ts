// The tree on a huge registry (real docker-registry 2.8, seeded at scale through its storage):
// a tag list that arrives in one answer is shown a page at a time and only that page's details are
// read; a filter searches past the loaded pages, jumping to a literal prefix in the catalog;
// listings without a page size ask for the registry's largest page.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RegistryClient } from '../../src/registry';
import type { LoadMoreNode, MessageNode, RepositoryNode, TagNode, TreeNode } from '../../src/model/nodes';
import { seedScale } from '../fixtures/scaleSeed';
import { useTestBed } from '../fixtures/testbed';
import { treeHarness, until } from '../fixtures/treeModel';

const REPOSITORIES = 3000;

describe('the tree on a huge registry', () => {
  const bed = useTestBed();
  let tagRepository = '';
  before(async () => {
    tagRepository = (await seedScale(bed, { tagCounts: [10_000], repositories: REPOSITORIES })).tagRepositories[10_000];
  });

  const manifestGets = () => bed.registryRequests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/')).length;
  const kinds = (nodes: TreeNode[]) => nodes.map((n) => (n.kind === 'loadMore' ? (n.all ? `loadAll ${n.remaining}` : 'loadMore') : n.kind));

  it('10,000 tags in one answer: one page of nodes, and details read for that page only', async () => {
    const h = treeHarness(bed, bed.users.admin, { repositories: [tagRepository] });
    h.settings.pageSize = 50;
    const [registry] = await h.model.getChildren();
    await h.model.getChildren(registry);
    const repo: RepositoryNode = { kind: 'repository', registryId: h.entry.id, repository: tagRepository };
    bed.resetLogs();
    const kids = await h.model.getChildren(repo);
    const tags = kids.filter((n): n is TagNode => n.kind === 'tag');
    assert.equal(tags.length, 50);
    assert.deepEqual(kinds(kids).slice(-2), ['loadMore', 'loadAll 9950']);
    assert.equal(bed.registryRequests.filter((r) => r.path.includes('/tags/list')).length, 1, 'one listing request');
    await until("the page's details", () => tags.every((t) => t.details?.state === 'loaded'), 60_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more may follow
    assert.equal(manifestGets(), 50, 'one manifest GET per shown tag, none for the 9,950 others');
    // Version order over all 10,000, not over the first page the registry happened to send.
    assert.equal(tags[0].tag, 'v9.19.48-alpine');

    bed.resetLogs();
    await h.model.loadMore(h.entry.id, tagRepository);
    const more = (await h.model.getChildren(repo)).filter((n): n is TagNode => n.kind === 'tag');
    assert.equal(more.length, 100);
    await until("the second page's details", () => more.every((t) => t.details?.state === 'loaded'), 60_000);
    assert.equal(bed.registryRequests.filter((r) => r.path.includes('/tags/list')).length, 0, 'the names are not listed again');
    assert.equal(manifestGets(), 50);
  });

  it('sorting 10,000 tags by date says what it costs and waits for the user', async () => {
    const h = treeHarness(bed, bed.users.admin, { repositories: [tagRepository] });
    h.settings.pageSize = 20;
    h.settings.tagSort = 'date';
    const [registry] = await h.model.getChildren();
    await h.model.getChildren(registry);
    const repo: RepositoryNode = { kind: 'repository', registryId: h.entry.id, repository: tagRepository };
    bed.resetLogs();
    const kids = await h.model.getChildren(repo);
    const ask = kids[0] as MessageNode;
    assert.equal(ask.action, 'readAllDates');
    assert.match(ask.text, /Sorted by version: sorting 10,000 tags by date reads each one's manifest and config/);
    await until("the page's details", () => kids.filter((n): n is TagNode => n.kind === 'tag').every((t) => t.details?.state === 'loaded'), 60_000);
    assert.equal(manifestGets(), 20, 'only the shown page until the user agrees');
  });

  it('a literal prefix jumps there in the catalog (`last=`) and reads only the pages that can match', async () => {
    const h = treeHarness(bed, bed.users.admin);
    h.settings.pageSize = 10;
    const [registry] = await h.model.getChildren();
    await h.model.getChildren(registry);
    bed.resetLogs();
    h.model.setFilter('scale/r02*');
    const kids = await h.model.getChildren(registry);
    const repos = kids.filter((n): n is RepositoryNode => n.kind === 'repository').map((n) => n.repository);
    assert.deepEqual(
      repos,
      Array.from({ length: 10 }, (_, i) => `scale/r0${2000 + i}`),
    );
    const catalogGets = bed.registryRequests.filter((r) => r.path.startsWith('/v2/_catalog'));
    assert.ok(catalogGets.length <= 2, catalogGets.map((r) => r.path).join('\n'));
    assert.match(catalogGets[0].path, /last=scale%2Fr01(~|%7E)/);
    assert.deepEqual(kinds(kids).slice(-2), ['loadMore', 'loadAll undefined']);
  });

  it('any other filter reads on until a screenful matches, and says how far it searched', async () => {
    const h = treeHarness(bed, bed.users.admin);
    h.settings.pageSize = 5;
    const [registry] = await h.model.getChildren();
    await h.model.getChildren(registry);
    bed.resetLogs();
    // Every 100th repository matches: the first page of the catalog has a handful of matches at most.
    h.model.setFilter('*/r0*99');
    const progress: number[] = [];
    await h.model.search(undefined, (p) => progress.push(p.searched));
    const kids = await h.model.getChildren(registry);
    const repos = kids.filter((n): n is RepositoryNode => n.kind === 'repository').map((n) => n.repository);
    assert.deepEqual(repos, ['scale/r00099', 'scale/r00199', 'scale/r00299', 'scale/r00399', 'scale/r00499']);
    const loadMore = kids.find((n): n is LoadMoreNode => n.kind === 'loadMore' && !n.all);
    assert.ok(loadMore, 'Load more… below the matches searches on');
    assert.ok((loadMore!.searched ?? 0) >= 500, `searched ${loadMore!.searched}`);
    assert.ok(bed.registryRequests.filter((r) => r.path.startsWith('/v2/_catalog')).length <= 3);
  });

  it('plain text matches repository names too: a repository named by it shows all its tags', async () => {
    const h = treeHarness(bed, bed.users.admin);
    h.settings.pageSize = 50;
    h.model.setFilter('base');
    const [registry] = await h.model.getChildren();
    await h.model.search();
    const repos = (await h.model.getChildren(registry)).filter((n): n is RepositoryNode => n.kind === 'repository');
    assert.deepEqual(
      repos.map((r) => r.repository),
      ['scale/base'],
    );
    const tags = (await h.model.getChildren(repos[0])).filter((n): n is TagNode => n.kind === 'tag');
    assert.deepEqual(
      tags.map((t) => t.tag),
      ['v1'],
      "its tags are not filtered by the repository's name",
    );
  });

  it('a listing without a page size asks for n=1000: the catalog in a few requests', async () => {
    bed.resetLogs();
    let listed = 0;
    for await (const page of new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin } }).catalog()) listed += page.length;
    const gets = bed.registryRequests.filter((r) => r.path.startsWith('/v2/_catalog'));
    assert.ok(listed > REPOSITORIES);
    assert.equal(gets.length, Math.ceil(listed / 1000));
    assert.match(gets[0].path, /n=1000/);
  });
});

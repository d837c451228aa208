// The Registries tree model (plain Node, no vscode) against the real registry with token auth:
// paging with "Load more…", no-catalog and sign-in failure nodes, lazy tag details, index platforms.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestBed } from '../fixtures/testbed';
import type { TagNode, MessageNode, PlatformNode } from '../../src/model/nodes';
import { treeHarness as harness, until } from '../fixtures/treeModel';

describe('tree model on the real registry', () => {
  const bed = useTestBed();

  it('admin: the catalog pages with "Load more…" until every repository is listed', async () => {
    const h = harness(bed, bed.users.admin);
    const [registry] = await h.model.getChildren();
    assert.equal(registry.kind, 'registry');
    let children = await h.model.getChildren(registry);
    assert.equal(children.filter((c) => c.kind === 'repository').length, 10);
    assert.equal(children.at(-1)?.kind, 'loadMore');
    let rounds = 0;
    while (children.at(-1)?.kind === 'loadMore') {
      await h.model.loadMore(registry.registryId);
      assert.ok(h.changes.includes(registry), 'loadMore fires a change on the registry node');
      children = await h.model.getChildren(registry);
      assert.ok(++rounds < 10);
    }
    const repos = children.filter((c) => c.kind === 'repository').map((c) => (c as { repository: string }).repository);
    assert.deepEqual([...repos].sort(), bed.seeded.repositories);
  });

  it('alice (no catalog permission): a no-catalog node, and repositories added by hand', async () => {
    const h = harness(bed, bed.users.alice, { repositories: ['foo/bar'] });
    const [registry] = await h.model.getChildren();
    const children = await h.model.getChildren(registry);
    const message = children.find((c) => c.kind === 'message') as MessageNode;
    assert.equal(message?.action, 'noCatalog', JSON.stringify(children));
    assert.equal(message.text, 'alice may not list repositories');
    const repo = children.find((c) => c.kind === 'repository');
    assert.deepEqual(repo, { kind: 'repository', registryId: h.entry.id, repository: 'foo/bar', addedByHand: true });
  });

  it('wrong password: the sign-in node names the user, for the catalog and for tags', async () => {
    const h = harness(bed, { username: 'alice', password: 'wrong' }, { repositories: ['foo/bar'] });
    const [registry] = await h.model.getChildren();
    const children = await h.model.getChildren(registry);
    const message = children.find((c) => c.kind === 'message') as MessageNode;
    assert.equal(message?.text, "alice's password was rejected");
    assert.equal(message.action, 'signIn');
    const repo = children.find((c) => c.kind === 'repository')!;
    const tags = await h.model.getChildren(repo);
    assert.equal(tags.length, 1);
    assert.equal((tags[0] as MessageNode).action, 'signIn');
    assert.match((tags[0] as MessageNode).text, /alice's password was rejected/);
  });

  it('tags page lazily; details (digest, size, created) fill in; version order', async () => {
    bed.quirks.tagPageSize = 20;
    try {
      const h = harness(bed, bed.users.carol, { repositories: ['foo/many'] });
      const [registry] = await h.model.getChildren();
      const repo = (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')!;
      let tags = await h.model.getChildren(repo);
      assert.equal(tags.at(-1)?.kind, 'loadMore');
      assert.equal(tags.filter((t) => t.kind === 'tag').length, h.settings.pageSize);
      while (tags.at(-1)?.kind === 'loadMore') {
        await h.model.loadMore(repo.registryId, 'foo/many');
        tags = await h.model.getChildren(repo);
      }
      const tagNodes = tags as TagNode[];
      assert.deepEqual([...tagNodes.map((t) => t.tag)].sort(), bed.seeded.many.tags);
      await until('details', () => tagNodes.every((t) => t.details?.state === 'loaded' || t.details?.state === 'failed'));
      for (const t of tagNodes) {
        assert.equal(t.details?.state, 'loaded', `${t.tag}: ${t.details?.error}`);
        assert.equal(t.details?.digest, bed.seeded.many.digestByTag[t.tag]);
        assert.ok(typeof t.details?.size === 'number' && t.details.size > 0);
      }
      assert.ok(h.changes.filter((c) => c?.kind === 'tag').length >= tagNodes.length, 'per-node change events');
    } finally {
      bed.quirks.tagPageSize = undefined;
    }
  });

  it('details cost one manifest GET per tag and one config GET per image, no HEAD; the referrers API is asked until it is known missing, fallback tags only when listed', async () => {
    const h = harness(bed, bed.users.carol, { repositories: ['foo/many'] });
    h.settings.pageSize = 100;
    const [registry] = await h.model.getChildren();
    const repo = (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')!;
    bed.resetLogs();
    const tags = (await h.model.getChildren(repo)) as TagNode[];
    const many = bed.seeded.many;
    assert.equal(tags.length, many.tags.length);
    await until('details', () => tags.every((t) => t.details?.state === 'loaded' || t.details?.state === 'failed'));
    for (const t of tags) assert.equal(t.details?.digest, many.digestByTag[t.tag], `${t.tag}: ${t.details?.error}`);
    const digests = new Set(Object.values(many.digestByTag)).size;
    const count = (re: RegExp) => bed.registryRequests.filter((r) => re.test(`${r.method} ${r.path}`)).length;
    assert.equal(count(/^HEAD /), 0, 'no HEAD: the GET by tag gives the digest');
    assert.equal(count(/^GET \/v2\/foo\/many\/manifests\/\d/), many.tags.length, 'one manifest GET per tag');
    assert.equal(count(/^GET \/v2\/foo\/many\/blobs\//), digests, 'one config GET per image');
    assert.equal(count(/^GET \/v2\/foo\/many\/manifests\/sha256-/), 0, 'the whole tag list is loaded and has no sha256-<hex> tag: no fallback-tag lookup');
    const api = count(/^GET \/v2\/foo\/many\/referrers\//);
    assert.ok(api >= 1 && api <= h.settings.detailsConcurrency, `the referrers API asked ${api} times (once, or once per lookup already in flight)`);
  });

  it('an index tag expands to its platforms', async () => {
    const h = harness(bed, bed.users.carol, { repositories: ['foo/multi'] });
    const [registry] = await h.model.getChildren();
    const repo = (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')!;
    const [latest] = (await h.model.getChildren(repo)) as TagNode[];
    await until('index details', () => latest.details?.state === 'loaded' || latest.details?.state === 'failed');
    assert.equal(latest.details?.digest, bed.seeded.multi.digest);
    const platforms = await h.model.getChildren(latest);
    assert.deepEqual(
      platforms.map((p) => (p.kind === 'platform' ? [p.platform.os, p.platform.architecture, p.platform.variant ?? ''].join('/') : p.kind)).sort(),
      bed.seeded.multi.platforms.map((p) => [p.platform.os, p.platform.architecture, p.platform.variant ?? ''].join('/')).sort(),
    );
  });

  it("expanding an index reads each platform's manifest and config once (two requests a platform), and the rows then show each image's size and date", async () => {
    const h = harness(bed, bed.users.carol, { repositories: ['foo/multi'] });
    const [registry] = await h.model.getChildren();
    const repo = (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')!;
    const [latest] = (await h.model.getChildren(repo)) as TagNode[];
    await until('index details', () => latest.details?.state === 'loaded' || latest.details?.state === 'failed');
    bed.resetLogs();
    const platforms = (await h.model.getChildren(latest)).filter((p): p is PlatformNode => p.kind === 'platform');
    await until('platform images', () => platforms.every((p) => p.image?.state === 'loaded' || p.image?.state === 'failed'));
    const multi = bed.seeded.multi;
    const requests = bed.registryRequests
      .map((r) => `${r.method} ${r.path.replace(/sha256:[0-9a-f]{64}/, 'DIGEST')}`)
      .filter((r) => !r.includes('/referrers/'));
    assert.deepEqual(
      requests.sort(),
      [...multi.platforms.map(() => 'GET /v2/foo/multi/manifests/DIGEST'), ...multi.platforms.map(() => 'GET /v2/foo/multi/blobs/DIGEST')].sort(),
    );
    for (const p of platforms) {
      assert.equal(p.image?.state, 'loaded', p.image?.error);
      const m = (await h.client.getManifest('foo/multi', p.digest)).json as { config: { size: number }; layers: { size: number }[] };
      assert.equal(p.image?.size, m.config.size + m.layers.reduce((n, l) => n + l.size, 0), 'the image (config + compressed layers), not the manifest itself');
      assert.notEqual(p.image?.size, p.size);
      assert.equal(p.image?.created, '2024-01-02T03:04:05Z');
    }
    assert.equal(latest.details?.platformImages?.length, multi.platforms.length, 'the index row reads the same objects');
    // Expanded again (a redraw): nothing more.
    bed.resetLogs();
    await h.model.getChildren(latest);
    assert.deepEqual(
      bed.registryRequests.filter((r) => !r.path.includes('/referrers/')),
      [],
    );
  });

  it('a signed image is expandable and lists its referrer', async () => {
    const h = harness(bed, bed.users.carol, { repositories: ['foo/signed'] });
    const [registry] = await h.model.getChildren();
    const repo = (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')!;
    const v1 = ((await h.model.getChildren(repo)) as TagNode[]).find((t) => t.tag === 'v1')!;
    await until('details of v1', () => v1.details?.state === 'loaded' || v1.details?.state === 'failed');
    assert.equal(v1.details?.referrerCount, 1, v1.details?.error);
    const children = await h.model.getChildren(v1);
    assert.deepEqual(
      children.map((c) => c.kind === 'referrer' && c.digest),
      [bed.seeded.signed.referrer.digest],
    );
  });

  it('anonymous: public repositories list their tags; the catalog offers sign-in and adding by hand', async () => {
    const h = harness(bed, undefined, { repositories: ['public/hello'] });
    const [registry] = await h.model.getChildren();
    const children = await h.model.getChildren(registry);
    assert.deepEqual(
      children.filter((c) => c.kind === 'message').map((c) => (c as MessageNode).action),
      ['signIn', 'noCatalog'],
    );
    const repo = children.find((c) => c.kind === 'repository')!;
    const tags = (await h.model.getChildren(repo)) as TagNode[];
    assert.deepEqual(
      tags.map((t) => t.tag),
      ['latest'],
    );
  });

  it('filter: repositories by glob, tags by text', async () => {
    const h = harness(bed, bed.users.admin);
    const [registry] = await h.model.getChildren();
    h.settings.pageSize = 100;
    h.model.setFilter('foo/r0*:');
    const repos = (await h.model.getChildren(registry)).filter((c) => c.kind === 'repository').map((c) => (c as { repository: string }).repository);
    assert.deepEqual(
      repos.sort(),
      bed.seeded.catalogRepositories.filter((r) => r.startsWith('foo/r0')),
    );
    h.model.setFilter('foo/bar:v1');
    const bar = (await h.model.getChildren(registry)).find((c) => c.kind === 'repository')!;
    const tags = ((await h.model.getChildren(bar)) as TagNode[]).map((t) => t.tag);
    assert.deepEqual(tags, ['v1.0', 'v1']);
  });
});

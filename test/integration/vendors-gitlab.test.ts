// GitLab's REST API through a stand-in written from GitLab's reference (test/fixtures/vendors/
// gitlabApi.ts), in front of the real docker-registry 2.8 of the test bed: what the API lists and
// says of a tag is checked against what the registry holds, and an untag against the registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError, type VendorTag } from '../../src/registry';
import { useTestBed } from '../fixtures/testbed';
import { RealRegistry, type BedUser } from '../fixtures/vendors/realRegistry';
import { startGitLabApi, type GitLabStandIn } from '../fixtures/vendors/gitlabApi';
import { allPages } from '../fixtures/tools';

describe("GitLab's API (stand-in) over the real docker-registry 2.8", () => {
  const bed = useTestBed();
  let real: RealRegistry;
  let gitlab: GitLabStandIn;

  before(async () => {
    real = new RealRegistry(bed);
    // A personal access token is also the registry password (as on GitLab): one login for both.
    gitlab = await startGitLabApi(real, {
      [bed.users.alice.password]: { user: 'alice', groups: ['foo'] },
      [bed.users.carol.password]: { user: 'carol', groups: ['foo'] },
    });
  });
  after(async () => {
    await gitlab?.stop();
    await bed?.stop();
  });

  const client = (user: BedUser) => new RegistryClient({ registry: bed.url, credentials: { ...bed.users[user] }, retries: 0 });
  const api = (user: BedUser) => client(user).vendor('gitlab', { apiUrl: gitlab.url });
  const flat = async (pages: AsyncIterable<VendorTag[]>) => {
    const out: VendorTag[] = [];
    for await (const p of pages) out.push(...p);
    return out;
  };

  it('lists the registry repositories of a group page by page: exactly the real catalog under it', async () => {
    gitlab.log.length = 0;
    const expected = (await real.repositories()).filter((r) => r.startsWith('foo/'));
    const pages = await allPages(api('alice').repositories('foo', { pageSize: 7 }));
    assert.equal(pages.length, Math.ceil(expected.length / 7));
    assert.ok(pages.every((p) => p.length <= 7));
    assert.deepEqual(pages.flat().sort(), expected);
    assert.ok(
      gitlab.log.every((r) => r.auth === 'Bearer' && !r.path.includes(bed.users.alice.password)),
      JSON.stringify(gitlab.log),
    );
  });

  it("a project path lists that project's repositories, and their tags are found through it", async () => {
    await real.push('foo/proj/web', ['1']);
    await real.push('foo/proj/api', ['1']);
    assert.deepEqual((await allPages(api('alice').repositories('foo/proj'))).flat().sort(), ['foo/proj/api', 'foo/proj/web']);
    // A fresh client knows no ids: the project is found from the path.
    assert.deepEqual(
      (await flat(api('alice').tags('foo/proj/web'))).map((t) => t.name),
      ['1'],
    );
  });

  it('tags carry the digest and size (layers, as GitLab counts) the registry holds, and the push time', async () => {
    const pushed = await real.push('foo/gl-meta', ['a', 'b', 'c'], { layers: 2 });
    const tags = await flat(api('alice').tags('foo/gl-meta', { pageSize: 2 }));
    assert.deepEqual(tags.map((t) => t.name).sort(), ['a', 'b', 'c']);
    const image = await real.image('foo/gl-meta', 'a');
    for (const t of tags) {
      assert.equal(t.digest, pushed.digest);
      assert.equal(t.size, image.layerBytes);
      assert.equal(t.sizeCounts, 'layers');
      assert.equal(t.pushedAt, real.pushedAt('foo/gl-meta', t.name));
    }
    const bar = await flat(api('carol').tags('foo/bar'));
    assert.deepEqual(bar.map((t) => t.name).sort(), await real.tags('foo/bar'));
    for (const t of bar) assert.equal(t.digest, (await real.image('foo/bar', t.name)).digest, t.name);
  });

  it('untag removes exactly that tag: the other tag on the same digest survives (checked on the registry)', async () => {
    const pushed = await real.push('foo/gl-untag', ['one', 'two']);
    await api('alice').untag('foo/gl-untag', 'one');
    const plain = client('admin');
    assert.deepEqual((await allPages(plain.tags('foo/gl-untag'))).flat(), ['two']);
    assert.equal((await plain.headManifest('foo/gl-untag', 'two'))?.digest, pushed.digest);
    assert.equal(await plain.headManifest('foo/gl-untag', 'one'), undefined);
  });

  it("a user the registry does not let delete gets GitLab's 403, in words that name the API; nothing is removed", async () => {
    await real.push('foo/gl-keep', ['x', 'y']);
    await assert.rejects(api('carol').untag('foo/gl-keep', 'x'), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'denied');
      assert.equal(e.status, 403);
      assert.match(e.message, /^GitLab's API at 127\.0\.0\.1:\d+ refused to delete the tag foo\/gl-keep:x on GitLab \(403\)/);
      return true;
    });
    assert.deepEqual(await real.tags('foo/gl-keep'), ['x', 'y']);
  });

  it('a wrong token is a 401 naming the API, with the token in no text; an unknown group is not found', async () => {
    const wrong = new RegistryClient({ registry: bed.url, credentials: { username: 'alice', password: 'glpat-not-this-one' }, retries: 0 }).vendor('gitlab', {
      apiUrl: gitlab.url,
    });
    await assert.rejects(allPages(wrong.repositories('foo')), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, /^GitLab's API at 127\.0\.0\.1:\d+ did not accept the login/);
      assert.match(e.hint ?? '', /personal, group or project access token/);
      assert.ok(![e.message, e.hint, e.url].join(' ').includes('glpat-not-this-one'));
      return true;
    });
    await assert.rejects(
      allPages(api('alice').repositories('nobody')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'not-found' && /knows no group or project nobody \(404\)/.test(e.message),
    );
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { hubTag } from '../../../src/registry/vendors/dockerHub';
import { startFakeHubApi, type FakeHubApi, type HubTagRecord } from '../../fixtures/hubApi';
import { allPages } from '../../fixtures/tools';

describe("Docker Hub namespaces through Hub's API (a stand-in server)", () => {
  let hub: FakeHubApi;
  before(async () => {
    hub = await startFakeHubApi({ alice: 'alice-pat' }, [
      { namespace: 'alice', name: 'web' },
      { namespace: 'alice', name: 'app' },
      { namespace: 'alice', name: 'secret', isPrivate: true },
      { namespace: 'acme', name: 'tool' },
    ]);
  });
  after(async () => {
    await hub?.stop();
  });

  const client = (credentials?: { username: string; password: string }) =>
    new RegistryClient({ registry: 'docker.io', hubApiUrl: hub.url, credentials, retries: 0 });

  it('anonymous: the public repositories, by name, a page at a time', async () => {
    hub.log.length = 0;
    assert.deepEqual(await allPages(client().namespaceRepositories('alice', { pageSize: 1 })), [['alice/app'], ['alice/web']]);
    assert.ok(
      hub.log.every((r) => !r.token && r.method === 'GET'),
      JSON.stringify(hub.log),
    );
  });

  it('signed in: one token for every page, private repositories included; the password only in the token request', async () => {
    hub.log.length = 0;
    const c = client({ username: 'alice', password: 'alice-pat' });
    assert.deepEqual((await allPages(c.namespaceRepositories('alice', { pageSize: 2 }))).flat(), ['alice/app', 'alice/secret', 'alice/web']);
    assert.deepEqual((await allPages(c.namespaceRepositories('acme'))).flat(), ['acme/tool']);
    assert.equal(hub.log.filter((r) => r.method === 'POST').length, 1, JSON.stringify(hub.log));
    assert.ok(hub.log.filter((r) => r.method === 'GET').every((r) => r.token));
    assert.ok(!hub.log.some((r) => r.path.includes('alice-pat')));
  });

  it('a wrong password and an unknown namespace say what happened', async () => {
    await assert.rejects(allPages(client({ username: 'alice', password: 'nope' }).namespaceRepositories('alice')), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, /Docker Hub did not accept the password or access token of alice/);
      return true;
    });
    await assert.rejects(allPages(client().namespaceRepositories('nobody')), (e: unknown) => e instanceof RegistryError && e.kind === 'not-found');
    await assert.rejects(
      allPages(client().namespaceRepositories('Not A Namespace!')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference',
    );
  });

  it('is Docker Hub only', () => {
    assert.throws(() => new RegistryClient({ registry: '127.0.0.1:5000' }).namespaceRepositories('x'), /Docker Hub's own API/);
  });
});

describe("Docker Hub's API address", () => {
  it('a password is never sent to a plain-http API other than loopback', async () => {
    const c = new RegistryClient({
      registry: 'docker.io',
      hubApiUrl: 'http://hub.example.invalid',
      credentials: { username: 'alice', password: 'secret' },
      retries: 0,
    });
    await assert.rejects(allPages(c.namespaceRepositories('alice')), /Refusing to send your password to hub\.example\.invalid over plain http/);
  });
});

// One entry of "List repository tags" shaped as the reference's `tag` schema and its examples
// (docs.docker.com/reference/api/hub/latest/, schemas `tag` and `image`), with the tag's own
// `digest` and `media_type` as hub.docker.com sends them.
const D = (c: string) => `sha256:${c.repeat(64)}`;
const referenceTag = {
  id: 2,
  images: [
    {
      architecture: 'amd64',
      features: '',
      variant: null,
      digest: D('b'),
      layers: [{ digest: D('c'), size: 3000, instruction: 'ADD file' }],
      os: 'linux',
      os_features: '',
      os_version: null,
      size: 3000,
      status: 'active',
      last_pulled: '2021-01-05T21:06:53.506400Z',
      last_pushed: '2021-01-05T21:06:53.506400Z',
    },
    {
      architecture: 'arm64',
      features: '',
      variant: 'v8',
      digest: D('d'),
      layers: [],
      os: 'linux',
      os_features: '',
      os_version: null,
      size: 2900,
      status: 'active',
      last_pulled: null,
      last_pushed: '2021-01-05T21:06:53.506400Z',
    },
  ],
  creator: 7,
  last_updated: '2021-01-05T21:06:53.506400Z',
  last_updater: 7,
  last_updater_username: 'alice',
  name: 'v1',
  repository: 11,
  full_size: 5900,
  v2: 'true',
  status: 'active',
  tag_last_pulled: '2021-01-05T21:06:53.506400Z',
  tag_last_pushed: '2021-01-04T10:00:00.000000Z',
  media_type: 'application/vnd.oci.image.index.v1+json',
  digest: D('a'),
};

describe("Docker Hub's tag list, read from the reference's shape", () => {
  it('takes the tag digest (not a platform one), the push time, the compressed size and whether it is an index', () => {
    assert.deepEqual(hubTag(referenceTag), {
      name: 'v1',
      digest: D('a'),
      pushedAt: '2021-01-04T10:00:00.000Z',
      size: 5900,
      sizeCounts: 'layers',
      isIndex: true,
    });
  });

  it('falls back to last_updated for the time; drops what is not what the schema says', () => {
    const t = hubTag({
      ...referenceTag,
      tag_last_pushed: null,
      digest: 'sha256:short',
      full_size: -1,
      media_type: undefined,
      images: [referenceTag.images[0]],
    });
    assert.deepEqual(t, { name: 'v1', pushedAt: '2021-01-05T21:06:53.506Z' });
    assert.equal(hubTag({ ...referenceTag, name: 'not a tag!' }), undefined);
    assert.equal(hubTag(null), undefined);
  });
});

describe("Docker Hub's tag list through the client (a stand-in server)", () => {
  let hub: FakeHubApi;
  const tags: HubTagRecord[] = Array.from({ length: 12 }, (_, i) => ({
    name: `1.${i}`,
    digest: D((i % 10).toString()),
    pushedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    images: [{ os: 'linux', architecture: 'amd64', digest: D((i % 10).toString()), size: 1000 + i }],
  }));
  before(async () => {
    hub = await startFakeHubApi({ alice: 'alice-pat' }, [
      { namespace: 'alice', name: 'web', tags },
      { namespace: 'alice', name: 'hidden', isPrivate: true, tags: tags.slice(0, 1) },
      { namespace: 'library', name: 'alpine', tags: tags.slice(0, 2) },
    ]);
  });
  after(async () => {
    await hub?.stop();
  });
  const client = (credentials?: { username: string; password: string }) =>
    new RegistryClient({ registry: 'docker.io', hubApiUrl: hub.url, credentials, retries: 0 });

  it('every page, newest first, each tag with digest, push time and size', async () => {
    hub.log.length = 0;
    const pages = await allPages(client().hubTags('alice/web', { pageSize: 5 }));
    assert.deepEqual(
      pages.map((p) => p.length),
      [5, 5, 2],
    );
    const got = pages.flat();
    assert.deepEqual(
      got.map((t) => t.name),
      [...tags].reverse().map((t) => t.name),
    );
    for (const t of got) {
      const want = tags.find((x) => x.name === t.name)!;
      assert.deepEqual(t, { name: want.name, digest: want.digest, pushedAt: want.pushedAt, size: want.images[0].size, sizeCounts: 'layers', isIndex: false });
    }
    assert.deepEqual(
      hub.log.map((r) => r.path),
      [
        '/v2/namespaces/alice/repositories/web/tags?page_size=5',
        '/v2/namespaces/alice/repositories/web/tags?page=2&page_size=5',
        '/v2/namespaces/alice/repositories/web/tags?page=3&page_size=5',
      ],
    );
  });

  it('an official image is library/…; a private repository needs the sign-in, and says so when it is missing', async () => {
    assert.deepEqual(
      (await allPages(client().hubTags('alpine'))).flat().map((t) => t.name),
      ['1.1', '1.0'],
    );
    assert.deepEqual(
      (await allPages(client({ username: 'alice', password: 'alice-pat' }).hubTags('alice/hidden'))).flat().map((t) => t.name),
      ['1.0'],
    );
    await assert.rejects(
      allPages(client().hubTags('alice/hidden')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'not-found' && /alice\/hidden/.test(e.message),
    );
    await assert.rejects(allPages(client().hubTags('a/b/c')), (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference');
    assert.throws(() => new RegistryClient({ registry: '127.0.0.1:5000' }).hubTags('x/y'), /Docker Hub's own API/);
  });

  it('a next page on another host is refused, not followed', async () => {
    const evil = await startFakeHubApi({}, [{ namespace: 'alice', name: 'web', tags }]);
    try {
      const c = new RegistryClient({ registry: 'docker.io', hubApiUrl: evil.url.replace('127.0.0.1', 'localhost'), retries: 0 });
      // The stand-in names its next pages on 127.0.0.1: another host than the API's (localhost).
      await assert.rejects(allPages(c.hubTags('alice/web', { pageSize: 5 })), (e: unknown) => e instanceof RegistryError && /another host/.test(e.message));
    } finally {
      await evil.stop();
    }
  });
});

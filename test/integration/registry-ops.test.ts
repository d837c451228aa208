// Operations on the real registry: learned delete scopes, retag keeping the digest, delete by tag
// on 2.8, cross-repository mount, redirected blobs without Authorization, indexes and referrers.
import * as assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { sha256 } from '../fixtures/images';
import { useTestBed } from '../fixtures/testbed';
import { actionsFor, clientFor, describeRegistryRequests, describeTokenRequests } from '../fixtures/registryClient';

describe('registry client operations (real docker-registry 2.8)', () => {
  const bed = useTestBed();

  it('after one challenged delete, the next delete in the repository and in another repository is not challenged', async () => {
    const [a, b] = await Promise.all([bed.pushImage('foo/twice', 'a'), bed.pushImage('foo/twice', 'b')]);
    const other = await bed.pushImage('foo/other', 'x');
    const { client } = clientFor(bed, 'alice');
    await client.deleteManifest('foo/twice', a.digest);
    assert.ok(
      client.learned.challengedScopes?.DELETE?.some((s) => s.endsWith(':delete') || s.includes('delete')),
      `the client remembers that DELETE needs delete: ${JSON.stringify(client.learned)}`,
    );

    bed.resetLogs();
    await client.deleteManifest('foo/twice', b.digest);
    assert.equal(bed.tokenRequests.length, 0, `no new token in the same repository: ${describeTokenRequests(bed.tokenRequests)}`);
    assert.deepEqual(
      bed.registryRequests.map((r) => `${r.method} ${r.status}`),
      ['DELETE 202'],
      describeRegistryRequests(bed),
    );

    bed.resetLogs();
    await client.deleteManifest('foo/other', other.digest);
    assert.equal(bed.tokenRequests.length, 1, describeTokenRequests(bed.tokenRequests));
    assert.ok(actionsFor(bed.tokenRequests[0].scopes, 'repository:foo/other').has('delete'), `delete asked up front: ${bed.tokenRequests[0].scopes}`);
    assert.ok(
      bed.registryRequests.every((r) => r.status !== 401 && r.status !== 403),
      `no challenge: ${describeRegistryRequests(bed)}`,
    );
    assert.equal(bed.registryRequests.filter((r) => r.method === 'DELETE').length, 1, describeRegistryRequests(bed));
  });

  it('learned state passed to a new client makes its first delete unchallenged', async () => {
    const img = await bed.pushImage('foo/learned', 'x');
    const first = clientFor(bed, 'alice').client;
    const scratch = await bed.pushImage('foo/learned', 'scratch');
    await first.deleteManifest('foo/learned', scratch.digest);
    bed.resetLogs();
    const { client } = clientFor(bed, 'alice', { learned: first.learned });
    await client.deleteManifest('foo/learned', img.digest);
    // A fresh client pings /v2/ (401 by design); what matters is that the DELETE is not challenged.
    const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE');
    assert.deepEqual(
      deletes.map((r) => r.status),
      [202],
      describeRegistryRequests(bed),
    );
    assert.equal(bed.tokenRequests.length, 1, describeTokenRequests(bed.tokenRequests));
  });

  for (const [name, repo, tag] of [
    ['an OCI image manifest', 'foo/app', 'oci'],
    ['a Docker schema 2 manifest', 'foo/app', 'docker'],
    ['an OCI index', 'foo/multi', 'latest'],
  ] as const) {
    it(`retag of ${name} keeps the digest and the exact bytes`, async () => {
      const { client } = clientFor(bed, 'alice');
      const original = await client.getManifest(repo, tag);
      const newTag = `retagged-${tag}`;
      const digest = await client.putManifest(repo, newTag, original.bytes, original.mediaType);
      assert.equal(digest, original.digest);
      const copy = await client.getManifest(repo, newTag);
      assert.equal(copy.digest, original.digest);
      assert.ok(copy.bytes.equals(original.bytes), 'identical bytes');
      assert.equal(copy.mediaType, original.mediaType);
    });
  }

  it('reads manifests of every kind with digests and media types', async () => {
    const { client } = clientFor(bed, 'carol');
    const index = await client.getManifest('foo/multi', 'latest');
    assert.equal(index.digest, bed.seeded.multi.digest);
    assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual(
      index.json.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture),
      ['amd64', 'arm64', 'arm'],
    );
    assert.equal(sha256(index.bytes), index.digest);
    const docker = await client.headManifest('foo/app', 'docker');
    assert.deepEqual(docker, {
      digest: bed.seeded.app.docker.digest,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      size: bed.seeded.app.docker.size,
    });
    assert.equal(await client.headManifest('foo/app', 'no-such-tag'), undefined);
  });

  it('delete by tag on 2.8 returns false, is remembered, and is not tried again', async () => {
    const { client } = clientFor(bed, 'alice');
    assert.equal(await client.deleteTag('foo/bar', 'v1.0'), false);
    assert.equal(client.learned.deleteByTag, false);
    bed.resetLogs();
    assert.equal(await client.deleteTag('foo/bar', 'v1.0'), false);
    assert.deepEqual(bed.registryRequests, [], 'no request the second time');
    assert.ok(await client.headManifest('foo/bar', 'v1.0'), 'the tag is still there');
  });

  it('cross-repository mount from foo/bar to foo/copy', async () => {
    const { client } = clientFor(bed, 'alice');
    const layer = bed.seeded.bar.qux.layerDigests![0];
    assert.equal(await client.headBlob('foo/copy', layer), undefined, 'not there before');
    assert.equal(await client.mountBlob('foo/copy', layer, 'foo/bar'), true);
    const head = await client.headBlob('foo/copy', layer);
    assert.ok(head && head.size > 0, 'mounted');
  });

  it('a mount the registry cannot do (202) leaves its upload session to the upload that follows', async () => {
    const { client } = clientFor(bed, 'alice');
    const bytes = Buffer.from(`only in foo/copy-202 ${Date.now()}`);
    const digest = sha256(bytes);
    bed.resetLogs();
    assert.equal(await client.mountBlob('foo/copy-202', digest, 'foo/bar'), false, 'foo/bar has no such blob: 202');
    await client.uploadBlob('foo/copy-202', digest, bytes.length, () => bytes);
    assert.equal((await client.headBlob('foo/copy-202', digest))?.size, bytes.length, 'uploaded');
    const posts = bed.registryRequests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, `one POST (the mount), its session reused by the PUT:\n${describeRegistryRequests(bed)}`);
    assert.ok(
      bed.registryRequests.some((r) => r.method === 'PUT' && r.status === 201),
      describeRegistryRequests(bed),
    );
  });

  it('a blob redirected to another loopback host is fetched without Authorization', async () => {
    bed.quirks.redirectBlobs = true;
    try {
      bed.resetLogs();
      const { client } = clientFor(bed, 'carol');
      const layer = bed.seeded.bar.qux.layerDigests![0];
      const blob = await client.getBlob('foo/bar', layer);
      const bytes = await buffer(blob.stream);
      assert.equal(sha256(bytes), layer, 'the bytes verify');
      assert.ok(
        bed.registryRequests.some((r) => r.status === 307 && r.hadAuthorization),
        describeRegistryRequests(bed),
      );
      assert.equal(bed.blobRedirects.length, 1, JSON.stringify(bed.blobRedirects));
      assert.equal(bed.blobRedirects[0].hadAuthorization, false, 'no Authorization to the storage host');
      assert.equal(bed.blobRedirects[0].status, 200);

      const config = await client.getBlobBytes('foo/bar', bed.seeded.bar.qux.configDigest!);
      assert.equal(JSON.parse(config.toString('utf8')).architecture, 'amd64');
      assert.ok(bed.blobRedirects.every((r) => !r.hadAuthorization));
    } finally {
      bed.quirks.redirectBlobs = false;
    }
  });

  it('referrers fall back to the sha256-<hex> tag on 2.8', async () => {
    const { client } = clientFor(bed, 'carol');
    const referrers = await client.referrers('foo/signed', bed.seeded.signed.image.digest);
    assert.deepEqual(
      referrers.map((r) => [r.digest, r.artifactType]),
      [[bed.seeded.signed.referrer.digest, 'application/vnd.example.signature']],
    );
  });
});

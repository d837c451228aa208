// Image copy (src/registry/copy.ts) on the real registry: by mount within a registry, streamed when
// the mount is refused, and across two registries.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { copyImage, type CopyProgress } from '../../src/registry';
import type { RegistryApi } from '../../src/registry/index';
import { sha256 } from '../fixtures/images';
import { useTestBed, startTestBed, type PushedImage, type TestBed } from '../fixtures/testbed';
import { clientFor, isBlobUploadPut, isMountPost, requestLines, userClient } from '../fixtures/registryClient';

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
];

/** Every child manifest and every blob of `image` is in `repo` of `client`, with the same digests. */
async function assertComplete(client: RegistryApi, repo: string, tag: string, image: PushedImage) {
  assert.equal((await client.headManifest(repo, tag))?.digest, image.digest, 'the top manifest has the same digest');
  const parts = image.platforms ?? [image];
  for (const p of parts) {
    assert.equal((await client.headManifest(repo, p.digest))?.digest, p.digest, `child ${p.digest} is in ${repo}`);
    for (const b of [p.configDigest!, ...p.layerDigests!]) assert.ok(await client.headBlob(repo, b), `blob ${b} is in ${repo}`);
  }
}

/** A full garbage collection (the test runner starts node without --expose-gc). */
const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (setFlagsFromString('--expose-gc'), runInNewContext('gc'));

function blobCount(image: PushedImage): number {
  return new Set((image.platforms ?? [image]).flatMap((p) => [p.configDigest!, ...p.layerDigests!])).size;
}

describe('copy to repository (real docker-registry 2.8)', () => {
  const bed = useTestBed({ seed: false });
  // A second registry for the copies across registries, shared by those tests.
  let other: TestBed;
  before(async () => {
    other = await startTestBed({ seed: false });
  });
  after(async () => {
    await other?.stop();
  });

  it('copies a multi-arch index to another repository by mount: children and blobs present, digest identical, no blob uploaded', async () => {
    const src = await bed.pushImage('foo/e-copy-src', 'multi', { platforms: PLATFORMS, seed: 'copy multi' });
    const client = userClient(bed, 'alice');
    bed.resetLogs();
    const progress: CopyProgress[] = [];
    const result = await copyImage(
      { client, repository: 'foo/e-copy-src', reference: 'multi' },
      { client, repository: 'foo/e-copy-dst', tag: 'copied' },
      { onProgress: (p) => progress.push(p) },
    );

    const total = blobCount(src);
    assert.equal(result.digest, src.digest);
    assert.equal(result.childManifests, 3);
    assert.deepEqual(result.blobs, { total, present: 0, mounted: total, uploaded: 0 });
    const mounts = bed.registryRequests.filter(isMountPost);
    assert.equal(mounts.filter((r) => r.status === 201).length, total, requestLines(bed, isMountPost));
    assert.equal(bed.registryRequests.filter(isBlobUploadPut).length, 0, `no blob was uploaded:\n${requestLines(bed)}`);
    assert.equal(bed.registryRequests.filter((r) => r.method === 'GET' && /\/blobs\/sha256:/.test(r.path)).length, 0, 'no blob was downloaded');
    const puts = bed.registryRequests.filter((r) => r.method === 'PUT' && /\/manifests\//.test(r.path)).map((r) => r.path.split('/manifests/')[1]);
    assert.deepEqual(puts, [...src.platforms!.map((p) => p.digest), 'copied'], 'children by digest first, then the index by tag');
    assert.deepEqual([progress[0].blobsDone, progress.at(-1)!.blobsDone, progress.at(-1)!.blobsTotal], [0, total, total]);
    await assertComplete(client, 'foo/e-copy-dst', 'copied', src);
  });

  it('streams the blobs when the mount is refused (the target user may not read the source repository)', async () => {
    const admin = userClient(bed, 'admin');
    const alice = userClient(bed, 'alice');
    const src = await bed.pushImage('other/e-secret', 'v1', { layers: 6, seed: 'copy secret' });
    await assert.rejects(alice.headManifest('other/e-secret', 'v1'), 'alice cannot read other/*');
    bed.resetLogs();
    const result = await copyImage(
      { client: admin, repository: 'other/e-secret', reference: 'v1' },
      { client: alice, repository: 'foo/e-from-secret', tag: 'v1' },
    );

    const total = blobCount(src);
    assert.equal(result.digest, src.digest);
    assert.deepEqual(result.blobs, { total, present: 0, mounted: 0, uploaded: total });
    const mounts = bed.registryRequests.filter(isMountPost);
    const mountUrls = new Set(mounts.map((r) => r.path));
    // 2.8 refuses a mount the token may not read from with a 401; the copy learns from the first
    // refusal (the other blobs come from the same repository) instead of paying one per blob.
    // The three blob copies run concurrently, so up to three may be in flight before it knows.
    assert.ok(
      mountUrls.size >= 1 && mountUrls.size <= 3 && total > 3 && mounts.every((r) => r.status !== 201),
      `mounts tried at most once per concurrent worker, all refused:\n${requestLines(bed, isMountPost)}`,
    );
    assert.equal(bed.registryRequests.filter((r) => isBlobUploadPut(r) && r.status === 201).length, total, requestLines(bed, isBlobUploadPut));
    await assertComplete(alice, 'foo/e-from-secret', 'v1', src);
  });

  it('copies a multi-arch index to another registry: blobs streamed, no mount, digests equal', async () => {
    const src = await bed.pushImage('foo/e-cross', 'multi', { platforms: PLATFORMS, seed: 'cross multi' });
    const source = userClient(bed, 'alice');
    const target = userClient(other, 'alice');
    other.resetLogs();
    const result = await copyImage(
      { client: source, repository: 'foo/e-cross', reference: 'multi' },
      { client: target, repository: 'foo/e-cross-copy', tag: 'multi' },
    );
    const total = blobCount(src);
    assert.equal(result.digest, src.digest);
    assert.deepEqual(result.blobs, { total, present: 0, mounted: 0, uploaded: total });
    assert.equal(other.registryRequests.filter(isMountPost).length, 0, 'no mount across registries');
    assert.equal(other.registryRequests.filter((r) => isBlobUploadPut(r) && r.status === 201).length, total);
    await assertComplete(target, 'foo/e-cross-copy', 'multi', src);

    // A second copy finds every blob already there.
    const again = await copyImage(
      { client: source, repository: 'foo/e-cross', reference: 'multi' },
      { client: target, repository: 'foo/e-cross-copy', tag: 'again' },
    );
    assert.deepEqual(again.blobs, { total, present: total, mounted: 0, uploaded: 0 });
  });

  it('streams a large blob between registries without holding it in memory', async () => {
    const MB = 1 << 20;
    const size = 96 * MB;
    const chunks = function* () {
      for (let i = 0; i < size / MB; i++) yield Buffer.alloc(MB, i);
    };
    const hash = createHash('sha256');
    for (const c of chunks()) hash.update(c);
    const layerDigest = `sha256:${hash.digest('hex')}`;
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const configDigest = sha256(config);
    // What is measured is memory: the registry checking 96 MiB on a busy shared disk may take
    // longer than the default 30 s to answer the upload, which is not what this test is about.
    const slowDisk = { timeoutMs: 120_000 };
    const source = clientFor(bed, 'alice', slowDisk).client;
    await source.uploadBlob('foo/e-big', layerDigest, size, () => Readable.from(chunks()));
    await source.uploadBlob('foo/e-big', configDigest, config.length, () => config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size }],
      }),
    );
    const digest = await source.putManifest('foo/e-big', 'v1', manifest, 'application/vnd.oci.image.manifest.v1+json');

    // Live memory, not garbage: collected before each sample, so the figure does not depend on
    // when the collector happens to run (sampling uncollected garbage made this test flaky).
    const live = () => {
      collectGarbage();
      const m = process.memoryUsage();
      return m.arrayBuffers + m.heapUsed;
    };
    const baseline = live();
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, live() - baseline);
    }, 25);
    const target = clientFor(other, 'alice', slowDisk).client;
    const result = await copyImage(
      { client: source, repository: 'foo/e-big', reference: 'v1' },
      { client: target, repository: 'foo/e-big', tag: 'v1' },
    ).finally(() => clearInterval(sampler));
    assert.equal(result.digest, digest);
    assert.equal(result.blobs.uploaded, 2);
    assert.equal((await target.headBlob('foo/e-big', layerDigest))?.size, size, 'the whole layer arrived (the registry verified its digest)');
    // A copy that buffered the blob would hold all 96 MiB at once; streaming holds a few chunks.
    assert.ok(peak < size / 2, `live memory grew by ${(peak / MB).toFixed(1)} MiB while copying a ${size / MB} MiB blob`);
    console.log(`live memory growth while streaming a ${size / MB} MiB blob: ${(peak / MB).toFixed(1)} MiB`);
  });

  it('referrers come along when asked: copied by digest, and the target lists them in its sha256-<hex> index, keeping what it listed', async () => {
    const client = userClient(bed, 'alice');
    const SIGNATURE = 'application/vnd.example.signature';
    const img = await bed.pushImage('foo/e-signed', 'v1', { seed: 'signed copy' });
    const sig = await bed.pushReferrer('foo/e-signed', img, SIGNATURE, 'signature of foo/e-signed:v1');

    const plain = await copyImage({ client, repository: 'foo/e-signed', reference: 'v1' }, { client, repository: 'foo/e-unsigned', tag: 'v1' });
    assert.equal(plain.referrers, 0);
    assert.deepEqual(await client.referrers('foo/e-unsigned', img.digest), [], 'not asked: no referrer follows');

    // The target already has the image with an SBOM of its own.
    const there = await bed.pushImage('foo/e-signed-dst', 'v1', { seed: 'signed copy' });
    const sbom = await bed.pushReferrer('foo/e-signed-dst', there, 'application/spdx+json', 'sbom of foo/e-signed-dst:v1');
    bed.resetLogs();
    const result = await copyImage(
      { client, repository: 'foo/e-signed', reference: 'v1' },
      { client, repository: 'foo/e-signed-dst', tag: 'v1' },
      { referrers: true },
    );
    assert.equal(result.referrers, 1);
    assert.equal((await client.headManifest('foo/e-signed-dst', sig.referrer.digest))?.digest, sig.referrer.digest, 'the signature, same digest');
    const listed = await client.referrers('foo/e-signed-dst', img.digest);
    assert.deepEqual(
      listed.map((d) => [d.digest, d.artifactType]).sort(),
      [
        [sig.referrer.digest, SIGNATURE],
        [sbom.referrer.digest, 'application/spdx+json'],
      ].sort(),
    );
    const tagPuts = bed.registryRequests.filter((r) => r.method === 'PUT' && r.path.includes('/manifests/sha256-'));
    assert.equal(tagPuts.length, 1, `one fallback index written:\n${requestLines(bed)}`);
  });
});

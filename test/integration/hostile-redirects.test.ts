// Redirected writes: a registry (or whatever sits in front of it) that answers a DELETE or a
// manifest PUT with a redirect to another repository's path or another host. The client sends a
// change only where the user confirmed it: not followed, said so, sent once, nothing changed.
// Blob GETs redirected to storage are the normal case and still work.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { sha256 } from '../fixtures/images';
import { on, redirect } from '../fixtures/faults';
import { assertNoSecrets, stopwatch } from '../fixtures/hostileChecks';
import { useTestBed, TestBed } from '../fixtures/testbed';
import { clientFor, expectRegistryError, requestLines, userClient } from '../fixtures/registryClient';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const writes = (bed: TestBed) =>
  bed.registryRequests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path} → ${r.status}`);

describe('hostile redirects of writes (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  afterEach(() => {
    bed.quirks.fault = undefined;
    bed.quirks.redirectBlobs = false;
  });

  // `location` is what the Location header says; `resolved` what the message must name.
  const targets = [
    {
      where: "another repository's path (relative Location)",
      slug: 'path',
      location: (_b: TestBed, path: string) => path,
      resolved: (b: TestBed, path: string) => `${b.url}${path}`,
    },
    {
      where: 'another host',
      slug: 'host',
      location: (b: TestBed, path: string) => `${b.storageUrl}${path}`,
      resolved: (b: TestBed, path: string) => `${b.storageUrl}${path}`,
    },
  ];

  for (const t of targets) {
    it(`a DELETE of a real manifest answered 307 to ${t.where} is not followed: protocol, naming where; one DELETE; the manifest stays`, async () => {
      const repo = `foo/w-del-${t.slug}`;
      const image = await bed.pushImage(repo, 'keep');
      const path = `/v2/other/manifests/${image.digest}`;
      const fault = (bed.quirks.fault = redirect(on('DELETE', new RegExp(`^/v2/${repo}/manifests/`)), 307, () => t.location(bed, path)));
      bed.resetLogs();
      const { client, requestLog } = clientFor(bed, 'alice');
      const took = stopwatch();
      const error = await expectRegistryError(client.deleteManifest(repo, image.digest), 'protocol');
      const ms = took();

      assert.equal(fault.hits, 1);
      assert.match(
        error.message,
        new RegExp(
          `^${escape(bed.host)} answered the request to delete manifest ${escape(`${repo}@${image.digest}`)} with a redirect to ${escape(t.resolved(bed, path))}; not followed\\b`,
        ),
        error.message,
      );
      assert.equal(error.status, 307);
      assert.deepEqual(writes(bed), [`DELETE /v2/${repo}/manifests/${image.digest} → 307`], 'exactly one DELETE, and not to the redirect target');
      assert.deepEqual(bed.blobRedirects, [], 'the other host got nothing');
      assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
      assertNoSecrets(bed, { error, requestLog });

      bed.quirks.fault = undefined;
      const still = await userClient(bed, 'alice').getManifest(repo, image.digest);
      assert.equal(still.digest, image.digest, 'the manifest is still there (GET 200)');
    });

    it(`a manifest PUT (retag) answered 308 to ${t.where} is not followed: protocol; one PUT; no tag written anywhere`, async () => {
      const repo = `foo/w-put-${t.slug}`;
      await bed.pushImage(repo, 'v1');
      const reader = userClient(bed, 'alice');
      const source = await reader.getManifest(repo, 'v1');
      const path = '/v2/other/manifests/retagged';
      const fault = (bed.quirks.fault = redirect(on('PUT', new RegExp(`^/v2/${repo}/manifests/`)), 308, () => t.location(bed, path)));
      bed.resetLogs();
      const { client, requestLog } = clientFor(bed, 'alice');
      const error = await expectRegistryError(client.putManifest(repo, 'retagged', source.bytes, source.mediaType), 'protocol');

      assert.equal(fault.hits, 1);
      assert.match(
        error.message,
        new RegExp(
          `^${escape(bed.host)} answered the request to write manifest ${escape(repo)}:retagged with a redirect to ${escape(t.resolved(bed, path))}; not followed\\b`,
        ),
        error.message,
      );
      assert.deepEqual(writes(bed), [`PUT /v2/${repo}/manifests/retagged → 308`], 'exactly one PUT');
      assert.deepEqual(bed.blobRedirects, [], 'the other host got nothing');
      assertNoSecrets(bed, { error, requestLog });

      bed.quirks.fault = undefined;
      assert.equal(await reader.headManifest(repo, 'retagged'), undefined, 'no tag written in the repository');
      assert.equal(await userClient(bed, 'admin').headManifest('other', 'retagged'), undefined, 'nor where the redirect pointed');
      assert.equal((await reader.headManifest(repo, 'v1'))?.digest, source.digest, 'the source tag is untouched');
    });
  }

  it('a blob GET redirected to storage on another host still works, without the token going there', async () => {
    const image = await bed.pushImage('foo/w-blob', 'v1');
    bed.quirks.redirectBlobs = true;
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'alice');
    const config = await client.getBlobBytes('foo/w-blob', image.configDigest!);
    assert.equal(sha256(config), image.configDigest);
    assert.deepEqual(
      bed.blobRedirects.map((r) => [r.hadAuthorization, r.status]),
      [[false, 200]],
      requestLines(bed),
    );
    assertNoSecrets(bed, { requestLog });
  });
});

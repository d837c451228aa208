// Retag, the manifest / config documents, and referrers on the real registry.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retag } from '../../src/actions/retag';
import { referrerNodes } from '../../src/model/referrerNodes';
import { DocumentContentCache, prettyJson } from '../../src/documents/documentContent';
import { useTestBed } from '../fixtures/testbed';
import { userClient } from '../fixtures/registryClient';

describe('retag, inspect and referrers (real docker-registry 2.8)', () => {
  const bed = useTestBed();

  it('retag keeps the digest and media type; an existing target is overwritten only after the user agrees', async () => {
    const client = userClient(bed, 'alice');
    const repo = 'foo/e-retag';
    const src = await bed.pushImage(repo, 'v1', { seed: 'retag v1', format: 'docker' });
    const taken = await bed.pushImage(repo, 'taken', { seed: 'retag taken' });
    const never = async () => {
      throw new Error('not asked: the tag did not exist');
    };

    const created = await retag(client, { repository: repo, source: 'v1', newTag: 'v1-copy', confirmOverwrite: never });
    assert.equal(created.outcome, 'created');
    assert.equal(created.digest, src.digest);
    const head = await client.headManifest(repo, 'v1-copy');
    assert.equal(head?.digest, src.digest, 'the new tag has the same digest');
    assert.equal(head?.mediaType, 'application/vnd.docker.distribution.manifest.v2+json', 'and the same media type');

    const asked: string[] = [];
    const declined = await retag(client, {
      repository: repo,
      source: 'v1',
      newTag: 'taken',
      confirmOverwrite: async (e) => {
        asked.push(e.digest);
        return false;
      },
    });
    assert.equal(declined.outcome, 'declined');
    assert.deepEqual(asked, [taken.digest], 'the user was asked, with the digest the tag points at');
    assert.equal((await client.headManifest(repo, 'taken'))?.digest, taken.digest, 'declined: unchanged');

    const overwritten = await retag(client, { repository: repo, source: 'v1', newTag: 'taken', confirmOverwrite: async () => true });
    assert.equal(overwritten.outcome, 'overwritten');
    assert.equal((await client.headManifest(repo, 'taken'))?.digest, src.digest);

    const unchanged = await retag(client, { repository: repo, source: 'v1', newTag: 'taken', confirmOverwrite: never });
    assert.equal(unchanged.outcome, 'unchanged');

    await assert.rejects(retag(client, { repository: repo, source: 'v1', newTag: 'bad tag', confirmOverwrite: never }), /not a valid tag/);
  });

  it('a cold retag costs one token request and no challenge beyond the ping', async () => {
    const client = userClient(bed, 'alice');
    const repo = 'foo/e-retag-cost';
    await bed.pushImage(repo, 'v1', { seed: 'retag cost' });
    bed.resetLogs();
    const r = await retag(client, { repository: repo, source: 'v1', newTag: 'v2', confirmOverwrite: async () => false });
    assert.equal(r.outcome, 'created');
    const tokens = bed.tokenRequests.map((t) => t.scopes.join(' '));
    const calls = bed.registryRequests.map((q) => `${q.method} ${q.path.replace(/\?.*/, '')} ${q.status}`);
    console.log(`retag: ${tokens.length} token, ${calls.length} registry requests: ${calls.join(', ')}`);
    assert.equal(tokens.length, 1, `one token for pull and push, got: ${tokens.join(' | ')}`);
    assert.deepEqual(calls, ['GET /v2/ 401', `GET /v2/${repo}/manifests/v1 200`, `HEAD /v2/${repo}/manifests/v2 404`, `PUT /v2/${repo}/manifests/v2 201`]);
  });

  it('retag of a multi-arch index keeps its digest', async () => {
    const client = userClient(bed, 'alice');
    const multi = bed.seeded.multi;
    const r = await retag(client, { repository: multi.repository, source: 'latest', newTag: 'e-retagged', confirmOverwrite: async () => false });
    assert.equal(r.digest, multi.digest);
    assert.equal((await client.headManifest(multi.repository, 'e-retagged'))?.digest, multi.digest);
  });

  it('documents: manifest and config verified by digest, pretty JSON of the exact bytes, reopened from the cache without a request', async () => {
    const client = userClient(bed, 'alice');
    const docs = new DocumentContentCache(() => client);
    const img = bed.seeded.app.oci;
    const spec = { kind: 'manifest' as const, registryId: bed.host, repository: img.repository, digest: img.digest, tag: 'oci' };
    const manifest = await docs.load(spec);
    const raw = await client.getManifest(img.repository, img.digest);
    assert.equal(manifest.digest, img.digest);
    assert.equal(manifest.text, prettyJson(raw.bytes));
    assert.deepEqual(JSON.parse(manifest.text), raw.json);

    const config = await docs.load({ ...spec, kind: 'config' });
    assert.equal(config.digest, img.configDigest);
    assert.equal(JSON.parse(config.text).os, 'linux');

    bed.resetLogs();
    assert.equal((await docs.load({ ...spec, tag: 'another-title' })).text, manifest.text);
    assert.equal((await docs.load({ ...spec, kind: 'config' })).text, config.text);
    assert.equal(bed.registryRequests.length, 0, 'reopening needs no request');

    // An index has no config of its own; each platform manifest opens by digest.
    const multi = bed.seeded.multi;
    await assert.rejects(docs.load({ kind: 'config', registryId: bed.host, repository: multi.repository, digest: multi.digest }), /index of several platforms/);
    const arm = multi.platforms.find((p) => p.platform.architecture === 'arm64')!;
    const platformDoc = await docs.load({ kind: 'manifest', registryId: bed.host, repository: multi.repository, digest: arm.digest, qualifier: 'linux/arm64' });
    assert.equal(JSON.parse(platformDoc.text).config.digest, arm.configDigest);
  });

  it('referrers through the OCI 1.1 referrers API, without touching the fallback tag', async () => {
    bed.quirks.referrersApi = true;
    try {
      const client = userClient(bed, 'alice');
      const { image, referrer, fallbackTag } = bed.seeded.signed;
      bed.resetLogs();
      const nodes = await referrerNodes(client, { registryId: bed.host, repository: image.repository, digest: image.digest });
      assert.deepEqual(
        nodes.map((n) => [n.digest, n.artifactType]),
        [[referrer.digest, referrer.artifactType]],
      );
      const paths = bed.registryRequests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`);
      assert.ok(paths.includes(`GET /v2/${image.repository}/referrers/${image.digest} 200`), `the API answered:\n${paths.join('\n')}`);
      assert.ok(!paths.some((p) => p.includes(`/manifests/${fallbackTag}`)), `no fallback when the API works:\n${paths.join('\n')}`);
    } finally {
      bed.quirks.referrersApi = false;
    }
  });

  it('referrers through the tag-schema fallback (2.8 has no referrers API), each inspectable', async () => {
    const client = userClient(bed, 'alice');
    const { image, referrer, fallbackTag } = bed.seeded.signed;
    bed.resetLogs();
    const nodes = await referrerNodes(client, { registryId: bed.host, repository: image.repository, digest: image.digest });
    assert.deepEqual(
      nodes.map((n) => [n.digest, n.artifactType, n.subject]),
      [[referrer.digest, referrer.artifactType, image.digest]],
    );
    const paths = bed.registryRequests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`);
    assert.ok(
      paths.some((p) => p.startsWith(`GET /v2/${image.repository}/referrers/${image.digest} 404`)),
      `the API was asked first:\n${paths.join('\n')}`,
    );
    assert.ok(
      paths.some((p) => p === `GET /v2/${image.repository}/manifests/${fallbackTag} 200`),
      `then the fallback tag:\n${paths.join('\n')}`,
    );

    const doc = await new DocumentContentCache(() => client).load({
      kind: 'manifest',
      registryId: bed.host,
      repository: image.repository,
      digest: nodes[0].digest,
      qualifier: 'signature',
    });
    assert.equal(JSON.parse(doc.text).subject.digest, image.digest);
    const unsigned = bed.seeded.bar.qux;
    bed.resetLogs();
    assert.deepEqual(
      await referrerNodes(client, { registryId: bed.host, repository: unsigned.repository, digest: unsigned.digest }),
      [],
      'an image without referrers has none',
    );
    // The bare 404 (no such route) was remembered: this client asks the fallback tag directly.
    const later = bed.registryRequests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`);
    assert.deepEqual(later, [`GET /v2/${unsigned.repository}/manifests/${unsigned.digest.replace(':', '-')} 404`], 'one request per later lookup');
  });

  it('a referrers API that answers 404 for an unknown repository is still asked next time', async () => {
    bed.quirks.referrersApi = true;
    try {
      const client = userClient(bed, 'alice');
      const { image, referrer } = bed.seeded.signed;
      const missing = `${image.repository}-missing`;
      bed.resetLogs();
      assert.deepEqual(await referrerNodes(client, { registryId: bed.host, repository: missing, digest: image.digest }), []);
      const first = bed.registryRequests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`);
      assert.ok(first.includes(`GET /v2/${missing}/referrers/${image.digest} 404`), `the API said NAME_UNKNOWN:\n${first.join('\n')}`);
      bed.resetLogs();
      const nodes = await referrerNodes(client, { registryId: bed.host, repository: image.repository, digest: image.digest });
      assert.deepEqual(
        nodes.map((n) => n.digest),
        [referrer.digest],
      );
      const paths = bed.registryRequests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`);
      assert.ok(paths.includes(`GET /v2/${image.repository}/referrers/${image.digest} 200`), `the API was asked again:\n${paths.join('\n')}`);
    } finally {
      bed.quirks.referrersApi = false;
    }
  });
});

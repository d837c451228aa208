// Unit-level ordering checks of copyImage with an in-memory RegistryApi. The behaviour on a real
// registry (mounts, streaming, digests) is proven in test/integration/actions-copy.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseManifest, type RegistryApi } from '../../../src/registry';
import { copyImage, planCopy } from '../../../src/registry';

const sha = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** Records calls; blobs and manifests per repository; mount refused when `refuseMount`. */
function fakeRegistry(baseUrl: string, refuseMount = false) {
  const calls: string[] = [];
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();
  const api: Partial<RegistryApi> = {
    host: baseUrl.replace(/^https?:\/\//, ''),
    baseUrl,
    learned: {},
    async prepare(access) {
      calls.push(`prepare ${access.map((a) => `${a.repository}:${a.actions.join(',')}`).join(' ')}`);
    },
    async getManifest(repo, ref) {
      calls.push(`getManifest ${repo} ${ref}`);
      const m = manifests.get(`${repo}@${ref}`);
      if (!m) throw new Error(`no manifest ${repo}@${ref}`);
      const json = JSON.parse(m.bytes.toString());
      const digest = sha(m.bytes);
      return {
        digest,
        mediaType: m.mediaType,
        bytes: m.bytes,
        json,
        manifest: parseManifest(json, m.mediaType, { name: `${repo}:${ref}`, digest, host: 'fake', operation: 'read' }),
      };
    },
    async putManifest(repo, ref, bytes, mediaType) {
      calls.push(`putManifest ${repo} ${ref}`);
      const json = JSON.parse(bytes.toString());
      for (const d of [json.config, ...(json.layers ?? [])].filter(Boolean)) assert.ok(blobs.has(`${repo}@${d.digest}`), `blob ${d.digest} before manifest`);
      for (const c of json.manifests ?? []) assert.ok(manifests.has(`${repo}@${c.digest}`), `child ${c.digest} before index`);
      manifests.set(`${repo}@${ref}`, { bytes, mediaType });
      manifests.set(`${repo}@${sha(bytes)}`, { bytes, mediaType });
      return sha(bytes);
    },
    async headBlob(repo, digest) {
      calls.push(`headBlob ${repo} ${digest}`);
      const b = blobs.get(`${repo}@${digest}`);
      return b ? { size: b.length } : undefined;
    },
    async mountBlob(repo, digest, from) {
      calls.push(`mountBlob ${repo} ${digest} ${from}`);
      if (refuseMount || !blobs.has(`${from}@${digest}`)) return false;
      blobs.set(`${repo}@${digest}`, blobs.get(`${from}@${digest}`)!);
      return true;
    },
    async getBlob(repo, digest) {
      calls.push(`getBlob ${repo} ${digest}`);
      const b = blobs.get(`${repo}@${digest}`)!;
      return { size: b.length, stream: Readable.from([b]) };
    },
    async uploadBlob(repo, digest, _size, open) {
      calls.push(`uploadBlob ${repo} ${digest}`);
      const body = open();
      const chunks: Buffer[] = [];
      if (Buffer.isBuffer(body)) chunks.push(body);
      else for await (const c of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
      const data = Buffer.concat(chunks);
      assert.equal(sha(data), digest);
      blobs.set(`${repo}@${digest}`, data);
    },
  };
  return { api: api as RegistryApi, calls, blobs, manifests };
}

function seedIndex(reg: ReturnType<typeof fakeRegistry>, repo: string) {
  const shared = Buffer.from('shared layer');
  const children: { digest: string; size: number; mediaType: string; platform: { os: string; architecture: string } }[] = [];
  for (const arch of ['amd64', 'arm64']) {
    const config = Buffer.from(JSON.stringify({ architecture: arch, os: 'linux' }));
    const layer = Buffer.from(`layer ${arch}`);
    for (const b of [config, layer, shared]) reg.blobs.set(`${repo}@${sha(b)}`, b);
    const m = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
        layers: [layer, shared].map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l), size: l.length })),
      }),
    );
    reg.manifests.set(`${repo}@${sha(m)}`, { bytes: m, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    children.push({ digest: sha(m), size: m.length, mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { os: 'linux', architecture: arch } });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: children }));
  reg.manifests.set(`${repo}@multi`, { bytes: index, mediaType: 'application/vnd.oci.image.index.v1+json' });
  return { indexDigest: sha(index), children: children.map((c) => c.digest) };
}

test('plan: children before the index, blobs deduplicated', async () => {
  const reg = fakeRegistry('http://r');
  const { indexDigest, children } = seedIndex(reg, 'src/app');
  const plan = await planCopy({ client: reg.api, repository: 'src/app', reference: 'multi' });
  assert.deepEqual(
    plan.manifests.map((m) => m.digest),
    [...children, indexDigest],
  );
  assert.equal(plan.blobs.length, 5, '2 configs + 2 layers + 1 shared layer');
});

test('same registry: blobs mounted, then children by digest, then the index by tag', async () => {
  const reg = fakeRegistry('http://r');
  const { indexDigest, children } = seedIndex(reg, 'src/app');
  const progress: string[] = [];
  const result = await copyImage(
    { client: reg.api, repository: 'src/app', reference: 'multi' },
    { client: reg.api, repository: 'dst/app', tag: 'copied' },
    {
      onProgress: (p) => progress.push(`${p.blobsDone}/${p.blobsTotal}`),
    },
  );
  assert.equal(result.digest, indexDigest);
  assert.deepEqual(result.blobs, { total: 5, present: 0, mounted: 5, uploaded: 0 });
  const puts = reg.calls.filter((c) => c.startsWith('putManifest'));
  assert.deepEqual(puts, [...children.map((d) => `putManifest dst/app ${d}`), 'putManifest dst/app copied']);
  const lastBlobCall = Math.max(...reg.calls.map((c, i) => (/Blob/.test(c) ? i : -1)));
  assert.ok(lastBlobCall < reg.calls.indexOf(puts[0]), 'every blob before the first manifest');
  assert.equal(progress[0], '0/5');
  assert.equal(progress.filter((p) => p.endsWith('/5')).at(-1), '5/5');
});

test('mount refused: the blob is streamed from the source into the target upload', async () => {
  const reg = fakeRegistry('http://r', true);
  seedIndex(reg, 'src/app');
  const result = await copyImage({ client: reg.api, repository: 'src/app', reference: 'multi' }, { client: reg.api, repository: 'dst/app', tag: 't' });
  assert.deepEqual(result.blobs, { total: 5, present: 0, mounted: 0, uploaded: 5 });
  assert.equal(reg.calls.filter((c) => c.startsWith('headBlob')).length, 0, 'a 202 mount opened the session the upload uses: no HEAD');
});

test('same registry: no HEAD before a mount; across registries a HEAD spares an upload of a blob already there', async () => {
  const reg = fakeRegistry('http://r');
  seedIndex(reg, 'src/app');
  await copyImage({ client: reg.api, repository: 'src/app', reference: 'multi' }, { client: reg.api, repository: 'dst/app', tag: 't' });
  assert.equal(reg.calls.filter((c) => c.startsWith('headBlob')).length, 0);

  const from = fakeRegistry('http://a');
  const to = fakeRegistry('http://b');
  seedIndex(from, 'src/app');
  const shared = sha(Buffer.from('shared layer'));
  to.blobs.set(`dst/app@${shared}`, Buffer.from('shared layer'));
  const result = await copyImage({ client: from.api, repository: 'src/app', reference: 'multi' }, { client: to.api, repository: 'dst/app', tag: 't' });
  assert.deepEqual(result.blobs, { total: 5, present: 1, mounted: 0, uploaded: 4 });
  assert.equal(to.calls.filter((c) => c.startsWith('headBlob')).length, 5);
});

test('another registry: no mount is tried, blobs streamed, digests equal', async () => {
  const a = fakeRegistry('http://a');
  const b = fakeRegistry('http://b');
  const { indexDigest } = seedIndex(a, 'src/app');
  const result = await copyImage({ client: a.api, repository: 'src/app', reference: 'multi' }, { client: b.api, repository: 'src/app', tag: 'multi' });
  assert.equal(result.digest, indexDigest);
  assert.equal(b.calls.filter((c) => c.startsWith('mountBlob')).length, 0);
  assert.equal(result.blobs.uploaded, 5);
  assert.ok(b.manifests.has(`src/app@${indexDigest}`));
});

test('an aborted copy stops before writing manifests', async () => {
  const reg = fakeRegistry('http://r');
  seedIndex(reg, 'src/app');
  const ac = new AbortController();
  await assert.rejects(
    copyImage(
      { client: reg.api, repository: 'src/app', reference: 'multi' },
      { client: reg.api, repository: 'dst/app', tag: 't' },
      {
        signal: ac.signal,
        concurrency: 1,
        onProgress: (p) => p.blobsDone === 2 && ac.abort(),
      },
    ),
    (e: any) => e.kind === 'cancelled',
  );
  assert.equal(reg.calls.filter((c) => c.startsWith('putManifest')).length, 0);
});

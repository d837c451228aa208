// What a registry says about content is checked like what a user types: digests from headers and
// descriptors are well formed and of an algorithm the client verifies (sha512 as strictly as
// sha256), and a manifest has the shape its kind requires — else a RegistryError naming it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { RegistryClient, RegistryError, parseReference } from '../../../src/registry';
import { copyImage } from '../../../src/registry';
import { MINIMAL_MANIFEST, startFaultServer, type FaultServer } from '../../fixtures/faultServer';

const sha256 = (b: string | Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const sha512 = (b: string | Buffer) => `sha512:${createHash('sha512').update(b).digest('hex')}`;
const isKind = (kind: string, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof RegistryError, `not a RegistryError: ${e instanceof Error ? e.stack : String(e)}`);
  assert.equal(e.kind, kind, e.message);
  if (re) assert.match(e.message, re);
  return true;
};

describe('digests from the registry', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('a HEAD with a malformed Docker-Content-Digest is not believed: the manifest is read and its own digest used for the delete', async () => {
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      if (req.method === 'HEAD') {
        // By tag: a header that is no digest at all; by digest: a well-formed header naming another digest.
        const lie = req.url?.includes('sha256:') ? `sha256:${'f'.repeat(64)}` : 'sha256:../../../_catalog';
        res.writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'content-length': String(MINIMAL_MANIFEST.length),
          'docker-content-digest': lie,
        });
        return res.end();
      }
      if (req.method === 'DELETE') {
        res.writeHead(202);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(MINIMAL_MANIFEST);
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    const head = await client.headManifest('foo', 'v1');
    assert.equal(head?.digest, sha256(MINIMAL_MANIFEST));
    await client.deleteManifest('foo', head!.digest);
    assert.deepEqual(
      s.seen.filter((r) => r.method === 'DELETE').map((r) => r.url),
      [`/v2/foo/manifests/${sha256(MINIMAL_MANIFEST)}`],
    );
    // A digest reference answered with another digest in the header is not believed either.
    const other = `sha256:${'e'.repeat(64)}`;
    const byDigest = await client.headManifest('foo', other).catch((e) => e);
    assert.ok(byDigest instanceof RegistryError && byDigest.kind === 'digest-mismatch', String(byDigest));
  });

  it('sha512 is checked as strictly as sha256, and content addressed by sha512 is verified with sha512', async () => {
    assert.throws(() => parseReference(`r.example/foo@sha512:${'a'.repeat(127)}`), /not a digest/);
    assert.throws(() => parseReference(`r.example/foo@sha512:${'A'.repeat(128)}`), /not a digest/);
    assert.throws(() => parseReference(`r.example/foo@md5:${'a'.repeat(32)}`), /not a digest/);
    assert.equal(parseReference(`r.example/foo@sha512:${'a'.repeat(128)}`).digest, `sha512:${'a'.repeat(128)}`);
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': req.url?.includes('bad') ? `sha512:${'0'.repeat(128)}` : sha512(MINIMAL_MANIFEST),
      });
      res.end(MINIMAL_MANIFEST);
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    assert.equal((await client.getManifest('foo', 'good')).digest, sha512(MINIMAL_MANIFEST));
    await assert.rejects(client.getManifest('foo', 'bad'), isKind('digest-mismatch'));
    assert.equal((await client.getManifest('foo', sha512(MINIMAL_MANIFEST))).digest, sha512(MINIMAL_MANIFEST));
  });
});

describe('manifest shapes', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const bodies: Record<string, { type: string; body: string }> = {
    array: { type: 'application/vnd.oci.image.manifest.v1+json', body: '[1,2,3]' },
    string: { type: 'application/vnd.oci.image.manifest.v1+json', body: '"just a string"' },
    nothing: { type: 'application/vnd.oci.image.manifest.v1+json', body: '{"schemaVersion":2}' },
    indexNoList: { type: 'application/vnd.oci.image.index.v1+json', body: '{"schemaVersion":2,"manifests":{"a":1}}' },
    badChild: {
      type: 'application/vnd.oci.image.index.v1+json',
      body: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:../x', size: 1 }] }),
    },
    badSize: {
      type: 'application/vnd.oci.image.manifest.v1+json',
      body: JSON.stringify({ schemaVersion: 2, config: { mediaType: 'x/y', digest: `sha256:${'a'.repeat(64)}`, size: -5 }, layers: [] }),
    },
    layersNotList: {
      type: 'application/vnd.oci.image.manifest.v1+json',
      body: JSON.stringify({ schemaVersion: 2, config: { mediaType: 'x/y', digest: `sha256:${'a'.repeat(64)}`, size: 5 }, layers: 'all of them' }),
    },
  };

  it('a manifest without the shape of its kind is a RegistryError naming it and its digest', async () => {
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      const b = bodies[req.url!.split('/').pop()!];
      res.writeHead(200, { 'content-type': b.type });
      res.end(b.body);
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    const expected: Record<string, RegExp> = {
      array: /is not a JSON object/,
      string: /is not a JSON object/,
      nothing: /is neither an image manifest \(no config\) nor an index/,
      indexNoList: /is an index without a list of manifests/,
      badChild: /its manifests\[0\] has no valid digest/,
      badSize: /its config has no valid size/,
      layersNotList: /its layers are not a list/,
    };
    for (const [name, re] of Object.entries(expected)) {
      const digest = sha256(bodies[name].body).replace('sha256:', 'sha256:');
      await assert.rejects(client.getManifest('foo', name), isKind('protocol', new RegExp(`^The manifest foo:${name} \\(${digest}\\) from .* ${re.source}`)));
    }
    // Copy reads the same way: a RegistryError, never a TypeError deep inside.
    await assert.rejects(
      copyImage({ client, repository: 'foo', reference: 'badChild' }, { client, repository: 'bar', tag: 'x' }),
      isKind('protocol', /manifests\[0\]/),
    );
  });

  it('a referrers list keeps only real descriptors', async () => {
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
      res.end(
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            null,
            'x',
            { digest: 'sha256:nope', mediaType: 'a/b', size: 1 },
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: `sha256:${'f'.repeat(64)}`,
              size: 10,
              artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
            },
          ],
        }),
      );
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    const list = await client.referrers('foo', `sha256:${'1'.repeat(64)}`);
    assert.deepEqual(
      list.map((d) => d.digest),
      [`sha256:${'f'.repeat(64)}`],
    );
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference, RegistryError } from '../../../src/registry';
import { isValidDigest, parseRegistryAddress } from '../../../src/registry/imageReference';

const D = 'sha256:' + 'a'.repeat(64);

describe('image references', () => {
  it('normalises Docker Hub names', () => {
    assert.deepEqual(parseReference('nginx'), {
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io',
      repository: 'library/nginx',
      tag: undefined,
      digest: undefined,
    });
    assert.deepEqual(parseReference('nginx:1.25'), {
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io',
      repository: 'library/nginx',
      tag: '1.25',
      digest: undefined,
    });
    assert.equal(parseReference('bitnami/redis').repository, 'bitnami/redis');
    assert.equal(parseReference('docker.io/nginx').repository, 'library/nginx');
    assert.equal(parseReference('index.docker.io/nginx').apiHost, 'registry-1.docker.io');
  });

  it('reads hosts with ports, localhost, tags and digests', () => {
    assert.deepEqual(parseReference('localhost:5000/foo/bar:v1'), {
      registry: 'localhost:5000',
      apiHost: 'localhost:5000',
      repository: 'foo/bar',
      tag: 'v1',
      digest: undefined,
    });
    assert.deepEqual(parseReference('localhost/foo'), { registry: 'localhost', apiHost: 'localhost', repository: 'foo', tag: undefined, digest: undefined });
    assert.deepEqual(parseReference(`ghcr.io/org/app:1.0@${D}`), { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: '1.0', digest: D });
    assert.deepEqual(parseReference(`127.0.0.1:5000/a@${D}`), {
      registry: '127.0.0.1:5000',
      apiHost: '127.0.0.1:5000',
      repository: 'a',
      tag: undefined,
      digest: D,
    });
    assert.equal(parseReference('[::1]:5000/a:b').registry, '[::1]:5000');
    assert.equal(parseReference('r.example/a__b/c.d/e-f--g:_x').repository, 'a__b/c.d/e-f--g');
  });

  it('rejects bad references with a clear invalid-reference error', () => {
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['FOO', /uppercase/],
      ['r.example/Foo', /uppercase/],
      ['r.example/foo:-bad', /tag/],
      [`r.example/foo:${'t'.repeat(129)}`, /tag/],
      ['r.example/foo@sha256:abc', /digest/],
      ['r.example/foo@md5', /digest/],
      ['r.example//foo', /empty path component/],
      ['r.example/foo/', /empty path component/],
      ['r.example/-foo', /path component/],
      ['https://r.example/foo', /scheme/],
      ['r.example/fo o', /white space/],
      ['bad_host:99999999/foo', /host/],
    ];
    for (const [ref, why] of bad) {
      assert.throws(
        () => parseReference(ref),
        (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference' && why.test(e.message),
        ref,
      );
    }
  });

  it('validates digests', () => {
    assert.ok(isValidDigest(D));
    assert.ok(!isValidDigest('sha256:' + 'A'.repeat(64)));
    assert.ok(!isValidDigest('sha256:' + 'a'.repeat(63)));
    assert.ok(isValidDigest('sha512:' + 'b'.repeat(128)));
  });

  it('normalises registry addresses', () => {
    assert.deepEqual(parseRegistryAddress('docker.io'), { host: 'registry-1.docker.io', baseUrl: 'https://registry-1.docker.io', secure: true });
    assert.deepEqual(parseRegistryAddress('http://127.0.0.1:5000/'), { host: '127.0.0.1:5000', baseUrl: 'http://127.0.0.1:5000', secure: false });
    assert.deepEqual(parseRegistryAddress('r.example:443'), { host: 'r.example', baseUrl: 'https://r.example', secure: true });
    assert.throws(
      () => parseRegistryAddress('ftp://x'),
      (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference',
    );
    assert.throws(() => parseRegistryAddress(''), RegistryError);
  });
});

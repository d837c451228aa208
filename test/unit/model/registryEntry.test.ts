import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseRegistryAddress, hasNoCatalogByDesign, registryIdOf } from '../../../src/model/registryEntry';

test('addresses normalise to an id and the url kept in settings', () => {
  const cases: [string, { url: string; id: string; insecure: boolean }][] = [
    ['docker.io', { url: 'docker.io', id: 'docker.io', insecure: false }],
    ['https://index.docker.io/v1/', { url: 'docker.io', id: 'docker.io', insecure: false }],
    ['registry-1.docker.io', { url: 'docker.io', id: 'docker.io', insecure: false }],
    ['ghcr.io', { url: 'ghcr.io', id: 'ghcr.io', insecure: false }],
    [' Registry.Example.com:5000 ', { url: 'registry.example.com:5000', id: 'registry.example.com:5000', insecure: false }],
    ['https://registry.example.com/', { url: 'registry.example.com', id: 'registry.example.com', insecure: false }],
    ['http://10.0.0.5:5000/v2/', { url: 'http://10.0.0.5:5000', id: '10.0.0.5:5000', insecure: true }],
    ['localhost:5000', { url: 'http://localhost:5000', id: 'localhost:5000', insecure: true }],
    ['127.0.0.1:41234', { url: 'http://127.0.0.1:41234', id: '127.0.0.1:41234', insecure: true }],
  ];
  for (const [input, want] of cases) assert.deepEqual(normaliseRegistryAddress(input), want, input);
});

test('bad addresses are refused with a sentence saying what to type', () => {
  assert.throws(() => normaliseRegistryAddress(''), /empty/);
  assert.throws(() => normaliseRegistryAddress('ftp://x.example'), /ftp:/);
  assert.throws(() => normaliseRegistryAddress('https://alice:pw@x.example'), /Leave the user name and password out/);
  assert.throws(() => normaliseRegistryAddress('ghcr.io/owner/repo'), /has a path/);
});

test('registries without a catalog by design; ids of setting entries', () => {
  assert.equal(hasNoCatalogByDesign('docker.io'), true);
  assert.equal(hasNoCatalogByDesign('ghcr.io'), true);
  assert.equal(hasNoCatalogByDesign('registry.example.com'), false);
  assert.equal(registryIdOf({ url: 'http://127.0.0.1:5000' }), '127.0.0.1:5000');
});

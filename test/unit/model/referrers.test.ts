import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referrerLabel } from '../../../src/model/referrerNodes';

test('referrer labels are the last part of the artifact type', () => {
  assert.equal(referrerLabel({ artifactType: 'application/vnd.example.signature', mediaType: 'x' }), 'signature');
  assert.equal(referrerLabel({ artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json', mediaType: 'x' }), 'sigstore.bundle.v0.3+json');
  assert.equal(referrerLabel({ artifactType: 'application/spdx+json', mediaType: 'x' }), 'spdx+json');
  assert.equal(referrerLabel({ artifactType: undefined, mediaType: 'application/vnd.oci.image.manifest.v1+json' }), 'image.manifest.v1+json');
});

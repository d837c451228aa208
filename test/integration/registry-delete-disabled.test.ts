// A registry with deletes disabled (storage.delete.enabled: false) answers 405 UNSUPPORTED.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestBed } from '../fixtures/testbed';
import { clientFor, expectRegistryError } from '../fixtures/registryClient';

describe('registry client with deletes disabled (real docker-registry 2.8)', () => {
  const bed = useTestBed({ deleteEnabled: false, seed: false });

  it("deleteManifest fails as 'unsupported' and says deletes are disabled", async () => {
    const image = await bed.pushImage('foo/kept', 'v1');
    const { client } = clientFor(bed, 'alice');
    const error = await expectRegistryError(client.deleteManifest('foo/kept', image.digest), 'unsupported');
    assert.match(error.message, /disabled/i, `the message says deleting is disabled: ${error.message}`);
    assert.match(error.message, /delet/i, error.message);
    assert.equal(error.status, 405);
    assert.ok(await client.headManifest('foo/kept', image.digest), 'the manifest is still there');
  });
});

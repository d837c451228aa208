// GCR-style challenges: the real registry's 401 on a DELETE reaches the client without its
// `scope=` (GCR challenges with realm and service only). The client must work out that a delete
// needs `delete` and ask for it; and for a user who may not delete, say "denied" — the token
// server accepted the login — never that the credentials were rejected.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { on, rewriteChallenge } from '../fixtures/faults';
import { assertNoSecrets } from '../fixtures/hostileChecks';
import { useTestBed, TestBed } from '../fixtures/testbed';
import { actionsFor, clientFor, describeTokenRequests, expectRegistryError, requestLines, userClient } from '../fixtures/registryClient';

const withoutScope = (ch: string) => ch.replace(/,\s*scope="[^"]*"/gi, '');
const withoutScopeOrError = (ch: string) => withoutScope(ch).replace(/,\s*error="[^"]*"/gi, '');
const deleteStatuses = (bed: TestBed) => bed.registryRequests.filter((r) => r.method === 'DELETE').map((r) => r.status);

describe('hostile challenges: DELETE challenged without a scope (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  afterEach(() => {
    bed.quirks.fault = undefined;
  });

  const modes = [
    ['scope stripped', withoutScope],
    ['scope and error stripped', withoutScopeOrError],
  ] as const;

  // Also with a pull token held (the tree has read the image before the user deletes it): the
  // scope-less challenge's retry must ask for delete, not again for only what that token has.

  for (const warm of [false, true]) {
    for (const [mode, rewrite] of modes) {
      const how = warm ? 'after reading the image (a pull token is held)' : 'from a fresh client';
      it(`alice's DELETE challenged with ${mode} asks the token server for delete itself, and deletes (${how})`, async () => {
        const repo = `foo/g-del-${warm ? 'warm' : 'cold'}-${mode.split(' ').length}`;
        const image = await bed.pushImage(repo, 'v1');
        const fault = (bed.quirks.fault = rewriteChallenge(on('DELETE', /\/manifests\//), rewrite));
        const { client, requestLog } = clientFor(bed, 'alice');
        if (warm) await client.getManifest(repo, 'v1');
        bed.resetLogs();

        await client.deleteManifest(repo, image.digest);

        assert.equal(fault.hits, 1, 'the registry challenged once, and the scope was stripped');
        const asked = bed.tokenRequests.filter((t) => actionsFor(t.scopes, `repository:${repo}`).has('delete'));
        assert.equal(asked.length, 1, `one token request for delete: ${describeTokenRequests(bed.tokenRequests)}`);
        assert.ok(actionsFor(asked[0].granted ?? [], `repository:${repo}`).has('delete'), 'granted');
        assert.deepEqual(deleteStatuses(bed), [401, 202], requestLines(bed));
        assertNoSecrets(bed, { requestLog });
        bed.quirks.fault = undefined;
        assert.equal(await userClient(bed, 'alice').headManifest(repo, image.digest), undefined, 'the manifest is gone');
      });
    }
  }

  for (const [mode, rewrite] of modes) {
    it(`bob (no delete permission), challenge with ${mode}: denied, not "credentials rejected"; one retry; the manifest stays`, async () => {
      const repo = `foo/g-bob-${mode.split(' ').length}`;
      const image = await bed.pushImage(repo, 'v1');
      const fault = (bed.quirks.fault = rewriteChallenge(on('DELETE', /\/manifests\//), rewrite));
      bed.resetLogs();
      const { client, requestLog } = clientFor(bed, 'bob');

      const error = await expectRegistryError(client.deleteManifest(repo, image.digest), 'denied');

      assert.equal(fault.hits, 2, 'both challenges came without a scope');
      assert.match(error.message, new RegExp(`\\bbob\\b.*\\b(not allowed|lacks|refused)\\b.*`), error.message);
      assert.match(error.message, /delete/i, error.message);
      for (const text of [error.message, error.hint ?? '']) {
        assert.doesNotMatch(text, /did not accept the credentials|credentials (were|are) (rejected|wrong)|check the user name and password/i, text);
      }
      assert.ok(
        bed.tokenRequests.some((t) => actionsFor(t.scopes, `repository:${repo}`).has('delete')),
        `asked for delete: ${describeTokenRequests(bed.tokenRequests)}`,
      );
      assert.ok(
        bed.tokenRequests.every((t) => t.status === 200 && t.username === 'bob'),
        'the login was accepted',
      );
      assert.deepEqual(deleteStatuses(bed), [401, 401], `one DELETE and one retry:\n${requestLines(bed)}`);
      assertNoSecrets(bed, { error, requestLog });
      bed.quirks.fault = undefined;
      assert.equal((await userClient(bed, 'alice').headManifest(repo, image.digest))?.digest, image.digest, 'the manifest is still there');
    });
  }
});

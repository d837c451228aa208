// Challenge-driven auth against the real registry: the seed scenario in Keppel's 403 mode and in
// distribution's 401 mode, a user without delete, anonymous pull, single-flight tokens, failures.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { RegistryClient } from '../../src/registry/index';
import { useTestBed } from '../fixtures/testbed';
import { freePort } from '../fixtures/tools';
import {
  actionsFor,
  allPages,
  assertNoSecretsLogged,
  clientFor,
  describeRegistryRequests,
  describeTokenRequests,
  expectRegistryError,
  issueRefreshToken,
} from '../fixtures/registryClient';

describe('registry client auth (real docker-registry 2.8)', () => {
  const bed = useTestBed();
  afterEach(() => {
    bed.quirks.forbiddenInsteadOf401 = false;
  });

  for (const mode of ['401', '403'] as const) {
    it(`reads with a pull token, then a DELETE challenged for delete costs exactly one more token (${mode} mode)`, async () => {
      bed.quirks.forbiddenInsteadOf401 = mode === '403';
      const repo = `foo/scenario-${mode}`;
      const pushed = await bed.pushImage(repo, 'qux');
      bed.resetLogs();
      const { client, requestLog } = clientFor(bed, 'alice');

      const manifest = await client.getManifest(repo, 'qux');
      assert.equal(manifest.digest, pushed.digest);
      assert.equal(bed.tokenRequests.length, 1, `reading should need one token: ${describeTokenRequests(bed.tokenRequests)}`);
      assert.ok(actionsFor(bed.tokenRequests[0].scopes, `repository:${repo}`).has('pull'), 'the first token is a pull token');

      const tokensBefore = bed.tokenRequests.length;
      const requestsBefore = bed.registryRequests.length;
      await client.deleteManifest(repo, manifest.digest);
      const newTokens = bed.tokenRequests.slice(tokensBefore);
      const deletes = bed.registryRequests.slice(requestsBefore).filter((r) => r.method === 'DELETE');
      assert.equal(newTokens.length, 1, `exactly one more token request: ${describeTokenRequests(newTokens)}`);
      assert.ok(actionsFor(newTokens[0].scopes, `repository:${repo}`).has('delete'), `asks for delete: ${newTokens[0].scopes}`);
      assert.ok(actionsFor(newTokens[0].granted ?? [], `repository:${repo}`).has('delete'), 'and alice is granted delete');
      assert.deepEqual(
        deletes.map((d) => d.status),
        [Number(mode), 202],
        `DELETE challenged once, then accepted: ${describeRegistryRequests(bed)}`,
      );

      assert.equal(await client.headManifest(repo, manifest.digest), undefined, 'the manifest is gone');
      await expectRegistryError(client.getManifest(repo, 'qux'), 'not-found');
      assertNoSecretsLogged(bed, requestLog);
    });

    it(`a user without delete gets a clear 'denied' after exactly one retry (${mode} mode)`, async () => {
      bed.quirks.forbiddenInsteadOf401 = mode === '403';
      const repo = `foo/bob-${mode}`;
      const pushed = await bed.pushImage(repo, 'keep');
      bed.resetLogs();
      const { client } = clientFor(bed, 'bob');

      const error = await expectRegistryError(client.deleteManifest(repo, pushed.digest), 'denied');
      assert.match(error.message, /delet/i, `the message says what was refused: ${error.message}`);
      assert.match(error.message, /not allowed|permission|denied/i, `the message says it is not allowed: ${error.message}`);
      const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE');
      assert.equal(deletes.length, 2, `one DELETE and one retry: ${describeRegistryRequests(bed)}`);
      assert.ok(bed.tokenRequests.length >= 1 && bed.tokenRequests.length <= 2, `token requests bounded: ${describeTokenRequests(bed.tokenRequests)}`);
      assert.ok(await client.headManifest(repo, pushed.digest), 'the manifest is still there');
    });
  }

  it('anonymous pulls public/hello: tags and manifest', async () => {
    bed.resetLogs();
    const { client } = clientFor(bed);
    const tags = (await allPages(client.tags('public/hello'))).flat();
    assert.deepEqual(tags, ['latest']);
    const manifest = await client.getManifest('public/hello', 'latest');
    assert.equal(manifest.digest, bed.seeded.publicHello.digest);
    assert.ok(bed.tokenRequests.length >= 1, 'anonymous still needs a token from the realm');
    assert.ok(
      bed.tokenRequests.every((t) => t.username === undefined && t.status === 200),
      describeTokenRequests(bed.tokenRequests),
    );
  });

  it('anonymous catalog fails with a clear unauthorized/denied error', async () => {
    const { client } = clientFor(bed);
    const error = await expectRegistryError(allPages(client.catalog()), ['unauthorized', 'denied']);
    assert.ok(error.message.includes(bed.host), `the message names the registry: ${error.message}`);
    assert.match(error.message, /sign|credential|allowed|denied|accept/i, `the message says why: ${error.message}`);
  });

  it('anonymous read of a private repository fails as unauthorized', async () => {
    const { client } = clientFor(bed);
    await expectRegistryError(client.getManifest('foo/bar', 'qux'), ['unauthorized', 'denied']);
  });

  it('ten concurrent first requests cause exactly one token request', async () => {
    bed.resetLogs();
    const { client } = clientFor(bed, 'carol');
    const refs = ['qux', 'v1', 'v1.0', 'latest', 'qux', 'v1', 'v1.0', 'latest', 'qux', 'v1'];
    const results = await Promise.all(refs.map((r) => client.getManifest('foo/bar', r)));
    assert.equal(results[0].digest, bed.seeded.bar.qux.digest);
    assert.equal(results[1].digest, bed.seeded.bar.shared.digest);
    assert.equal(bed.tokenRequests.length, 1, `one token for ten requests: ${describeTokenRequests(bed.tokenRequests)}`);
  });

  it('a wrong password gives unauthorized, for requests and for verifyCredentials', async () => {
    const { client } = clientFor(bed, undefined, { credentials: { username: 'alice', password: 'not-the-password' } });
    const error = await expectRegistryError(client.getManifest('foo/bar', 'qux'), 'unauthorized');
    assert.ok(!error.message.includes('not-the-password'), 'the message must not echo the password');
    await expectRegistryError(client.verifyCredentials(), 'unauthorized');
    await clientFor(bed, 'alice').client.verifyCredentials();
  });

  it('a dead registry gives a network error naming the address', async () => {
    const port = await freePort();
    const client = new RegistryClient({
      registry: `http://127.0.0.1:${port}`,
      credentials: { ...bed.users.alice },
      sleep: async () => undefined,
      timeoutMs: 5000,
    });
    const error = await expectRegistryError(client.getManifest('foo/bar', 'qux'), 'network');
    assert.ok(error.message.includes(`127.0.0.1:${port}`), `the message names the address: ${error.message}`);
  });

  it('an identity (refresh) token is used with the OAuth2 POST grant', async () => {
    const refreshToken = await issueRefreshToken(bed, 'alice');
    assert.ok(refreshToken, 'the token fixture issued a refresh token');
    bed.resetLogs();
    const { client } = clientFor(bed, undefined, { credentials: { identityToken: refreshToken, username: 'alice' } });
    const manifest = await client.getManifest('foo/bar', 'qux');
    assert.equal(manifest.digest, bed.seeded.bar.qux.digest);
    assert.ok(
      bed.tokenRequests.some((t) => t.method === 'POST' && t.grantType === 'refresh_token' && t.status === 200),
      `uses grant_type=refresh_token: ${describeTokenRequests(bed.tokenRequests)}`,
    );
  });
  it('a password is traded for an identity token as docker login does (offline_token), and that token alone signs in', async () => {
    const { client } = clientFor(bed, 'alice');
    bed.resetLogs();
    const identityToken = await client.identityToken();
    assert.ok(identityToken, `the token server offered one: ${describeTokenRequests(bed.tokenRequests)}`);
    assert.equal(bed.tokenRequests.length, 1);
    const { client: later } = clientFor(bed, undefined, { credentials: { identityToken: identityToken!, username: 'alice' } });
    assert.equal((await later.getManifest('foo/bar', 'qux')).digest, bed.seeded.bar.qux.digest);
    await expectRegistryError(clientFor(bed, undefined, { credentials: { username: 'alice', password: 'wrong' } }).client.identityToken(), 'unauthorized');
    assert.equal(await clientFor(bed, undefined).client.identityToken(), undefined, 'anonymous: nothing to trade');
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { startFakeHubApi, type FakeHubApi } from '../../fixtures/hubApi';
import { allPages } from '../../fixtures/tools';



describe("Docker Hub namespaces through Hub's API (a stand-in server)", () => {
  let hub: FakeHubApi;
  before(async () => {
    hub = await startFakeHubApi({ alice: 'alice-pat' }, [
      { namespace: 'alice', name: 'web' },
      { namespace: 'alice', name: 'app' },
      { namespace: 'alice', name: 'secret', isPrivate: true },
      { namespace: 'acme', name: 'tool' },
    ]);
  });
  after(async () => { await hub?.stop(); });

  const client = (credentials?: { username: string; password: string }) => new RegistryClient({ registry: 'docker.io', hubApiUrl: hub.url, credentials, retries: 0 });

  it('anonymous: the public repositories, by name, a page at a time', async () => {
    hub.log.length = 0;
    assert.deepEqual(await allPages(client().namespaceRepositories('alice', { pageSize: 1 })), [['alice/app'], ['alice/web']]);
    assert.ok(hub.log.every((r) => !r.token && r.method === 'GET'), JSON.stringify(hub.log));
  });

  it('signed in: one token for every page, private repositories included; the password only in the token request', async () => {
    hub.log.length = 0;
    const c = client({ username: 'alice', password: 'alice-pat' });
    assert.deepEqual((await allPages(c.namespaceRepositories('alice', { pageSize: 2 }))).flat(), ['alice/app', 'alice/secret', 'alice/web']);
    assert.deepEqual((await allPages(c.namespaceRepositories('acme'))).flat(), ['acme/tool']);
    assert.equal(hub.log.filter((r) => r.method === 'POST').length, 1, JSON.stringify(hub.log));
    assert.ok(hub.log.filter((r) => r.method === 'GET').every((r) => r.token));
    assert.ok(!hub.log.some((r) => r.path.includes('alice-pat')));
  });

  it('a wrong password and an unknown namespace say what happened', async () => {
    await assert.rejects(allPages(client({ username: 'alice', password: 'nope' }).namespaceRepositories('alice')), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, /Docker Hub did not accept the password or access token of alice/);
      return true;
    });
    await assert.rejects(allPages(client().namespaceRepositories('nobody')), (e: unknown) => e instanceof RegistryError && e.kind === 'not-found');
    await assert.rejects(allPages(client().namespaceRepositories('Not A Namespace!')), (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference');
  });

  it('is Docker Hub only', () => {
    assert.throws(() => new RegistryClient({ registry: '127.0.0.1:5000' }).namespaceRepositories('x'), /Docker Hub's own API/);
  });
});

describe("Docker Hub's API address", () => {
  it('a password is never sent to a plain-http API other than loopback', async () => {
    const c = new RegistryClient({ registry: 'docker.io', hubApiUrl: 'http://hub.example.invalid', credentials: { username: 'alice', password: 'secret' }, retries: 0 });
    await assert.rejects(allPages(c.namespaceRepositories('alice')), /Refusing to send your password to hub\.example\.invalid over plain http/);
  });
});

// The ACR adapter against a tiny registry host answering as ACR's data plane does
// (azure-rest-api-specs containerregistry 2021-07-01: GetTagList.json, DeleteTag.json; the
// `oauth2/token` realm answering only `access_token`): its requests go through the client's
// auth layer with ACR's scopes.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError } from '../../../../src/registry';
import type { TinyServer } from '../../../fixtures/httpServer';
import { collect, startRoutes } from '../../../fixtures/vendors/routes';

// The reference's example, GetTagList.json.
const TAG_LIST = {
  registry: 'acrapi.azurecr-test.io',
  imageName: 'nanoserver',
  tags: [
    {
      name: '4.7.2-20180905-nanoserver-1803',
      digest: 'sha256:110d2b6c84592561338aa040b1b14b7ab81c2f9edbd564c2285dd7d70d777086',
      createdTime: '2018-09-06T06:17:21.0856539Z',
      lastUpdateTime: '2018-09-06T06:17:21.0856539Z',
      changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
    },
    {
      name: '4.7.2-20180906-nanoserver-1803',
      digest: 'sha256:7af5cd1dde3e8f5c2c9103860afa4ca871a6075373b6564b0e7b1b47866dab52',
      createdTime: '2018-09-06T16:30:43.3860166Z',
      lastUpdateTime: '2018-09-07T16:30:46.7022734Z',
      changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
    },
  ],
};

/** A registry with ACR's token realm: a token per asked scope, the challenge saying what a request needs. */
async function startAcrHost(extra: Parameters<typeof startRoutes>[0] = {}): Promise<TinyServer & { scopes: string[][] }> {
  const scopes: string[][] = [];
  const challenge = (origin: string, scope: string) => ({
    status: 401,
    body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
    headers: { 'www-authenticate': `Bearer realm="${origin}/oauth2/token",service="acrapi.azurecr-test.io",scope="${scope}"` },
  });
  const granted = (auth: string | undefined, scope: string) => auth === `Bearer token-for.${encodeURIComponent(scope)}`;
  const server = await startRoutes({
    'GET /v2/': (_r, _u, o) => ({
      status: 401,
      body: {},
      headers: { 'www-authenticate': `Bearer realm="${o}/oauth2/token",service="acrapi.azurecr-test.io"` },
    }),
    'GET /oauth2/token': (_r, u) => {
      scopes.push(u.searchParams.getAll('scope'));
      return { body: { access_token: `token-for.${encodeURIComponent(u.searchParams.getAll('scope').join(' '))}` } };
    },
    'GET /acr/v1/nanoserver/_tags?n=1&orderby=timedesc': (r, _u, o) =>
      granted(r.headers.authorization, 'repository:nanoserver:metadata_read')
        ? {
            body: { ...TAG_LIST, tags: [TAG_LIST.tags[1]] },
            headers: { link: '</acr/v1/nanoserver/_tags?last=4.7.2-20180906-nanoserver-1803&n=1&orderby=timedesc>; rel="next"' },
          }
        : challenge(o, 'repository:nanoserver:metadata_read'),
    'GET /acr/v1/nanoserver/_tags?last=4.7.2-20180906-nanoserver-1803&n=1&orderby=timedesc': (r, _u, o) =>
      granted(r.headers.authorization, 'repository:nanoserver:metadata_read')
        ? { body: { ...TAG_LIST, tags: [TAG_LIST.tags[0]] } }
        : challenge(o, 'repository:nanoserver:metadata_read'),
    'DELETE /acr/v1/nanoserver/_tags/4.7.2-20180905-nanoserver-1803': (r, _u, o) =>
      granted(r.headers.authorization, 'repository:nanoserver:delete') ? { status: 202 } : challenge(o, 'repository:nanoserver:delete'),
    ...extra,
  });
  return Object.assign(server, { scopes });
}

describe("ACR's API adapter", () => {
  const servers: TinyServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const login = { username: '00000000-0000-0000-0000-000000000000', password: 'acr-refresh-or-password' };

  it('tags through the auth layer with a metadata_read token, newest first by Link pages; times as lastUpdateTime', async () => {
    const s = await startAcrHost();
    servers.push(s);
    const acr = new RegistryClient({ registry: s.url, credentials: login, retries: 0 }).vendor('acr');
    assert.equal(acr.apiUrl, `${s.url}/acr/v1`);
    const pages = await collect(acr.tags('nanoserver', { pageSize: 1 }));
    assert.deepEqual(pages, [
      [{ name: '4.7.2-20180906-nanoserver-1803', digest: TAG_LIST.tags[1].digest, pushedAt: '2018-09-07T16:30:46.702Z' }],
      [{ name: '4.7.2-20180905-nanoserver-1803', digest: TAG_LIST.tags[0].digest, pushedAt: '2018-09-06T06:17:21.085Z' }],
    ]);
    assert.deepEqual(s.scopes, [['repository:nanoserver:metadata_read']], 'one token for both pages');
  });

  it('untag: the DELETE challenged for the delete scope, one token fetched, 202', async () => {
    const s = await startAcrHost();
    servers.push(s);
    await new RegistryClient({ registry: s.url, credentials: login, retries: 0 }).vendor('acr').untag('nanoserver', '4.7.2-20180905-nanoserver-1803');
    assert.deepEqual(
      s.scopes.map((x) => x.join(' ')),
      ['repository:nanoserver:delete'],
    );
    assert.deepEqual(
      s.seen.filter((r) => r.method === 'DELETE').map((r) => !!r.headers.authorization),
      [false, true],
    );
  });

  it("a next page on another origin is refused and nothing reaches it; a 404 names ACR's API", async () => {
    const evil = await startRoutes({});
    servers.push(evil);
    const s = await startAcrHost({
      'GET /acr/v1/_catalog': { body: { repositories: ['a', 'b'] }, headers: { link: `<${evil.url}/acr/v1/_catalog?last=b&n=2>; rel="next"` } },
      'GET /acr/v1/gone/_tags': { status: 404, body: { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] } },
    });
    servers.push(s);
    const acr = new RegistryClient({ registry: s.url, credentials: login, retries: 0 }).vendor('acr');
    await assert.rejects(
      collect(acr.repositories()),
      (e: unknown) => e instanceof RegistryError && /^ACR's API at .* pointed the next page at another address/.test(e.message),
    );
    assert.equal(evil.seen.length, 0);
    await assert.rejects(
      collect(acr.tags('gone')),
      (e: unknown) =>
        e instanceof RegistryError && e.kind === 'not-found' && /knows no repository gone \(404\): “repository name not known to registry”/.test(e.message),
    );
  });
});

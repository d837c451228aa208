// Telling what a registry is: from the host name (every form a user may type), and by probing tiny
// servers that challenge the way GitLab, Harbor, Quay and ACR do — without ever sending the login.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, isRegistryError, probeRegistryKind, registryKindOfHost } from '../../../../src/registry';
import { send, startServer, type TinyServer } from '../../../fixtures/httpServer';

describe('registryKindOfHost', () => {
  const cases: [string, string | undefined][] = [
    ['ghcr.io', 'ghcr'],
    ['GHCR.IO', 'ghcr'],
    ['ghcr.io:443', 'ghcr'],
    ['https://ghcr.io/owner/app', 'ghcr'],
    ['ghcr.io.', 'ghcr'],
    ['ghcr.io/owner', 'ghcr'],
    ['myregistry.azurecr.io', 'acr'],
    ['MyRegistry.AzureCR.io:443', 'acr'],
    ['contoso.azurecr.cn', 'acr'],
    ['azurecr.io', undefined],
    ['evilazurecr.io', undefined],
    ['quay.io', 'quay'],
    ['https://quay.io', 'quay'],
    ['registry.gitlab.com', 'gitlab'],
    ['registry.gitlab.com:443', 'gitlab'],
    ['gitlab.com', undefined],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', 'ecr'],
    ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', 'ecr'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'ecr'],
    ['public.ecr.aws', 'ecr'],
    ['dkr.ecr.us-east-1.amazonaws.com', undefined],
    ['europe-west1-docker.pkg.dev', 'artifact-registry'],
    ['us-docker.pkg.dev', 'artifact-registry'],
    ['gcr.io', 'artifact-registry'],
    ['eu.gcr.io', 'artifact-registry'],
    ['notgcr.io', undefined],
    ['docker.io', 'dockerhub'],
    ['index.docker.io', 'dockerhub'],
    ['registry-1.docker.io', 'dockerhub'],
    ['Registry.Hub.Docker.com', 'dockerhub'],
    ['https://index.docker.io/v1/', 'dockerhub'],
    ['ghcr.io.evil.example', undefined],
    ['localhost:5000', undefined],
    ['127.0.0.1:5000', undefined],
    ['[::1]:5000', undefined],
    ['registry.example.com', undefined],
    ['', undefined],
    ['https://', undefined],
  ];
  for (const [host, kind] of cases) {
    it(`${JSON.stringify(host)} → ${kind ?? 'unknown'}`, () => assert.equal(registryKindOfHost(host), kind));
  }
});

describe('probeRegistryKind (tiny servers; the login never leaves the client)', () => {
  const servers: TinyServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const LOGIN = { username: 'someone', password: 'never-sent-password' };

  /** A registry answering `GET /v2/` with `challenge` (null: 200, no challenge) and Harbor's system info with `info`. */
  async function registry(challenge: (origin: string) => string | null, info?: unknown): Promise<TinyServer> {
    let origin = '';
    const s = await startServer((req, res) => {
      if (req.url === '/v2/') {
        const c = challenge(origin);
        return c ? send(res, 401, { 'www-authenticate': c, 'content-type': 'application/json' }, '{"errors":[]}') : send(res, 200, {}, '{}');
      }
      if (req.url === '/api/v2.0/systeminfo' && info !== undefined)
        return send(
          res,
          200,
          { 'content-type': typeof info === 'string' ? 'text/html' : 'application/json' },
          typeof info === 'string' ? info : JSON.stringify(info),
        );
      send(res, 404, { 'content-type': 'text/plain' }, '404 page not found');
    });
    origin = s.url;
    servers.push(s);
    return s;
  }
  const probe = (s: TinyServer, signal?: AbortSignal) => probeRegistryKind(new RegistryClient({ registry: s.url, credentials: LOGIN, retries: 0 }), { signal });
  const noLoginSent = (s: TinyServer) =>
    assert.ok(
      s.seen.every((r) => !r.headers.authorization && !r.body.includes(LOGIN.password)),
      JSON.stringify(s.seen.map((r) => r.headers)),
    );

  it("GitLab: a /jwt/auth realm, whose origin is GitLab's API (not the registry host)", async () => {
    const s = await registry(() => 'Bearer realm="https://gitlab.example.com/jwt/auth",service="container_registry"');
    assert.deepEqual(await probe(s), {
      kind: 'gitlab',
      apiUrl: 'https://gitlab.example.com/api/v4',
      evidence: 'its token realm gitlab.example.com/jwt/auth (service container_registry)',
    });
    assert.deepEqual(
      s.seen.map((r) => r.url),
      ['/v2/'],
    );
    noLoginSent(s);
  });

  it('Harbor: a /service/token realm (service harbor-registry)', async () => {
    const s = await registry((o) => `Bearer realm="${o}/service/token",service="harbor-registry"`);
    const found = await probe(s);
    assert.equal(found.kind, 'harbor');
    assert.equal(found.apiUrl, `${s.url}/api/v2.0`);
    noLoginSent(s);
  });

  it('Harbor behind Basic (realm "harbor"): its anonymous system info, asked without the login', async () => {
    const s = await registry(() => 'Basic realm="harbor"', { auth_mode: 'db_auth', primary_auth_mode: false, self_registration: false, banner_message: '' });
    const found = await probe(s);
    assert.equal(found.kind, 'harbor');
    assert.match(found.evidence, /system info \(Harbor\)/);
    assert.deepEqual(
      s.seen.map((r) => r.url),
      ['/v2/', '/api/v2.0/systeminfo'],
    );
    noLoginSent(s);
  });

  it('Quay: a /v2/auth realm whose service is its own host name', async () => {
    const s = await registry((o) => `Bearer realm="${o}/v2/auth",service="${new URL(o).host}"`);
    const found = await probe(s);
    assert.equal(found.kind, 'quay');
    assert.equal(found.apiUrl, `${s.url}/api/v1`);
  });

  it('ACR: an oauth2/token realm serving the registry itself', async () => {
    const s = await registry((o) => `Bearer realm="${o}/oauth2/token",service="127.0.0.1"`);
    assert.equal((await probe(s)).kind, 'acr');
  });

  it('a plain distribution, an open registry and a login page at the system info address: no kind, said why', async () => {
    const plain = await registry((o) => `Bearer realm="${o}/token",service="registry.example.com"`);
    const found = await probe(plain);
    assert.equal(found.kind, undefined);
    assert.match(found.evidence, /nothing vendor-specific/);
    assert.equal((await probe(await registry(() => null))).kind, undefined);
    const page = await registry(() => 'Basic realm="Registry"', '<html><body>Sign in</body></html>');
    assert.equal((await probe(page)).kind, undefined);
    noLoginSent(page);
  });

  it('cancellation reaches the probe', async () => {
    const s = await registry(() => 'Basic realm="x"');
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(probe(s, ac.signal), (e: unknown) => isRegistryError(e) && e.kind === 'cancelled');
  });
});

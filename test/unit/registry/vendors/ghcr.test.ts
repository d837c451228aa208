// The GHCR adapter (GitHub's packages API) against tiny servers answering in the shapes of
// github/rest-api-description (schemas `package`, `package-version`; Link pagination; basic-error).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError } from '../../../../src/registry';
import { LOGIN_PAGE, collect, useRoutes, vendorOn } from '../../../fixtures/vendors/routes';

const PAT = { username: 'octocat', password: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz' };
const D1 = `sha256:${'4'.repeat(64)}`;
const D2 = `sha256:${'5'.repeat(64)}`;
const pkg = (id: number, name: string) => ({
  id,
  name,
  package_type: 'container',
  owner: { login: 'github', id: 9919, type: 'Organization' },
  version_count: 1,
  visibility: 'private',
  url: `https://api.github.com/orgs/github/packages/container/${name}`,
  created_at: '2020-05-19T22:19:11Z',
  updated_at: '2020-05-19T22:19:11Z',
  html_url: `https://github.com/orgs/github/packages/container/package/${name}`,
});
const version = (id: number, digest: string, tags: string[], at: string) => ({
  id,
  name: digest,
  url: `https://api.github.com/orgs/github/packages/container/hello_docker/versions/${id}`,
  package_html_url: 'https://github.com/orgs/github/packages/container/package/hello_docker',
  created_at: at,
  updated_at: at,
  html_url: `https://github.com/orgs/github/packages/container/hello_docker/${id}`,
  metadata: { package_type: 'container', container: { tags } },
});
const basicError = (status: number, message: string) => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
});

describe("GitHub's packages API adapter (GHCR)", () => {
  const serve = useRoutes();

  it("an owner's container packages: organisation first, a user after its 404, pages by Link; GitHub's headers on every request", async () => {
    const s = await serve({
      'GET /api/v3/orgs/octocat/packages': basicError(404, 'Not Found'),
      'GET /api/v3/users/octocat/packages?package_type=container&per_page=1&page=1': (_r, _u, o) => ({
        body: [pkg(1, 'hello_docker')],
        headers: {
          link: `<${o}/api/v3/user/583231/packages?package_type=container&per_page=1&page=2>; rel="next", <${o}/api/v3/user/583231/packages?package_type=container&per_page=1&page=2>; rel="last"`,
        },
      }),
      'GET /api/v3/user/583231/packages?package_type=container&per_page=1&page=2': { body: [pkg(2, 'team/tool')] },
    });
    assert.deepEqual(await collect(vendorOn(s, 'ghcr', PAT).repositories('OctoCat', { pageSize: 1 })), [['octocat/hello_docker'], ['octocat/team/tool']]);
    for (const r of s.seen) {
      assert.equal(r.headers.accept, 'application/vnd.github+json');
      assert.equal(r.headers['x-github-api-version'], '2022-11-28');
      assert.equal(r.headers.authorization, `Bearer ${PAT.password}`);
    }
  });

  it('versions become tags (one version per digest, its tags sharing the image); untag refuses a tag beside others and deletes a last one', async () => {
    const s = await serve({
      'GET /api/v3/orgs/github/packages/container/team%2Fhello/versions': {
        body: [
          version(11, D1, ['latest', '1.1'], '2024-05-06T05:20:30Z'),
          version(10, D2, ['1.0'], '2024-04-01T00:00:00Z'),
          version(9, D2, [], '2024-03-01T00:00:00Z'),
        ],
      },
      'DELETE /api/v3/orgs/github/packages/container/team%2Fhello/versions/10': { status: 204 },
    });
    const gh = vendorOn(s, 'ghcr', PAT);
    const [tags] = await collect(gh.tags('github/team/hello'));
    assert.deepEqual(tags, [
      { name: 'latest', sameImage: ['1.1'], digest: D1, pushedAt: '2024-05-06T05:20:30.000Z' },
      { name: '1.1', sameImage: ['latest'], digest: D1, pushedAt: '2024-05-06T05:20:30.000Z' },
      { name: '1.0', sameImage: [], digest: D2, pushedAt: '2024-04-01T00:00:00.000Z' },
    ]);
    await assert.rejects(
      gh.untag('github/team/hello', 'latest'),
      (e: unknown) => e instanceof RegistryError && e.kind === 'unsupported' && /deletes whole package versions.*also carries 1\.1/.test(e.message),
    );
    assert.ok(!s.seen.some((r) => r.method === 'DELETE'));
    await gh.untag('github/team/hello', '1.0');
    assert.equal(s.seen.filter((r) => r.method === 'DELETE').length, 1);
  });

  it("refusals name GitHub's packages API, quoting its message: 401, 403, a login page, 404", async () => {
    const s = await serve({
      'GET /api/v3/orgs/a/packages': basicError(401, 'Bad credentials'),
      'GET /api/v3/orgs/b/packages': basicError(403, 'You need at least read:packages scope to list packages.'),
      'GET /api/v3/orgs/c/packages': { body: LOGIN_PAGE },
      'GET /api/v3/orgs/d/packages': basicError(404, 'Not Found'),
      'GET /api/v3/users/d/packages': basicError(404, 'Not Found'),
    });
    const gh = vendorOn(s, 'ghcr', PAT);
    const seen: string[] = [];
    for (const o of ['a', 'b', 'c', 'd']) {
      await assert.rejects(collect(gh.repositories(o)), (e: unknown) => {
        assert.ok(e instanceof RegistryError);
        assert.match(e.message, /^GitHub's packages API at 127\.0\.0\.1:\d+ /);
        seen.push(`${e.kind}${/“(.*)”/.exec(e.message)?.[1] ? ' quoted' : ''}`);
        return true;
      });
    }
    assert.deepEqual(seen, ['unauthorized quoted', 'denied quoted', 'protocol', 'not-found quoted']);
  });

  it('a next page on another origin is refused, and nothing reaches it', async () => {
    const evil = await serve({});
    const s = await serve({
      'GET /api/v3/orgs/github/packages': { body: [pkg(1, 'a')], headers: { link: `<${evil.url}/api/v3/orgs/github/packages?page=2>; rel="next"` } },
    });
    await assert.rejects(collect(vendorOn(s, 'ghcr', PAT).repositories('github')), /another address/);
    assert.equal(evil.seen.length, 0);
  });

  it("the registry's login goes to api.github.com only from ghcr.io; another registry must name its API address", () => {
    assert.equal(new RegistryClient({ registry: 'ghcr.io', credentials: PAT }).vendor('ghcr').apiUrl, 'https://api.github.com');
    assert.equal(
      new RegistryClient({ registry: 'ghcr.io' }).vendor('ghcr', { apiUrl: 'https://github.example.com' }).apiUrl,
      'https://github.example.com/api/v3',
    );
    assert.throws(
      () => new RegistryClient({ registry: 'registry.example.com', credentials: PAT }).vendor('ghcr'),
      (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference' && /name the API address/.test(e.message),
    );
    assert.throws(() => new RegistryClient({ registry: 'ghcr.io' }).vendor('ghcr', { apiUrl: 'https://user:secret@api.github.com' }), /carries a login/);
  });
});

// The GitLab adapter against tiny servers answering with the examples of GitLab's reference
// (doc/api/container_registry.md, doc/api/rest/_index.md "Pagination").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../../../../src/registry';
import { LOGIN_PAGE, collect, useRoutes, vendorOn } from '../../../fixtures/vendors/routes';

const TOKEN = { username: 'alice', password: 'glpat-0123456789abcdefghij' };

// "List registry repositories — within a group", the reference's example response.
const GROUP_REPOS = [
  {
    id: 1,
    name: '',
    path: 'group/project',
    project_id: 9,
    location: 'gitlab.example.com:5000/group/project',
    created_at: '2019-01-10T13:38:57.391Z',
    cleanup_policy_started_at: '2020-08-17T03:12:35.489Z',
  },
  {
    id: 2,
    name: '',
    path: 'group/other_project',
    project_id: 11,
    location: 'gitlab.example.com:5000/group/other_project',
    created_at: '2019-01-10T13:39:08.229Z',
    cleanup_policy_started_at: '2020-01-10T15:40:57.391Z',
  },
];
// "Within a project": a repository with a name of its own.
const PROJECT_REPOS = [
  {
    id: 1,
    name: '',
    path: 'group/project',
    project_id: 9,
    location: 'gitlab.example.com:5000/group/project',
    created_at: '2019-01-10T13:38:57.391Z',
    cleanup_policy_started_at: '2020-01-10T15:40:57.391Z',
    status: null,
  },
  {
    id: 2,
    name: 'releases',
    path: 'group/project/releases',
    project_id: 9,
    location: 'gitlab.example.com:5000/group/project/releases',
    created_at: '2019-01-10T13:39:08.229Z',
    cleanup_policy_started_at: '2020-08-17T03:12:35.489Z',
    status: 'delete_ongoing',
  },
];
const TAGS = [
  { name: 'A', path: 'group/project:A', location: 'gitlab.example.com:5000/group/project:A' },
  { name: 'latest', path: 'group/project:latest', location: 'gitlab.example.com:5000/group/project:latest' },
];
const DETAILS = (name: string) => ({
  name,
  path: `group/project:${name}`,
  location: `gitlab.example.com:5000/group/project:${name}`,
  revision: 'e9ed9d87c881d8c2fd3a31b41904d01ba0b836e7fd15240d774d811a1c248181',
  short_revision: 'e9ed9d87c',
  digest: 'sha256:c3490dcf10ffb6530c1303522a1405dfaf7daecd8f38d3e6a1ba19ea1f8a1751',
  created_at: '2019-01-06T16:49:51.272+00:00',
  total_size: 350224384,
});

describe("GitLab's API adapter", () => {
  const serve = useRoutes();

  it("pages through a group's registry repositories by Link, the token as Bearer and never in a URL", async () => {
    const s = await serve({
      'GET /api/v4/groups/group/registry/repositories?per_page=1&page=1': (_r, _u, o) => ({
        body: [GROUP_REPOS[0]],
        headers: {
          link: `<${o}/api/v4/groups/group/registry/repositories?page=2&per_page=1>; rel="next", <${o}/api/v4/groups/group/registry/repositories?page=2&per_page=1>; rel="last"`,
          'x-next-page': '2',
          'x-total': '2',
        },
      }),
      'GET /api/v4/groups/group/registry/repositories?page=2&per_page=1': { body: [GROUP_REPOS[1]], headers: { 'x-next-page': '', 'x-total': '2' } },
    });
    assert.deepEqual(await collect(vendorOn(s, 'gitlab', TOKEN).repositories('group', { pageSize: 1 })), [['group/project'], ['group/other_project']]);
    assert.ok(s.seen.every((r) => r.headers.authorization === `Bearer ${TOKEN.password}` && !r.headers['private-token'] && !r.url.includes(TOKEN.password)));
  });

  it('a path that is no group is listed as a project; without Link, X-Next-Page gives the next page', async () => {
    const s = await serve({
      'GET /api/v4/groups/group%2Fproject/registry/repositories': { status: 404, body: { message: '404 Group Not Found' } },
      'GET /api/v4/projects/group%2Fproject/registry/repositories?per_page=100&page=1': { body: [PROJECT_REPOS[0]], headers: { 'x-next-page': '2' } },
      'GET /api/v4/projects/group%2Fproject/registry/repositories?per_page=100&page=2': { body: [PROJECT_REPOS[1]], headers: { 'x-next-page': '' } },
    });
    assert.deepEqual((await collect(vendorOn(s, 'gitlab', TOKEN).repositories('group/project'))).flat(), ['group/project', 'group/project/releases']);
  });

  it("tags with their details: digest, creation time (UTC), GitLab's total_size; the project found from the repository's path", async () => {
    const s = await serve({
      'GET /api/v4/projects/group%2Fproject%2Freleases/registry/repositories': { status: 404, body: { message: '404 Project Not Found' } },
      'GET /api/v4/projects/group%2Fproject/registry/repositories': { body: PROJECT_REPOS },
      // Addressed by the project id the listing gave.
      'GET /api/v4/projects/9/registry/repositories/2/tags': { body: TAGS },
      'GET /api/v4/projects/9/registry/repositories/2/tags/A': { body: DETAILS('A') },
      'GET /api/v4/projects/9/registry/repositories/2/tags/latest': { body: DETAILS('latest') },
      'DELETE /api/v4/projects/9/registry/repositories/2/tags/A': { status: 200 },
    });
    const gitlab = vendorOn(s, 'gitlab', TOKEN);
    const [tags] = await collect(gitlab.tags('group/project/releases'));
    assert.deepEqual(tags[0], { name: 'A', digest: DETAILS('A').digest, pushedAt: '2019-01-06T16:49:51.272Z', size: 350224384, sizeCounts: 'layers' });
    assert.deepEqual(
      tags.map((t) => t.name),
      ['A', 'latest'],
    );
    await gitlab.untag('group/project/releases', 'A');
    assert.equal(s.seen.at(-1)?.method, 'DELETE');
    // What was found is kept: the untag asked nothing but the delete.
    assert.equal(s.seen.filter((r) => r.url.includes('releases/registry')).length, 1);
  });

  it('refusals name the API and say why: 401, 403, a login page, a 404', async () => {
    const s = await serve({
      'GET /api/v4/groups/a/registry/repositories': { status: 401, body: { message: '401 Unauthorized' } },
      'GET /api/v4/groups/b/registry/repositories': { status: 403, body: { message: '403 Forbidden' } },
      'GET /api/v4/groups/c/registry/repositories': { body: LOGIN_PAGE },
      'GET /api/v4/groups/d/registry/repositories': { status: 404, body: { message: '404 Group Not Found' } },
      'GET /api/v4/projects/d/registry/repositories': { status: 404, body: { message: '404 Project Not Found' } },
    });
    const gitlab = vendorOn(s, 'gitlab', TOKEN);
    const failure = async (ns: string) => {
      try {
        await collect(gitlab.repositories(ns));
      } catch (e) {
        assert.ok(e instanceof RegistryError);
        return e;
      }
      assert.fail('no error');
    };
    const unauthorized = await failure('a');
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.match(
      unauthorized.message,
      /^GitLab's API at 127\.0\.0\.1:\d+ did not accept the login to list the registry repositories of a on GitLab \(401\): “401 Unauthorized”\.$/,
    );
    assert.match(unauthorized.hint ?? '', /read_api.*catalog, or repositories added by hand/);
    assert.equal((await failure('b')).kind, 'denied');
    const page = await failure('c');
    assert.equal(page.kind, 'protocol');
    assert.match(page.message, /answered with a web page instead of JSON \(200\).*a login page, a proxy/);
    const missing = await failure('d');
    assert.equal(missing.kind, 'not-found');
    assert.match(missing.message, /knows no group or project d \(404\): “404 Project Not Found”/);
  });

  it('a next page on another origin is refused, and nothing reaches it', async () => {
    const evil = await serve({});
    const s = await serve({
      'GET /api/v4/groups/group/registry/repositories': {
        body: GROUP_REPOS,
        headers: { link: `<${evil.url}/api/v4/groups/group/registry/repositories?page=2>; rel="next"` },
      },
    });
    await assert.rejects(
      collect(vendorOn(s, 'gitlab', TOKEN).repositories('group')),
      /pointed the next page at another address \(127\.0\.0\.1:\d+\); refusing to follow it with your token/,
    );
    assert.equal(evil.seen.length, 0);
  });

  it('needs a group or project, and a valid repository and tag before anything goes into a URL', async () => {
    const s = await serve({});
    const gitlab = vendorOn(s, 'gitlab', TOKEN);
    await assert.rejects(collect(gitlab.repositories()), (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference');
    await assert.rejects(collect(gitlab.tags('Group/../x')), (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference');
    await assert.rejects(gitlab.untag('group/project', 'bad tag'), (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference');
    assert.equal(s.seen.length, 0);
  });
});

// The Harbor adapter against tiny servers answering in the shapes of Harbor's swagger
// (api/v2.0/swagger.yaml: Project, Repository, Artifact, Tag, Errors, GeneralInfo; X-Total-Count, Link).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../../../../src/registry';
import { LOGIN_PAGE, collect, useRoutes, vendorOn } from '../../../fixtures/vendors/routes';

const ROBOT = { username: 'robot$library+ci', password: 'robot-secret-abcdef' };
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

const project = (id: number, name: string) => ({
  project_id: id,
  owner_id: 1,
  name,
  creation_time: '2024-02-01T10:00:00.000Z',
  update_time: '2024-02-01T10:00:00.000Z',
  owner_name: 'admin',
  repo_count: 1,
  metadata: { public: 'false' },
});
const repository = (id: number, name: string) => ({
  id,
  project_id: 1,
  name,
  artifact_count: 2,
  pull_count: 0,
  creation_time: '2024-02-01T10:00:00.000Z',
  update_time: '2024-02-02T10:00:00.000Z',
});
const tag = (id: number, name: string, push: string) => ({
  id,
  repository_id: 7,
  artifact_id: 3,
  name,
  push_time: push,
  pull_time: '0001-01-01T00:00:00.000Z',
  immutable: false,
});
const ARTIFACTS = [
  {
    id: 3,
    type: 'IMAGE',
    media_type: 'application/vnd.oci.image.config.v1+json',
    manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
    project_id: 1,
    repository_id: 7,
    repository_name: 'library/team/app',
    digest: D1,
    size: 3256,
    push_time: '2024-03-01T08:00:00.000Z',
    pull_time: '0001-01-01T00:00:00.000Z',
    extra_attrs: {},
    tags: [tag(1, 'v1', '2024-03-01T08:00:00.000Z'), tag(2, 'latest', '2024-03-02T09:30:00.000Z')],
    accessories: null,
    labels: null,
  },
  {
    id: 4,
    type: 'IMAGE',
    media_type: 'application/vnd.oci.image.index.v1+json',
    manifest_media_type: 'application/vnd.oci.image.index.v1+json',
    project_id: 1,
    repository_id: 7,
    repository_name: 'library/team/app',
    digest: D2,
    size: 9000,
    push_time: '2024-01-01T00:00:00.000Z',
    tags: [tag(5, 'multi', '2024-01-01T00:00:00.000Z')],
  },
];

describe("Harbor's API adapter", () => {
  const serve = useRoutes();

  it("without a project: the projects page by page (relative Link), then each one's repositories (X-Total-Count when no Link)", async () => {
    const s = await serve({
      'GET /api/v2.0/projects?page=1&page_size=1': {
        body: [project(1, 'library')],
        headers: { 'x-total-count': '2', link: '</api/v2.0/projects?page=2&page_size=1>; rel="next"' },
      },
      'GET /api/v2.0/projects?page=2&page_size=1': {
        body: [project(2, 'team')],
        headers: { 'x-total-count': '2', link: '</api/v2.0/projects?page=1&page_size=1>; rel="prev"' },
      },
      'GET /api/v2.0/projects/library/repositories?page=1&page_size=1': { body: [repository(7, 'library/team/app')], headers: { 'x-total-count': '2' } },
      'GET /api/v2.0/projects/library/repositories?page=2&page_size=1': { body: [repository(8, 'library/nginx')], headers: { 'x-total-count': '2' } },
      'GET /api/v2.0/projects/team/repositories?page=1&page_size=1': {
        body: [repository(9, 'team/api'), repository(10, 'other/not-this-project')],
        headers: { 'x-total-count': '1' },
      },
    });
    assert.deepEqual(await collect(vendorOn(s, 'harbor', ROBOT).repositories(undefined, { pageSize: 1 })), [
      ['library/team/app'],
      ['library/nginx'],
      ['team/api'],
    ]);
    const basic = `Basic ${Buffer.from(`${ROBOT.username}:${ROBOT.password}`).toString('base64')}`;
    assert.ok(s.seen.every((r) => r.headers.authorization === basic));
  });

  it("artifacts become tags: the repository name encoded twice, only tagged artifacts asked for, Harbor's size and push times", async () => {
    const s = await serve({ 'GET /api/v2.0/projects/library/repositories/team%252Fapp/artifacts': { body: ARTIFACTS, headers: { 'x-total-count': '2' } } });
    const [tags] = await collect(vendorOn(s, 'harbor', ROBOT).tags('library/team/app'));
    assert.deepEqual(tags, [
      { name: 'v1', sameImage: ['latest'], digest: D1, pushedAt: '2024-03-01T08:00:00.000Z', size: 3256, sizeCounts: 'manifest+config+layers', isIndex: false },
      { name: 'latest', sameImage: ['v1'], digest: D1, pushedAt: '2024-03-02T09:30:00.000Z', size: 3256, sizeCounts: 'manifest+config+layers', isIndex: false },
      { name: 'multi', sameImage: [], digest: D2, pushedAt: '2024-01-01T00:00:00.000Z', size: 9000, sizeCounts: 'manifest+config+layers', isIndex: true },
    ]);
    const q = new URL(s.seen[0].url, s.url).searchParams;
    assert.equal(q.get('with_tag'), 'true');
    assert.equal(q.get('q'), 'tags=*');
  });

  it('untag deletes the tag alone, the tag naming its own artifact', async () => {
    const s = await serve({ 'DELETE /api/v2.0/projects/library/repositories/team%252Fapp/artifacts/v1/tags/v1': { status: 200 } });
    await vendorOn(s, 'harbor', ROBOT).untag('library/team/app', 'v1');
    assert.equal(s.seen.length, 1);
  });

  it("refusals name Harbor's API, quoting its error: 401, 403, a login page, 404", async () => {
    const s = await serve({
      'GET /api/v2.0/projects/a/repositories': { status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] } },
      'GET /api/v2.0/projects/b/repositories': { status: 403, body: { errors: [{ code: 'FORBIDDEN', message: 'forbidden' }] } },
      'GET /api/v2.0/projects/c/repositories': { body: LOGIN_PAGE },
      'GET /api/v2.0/projects/d/repositories': { status: 404, body: { errors: [{ code: 'NOT_FOUND', message: 'project d not found' }] } },
    });
    const harbor = vendorOn(s, 'harbor', ROBOT);
    const kinds: string[] = [];
    for (const p of ['a', 'b', 'c', 'd']) {
      await assert.rejects(collect(harbor.repositories(p)), (e: unknown) => {
        assert.ok(e instanceof RegistryError);
        assert.match(e.message, /^Harbor's API at 127\.0\.0\.1:\d+ /);
        assert.ok(!e.message.includes(ROBOT.password));
        kinds.push(e.kind);
        return true;
      });
    }
    assert.deepEqual(kinds, ['unauthorized', 'denied', 'protocol', 'not-found']);
  });

  it('a next page on another origin is refused, and nothing reaches it', async () => {
    const evil = await serve({});
    const s = await serve({
      'GET /api/v2.0/projects/library/repositories': {
        body: [repository(7, 'library/a')],
        headers: { link: `<${evil.url}/api/v2.0/projects/library/repositories?page=2>; rel="next"` },
      },
    });
    await assert.rejects(
      collect(vendorOn(s, 'harbor', ROBOT).repositories('library')),
      (e: unknown) => e instanceof RegistryError && e.kind === 'protocol' && /another address/.test(e.message),
    );
    assert.equal(evil.seen.length, 0);
  });

  it('identify reads the anonymous system info without the login: Harbor, or nothing for another JSON or a web page', async () => {
    const harbor = await serve({
      'GET /api/v2.0/systeminfo': { body: { auth_mode: 'db_auth', primary_auth_mode: false, self_registration: false, banner_message: '' } },
    });
    assert.equal(await vendorOn(harbor, 'harbor', ROBOT).identify?.(), 'Harbor');
    assert.equal(harbor.seen[0].headers.authorization, undefined);
    const other = await serve({ 'GET /api/v2.0/systeminfo': { body: { version: '1.0' } } });
    assert.equal(await vendorOn(other, 'harbor', ROBOT).identify?.(), undefined);
    const page = await serve({ 'GET /api/v2.0/systeminfo': { body: LOGIN_PAGE } });
    assert.equal(await vendorOn(page, 'harbor').identify?.(), undefined);
  });
});

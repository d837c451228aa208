// The Quay adapter against tiny servers answering as Quay's API endpoints do (endpoints/api/
// repository.py `RepositoryList`, tag.py `ListRepositoryTags` / `_tag_dict` / `RepositoryTag`,
// the `next_page` token of `page_support`, ApiException error bodies).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../../../../src/registry';
import { LOGIN_PAGE, collect, useRoutes, vendorOn } from '../../../fixtures/vendors/routes';

const TOKEN = { identityToken: 'quay-oauth-0123456789abcdef' };
const D = `sha256:${'a'.repeat(64)}`;
const repo = (name: string) => ({ namespace: 'acme', name, description: null, is_public: false, kind: 'image', state: 'NORMAL' });
const tag = (name: string, start: number, extra = {}) => ({
  name,
  reversion: false,
  start_ts: start,
  manifest_digest: D,
  is_manifest_list: false,
  size: 2818413,
  last_modified: new Date(start * 1000).toUTCString().replace('GMT', '-0000'),
  ...extra,
});
const apiError = (status: number, title: string, message: string) => ({
  status,
  body: { status, title, error_message: message, detail: message, error_type: title, type: `https://quay.io/api/v1/error/${title}` },
});

describe("Quay's API adapter", () => {
  const serve = useRoutes();

  it("follows the opaque next_page token from the body, on Quay's own address, the token as Bearer", async () => {
    const s = await serve({
      'GET /api/v1/repository?namespace=acme': { body: { repositories: [repo('web'), repo('api')], next_page: 'gAAAAABk-opaque_token==' } },
      'GET /api/v1/repository?namespace=acme&next_page=gAAAAABk-opaque_token%3D%3D': { body: { repositories: [repo('worker')] } },
    });
    assert.deepEqual(await collect(vendorOn(s, 'quay', TOKEN).repositories('acme')), [['acme/web', 'acme/api'], ['acme/worker']]);
    assert.ok(s.seen.every((r) => r.headers.authorization === `Bearer ${TOKEN.identityToken}` && !r.url.includes(TOKEN.identityToken)));
  });

  it('active tags by page and limit while has_additional: digest, layers size, start time; untag deletes the tag', async () => {
    const s = await serve({
      'GET /api/v1/repository/acme/web/tag/?onlyActiveTags=true&limit=2&page=1': {
        body: { tags: [tag('v2', 1717243200), tag('v1', 1717156800)], page: 1, has_additional: true },
      },
      'GET /api/v1/repository/acme/web/tag/?onlyActiveTags=true&limit=2&page=2': {
        body: { tags: [tag('all', 1717070400, { is_manifest_list: true, size: null })], page: 2, has_additional: false },
      },
      'DELETE /api/v1/repository/acme/web/tag/v1': { status: 204 },
    });
    const quay = vendorOn(s, 'quay', TOKEN);
    const pages = await collect(quay.tags('acme/web', { pageSize: 2 }));
    assert.deepEqual(
      pages.map((p) => p.map((t) => t.name)),
      [['v2', 'v1'], ['all']],
    );
    assert.deepEqual(pages[0][0], { name: 'v2', digest: D, pushedAt: '2024-06-01T12:00:00.000Z', size: 2818413, sizeCounts: 'layers', isIndex: false });
    assert.deepEqual(pages[1][0], { name: 'all', digest: D, pushedAt: '2024-05-30T12:00:00.000Z', isIndex: true });
    await quay.untag('acme/web', 'v1');
    assert.equal(s.seen.at(-1)?.method, 'DELETE');
  });

  it("refusals name Quay's API, quoting its error_message: 401, 403, a login page, 404; a namespace is required", async () => {
    const s = await serve({
      'GET /api/v1/repository/acme/a/tag/': apiError(401, 'invalid_token', 'The access token provided is invalid'),
      'GET /api/v1/repository/acme/b/tag/': apiError(403, 'unauthorized', 'Unauthorized'),
      'GET /api/v1/repository/acme/c/tag/': { body: LOGIN_PAGE },
      'GET /api/v1/repository/acme/d/tag/': apiError(404, 'not_found', 'Not Found'),
    });
    const quay = vendorOn(s, 'quay', TOKEN);
    const seen: string[] = [];
    for (const r of ['a', 'b', 'c', 'd']) {
      await assert.rejects(collect(quay.tags(`acme/${r}`)), (e: unknown) => {
        assert.ok(e instanceof RegistryError);
        assert.match(e.message, /^Quay's API at 127\.0\.0\.1:\d+ /);
        seen.push(e.kind);
        return true;
      });
    }
    assert.deepEqual(seen, ['unauthorized', 'denied', 'protocol', 'not-found']);
    await assert.rejects(collect(quay.tags('acme/a')), /“The access token provided is invalid”/);
    await assert.rejects(
      collect(quay.repositories()),
      (e: unknown) => e instanceof RegistryError && e.kind === 'invalid-reference' && /Quay namespace/.test(e.message),
    );
  });

  it('a next_page token is only ever sent back to Quay (even one that reads as an address); a page repeating itself ends the listing', async () => {
    const evil = await serve({});
    const s = await serve({
      'GET /api/v1/repository?namespace=acme': { body: { repositories: [repo('web')], next_page: `${evil.url}/steal` } },
      'GET /api/v1/repository': { body: { repositories: [repo('web')], next_page: 'again' } },
    });
    assert.deepEqual((await collect(vendorOn(s, 'quay', TOKEN).repositories('acme'))).flat(), ['acme/web']);
    assert.equal(evil.seen.length, 0);
    assert.equal(s.seen.length, 2);
  });
});

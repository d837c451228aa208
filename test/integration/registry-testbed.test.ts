// The test bed itself, checked over raw HTTP (no client under test): the token server's policy, the
// registry accepting its tokens, and each quirk of the quirk layer. If these fail, client test
// failures mean nothing.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '../fixtures/images';
import { useTestBed } from '../fixtures/testbed';
import type { TestUser } from '../fixtures/tokenPolicy';

describe('test bed (raw HTTP)', () => {
  const bed = useTestBed();

  async function token(user: TestUser | undefined, ...scopes: string[]): Promise<string> {
    const query = new URLSearchParams({ service: bed.service });
    scopes.forEach((s) => query.append('scope', s));
    const headers: Record<string, string> = user ? { Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` } : {};
    const res = await fetch(`${bed.realm}?${query}`, { headers });
    assert.equal(res.status, 200);
    return ((await res.json()) as { token: string }).token;
  }
  const get = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${bed.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers as object) },
    });

  it('starts quickly and seeds everything', () => {
    assert.ok(bed.timings.startMs < 10_000, `start took ${bed.timings.startMs} ms`);
    assert.equal(bed.seeded.repositories.length, 32);
    assert.equal(bed.seeded.many.tags.length, 45);
    assert.equal(new Set(Object.values(bed.seeded.del.digestByTag)).size, 10);
  });

  it('grants the intersection of requested and allowed actions', async () => {
    bed.resetLogs();
    await token(bed.users.bob, 'repository:foo/bar:pull,push,delete');
    await token(undefined, 'repository:public/hello:pull repository:foo/bar:pull');
    await token(bed.users.alice, 'repository:foo/bar:*');
    await token(bed.users.admin, 'registry:catalog:*');
    assert.deepEqual(
      bed.tokenRequests.map((t) => [t.username, t.granted]),
      [
        ['bob', ['repository:foo/bar:pull,push']],
        [undefined, ['repository:public/hello:pull']],
        ['alice', []],
        ['admin', ['registry:catalog:*']],
      ],
    );
    const wrong = await fetch(`${bed.realm}?service=${bed.service}`, { headers: { Authorization: `Basic ${Buffer.from('alice:nope').toString('base64')}` } });
    assert.equal(wrong.status, 401);
  });

  it('the registry challenges a delete with a pull,push token with 401 insufficient_scope, or 403 DENIED in Keppel mode', async () => {
    const t = await token(bed.users.bob, 'repository:foo/bar:pull,push,delete');
    const path = `/v2/foo/bar/manifests/${bed.seeded.bar.qux.digest}`;
    let res = await get(path, t, { method: 'DELETE' });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /scope="repository:foo\/bar:delete",error="insufficient_scope"/);
    bed.quirks.forbiddenInsteadOf401 = true;
    try {
      res = await get(path, t, { method: 'DELETE' });
      assert.equal(res.status, 403);
      assert.match(res.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
      assert.equal(((await res.json()) as { errors: { code: string }[] }).errors[0].code, 'DENIED');
      assert.equal((await get(path)).status, 401, 'a request without Authorization still gets 401');
    } finally {
      bed.quirks.forbiddenInsteadOf401 = false;
    }
  });

  it('pages sorted tags with relative Link headers when asked', async () => {
    const t = await token(bed.users.carol, 'repository:foo/many:pull');
    bed.quirks.tagPageSize = 20;
    try {
      const seen: string[] = [];
      let path: string | undefined = '/v2/foo/many/tags/list';
      while (path) {
        const res = await get(path, t);
        seen.push(...((await res.json()) as { tags: string[] }).tags);
        const link = res.headers.get('link');
        if (link) assert.match(link, /^<\/v2\/foo\/many\/tags\/list\?last=[^>]+&n=20>; rel="next"$/);
        path = link ? /<([^>]+)>/.exec(link)![1] : undefined;
      }
      assert.deepEqual(seen, bed.seeded.many.tags);
    } finally {
      bed.quirks.tagPageSize = undefined;
    }
  });

  it('redirects blob GETs to another loopback host and records Authorization there', async () => {
    const t = await token(bed.users.carol, 'repository:foo/bar:pull');
    const digest = bed.seeded.bar.qux.layerDigests![0];
    bed.quirks.redirectBlobs = true;
    bed.resetLogs();
    try {
      const res = await get(`/v2/foo/bar/blobs/${digest}`, t);
      assert.equal(res.status, 307);
      const location = res.headers.get('location')!;
      assert.notEqual(new URL(location).host, bed.host);
      const bytes = Buffer.from(await (await fetch(location)).arrayBuffer());
      assert.equal(sha256(bytes), digest);
      assert.equal((await fetch(location, { headers: { Authorization: `Bearer ${t}` } })).status, 400);
      assert.deepEqual(
        bed.blobRedirects.map((r) => [r.hadAuthorization, r.status]),
        [
          [false, 200],
          [true, 400],
        ],
      );
    } finally {
      bed.quirks.redirectBlobs = false;
    }
  });

  it('serves the seeded referrers fallback index', async () => {
    const t = await token(bed.users.carol, 'repository:foo/signed:pull');
    const res = await get(`/v2/foo/signed/manifests/${bed.seeded.signed.fallbackTag}`, t, { headers: { Accept: 'application/vnd.oci.image.index.v1+json' } });
    const index = (await res.json()) as { manifests: { digest: string; artifactType: string }[] };
    assert.deepEqual(
      index.manifests.map((m) => m.digest),
      [bed.seeded.signed.referrer.digest],
    );
  });

  it('reseeds foo/del after its tags were deleted', async () => {
    const t = await token(bed.users.admin, 'repository:foo/del:pull,delete');
    // 2.8 hides OCI manifests from clients that do not accept them: always send Accept.
    const head = { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } };
    assert.equal((await get('/v2/foo/del/manifests/d01', t, head)).status, 200);
    for (const digest of Object.values(bed.seeded.del.digestByTag))
      assert.equal((await get(`/v2/foo/del/manifests/${digest}`, t, { method: 'DELETE' })).status, 202);
    assert.equal((await get('/v2/foo/del/manifests/d01', t, head)).status, 404);
    await bed.reseedDeleteRepository();
    assert.equal((await get('/v2/foo/del/manifests/d01', t, head)).status, 200);
  });
});

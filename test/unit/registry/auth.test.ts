import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { nodeHttpFetch } from '../../../src/registry/transport/connection/nodeHttp';
import { RegistryClient, RegistryError, type FetchLike } from '../../../src/registry';
import { fakeFetch, type Route } from '../../fixtures/fakeFetch';
import { errorBody, MINIMAL_MANIFEST, send, startServer, type SeenRequest, type TinyServer } from '../../fixtures/httpServer';

const D = (c: string) => 'sha256:' + c.repeat(64);
const isKind = (kind: string, re?: RegExp) => (e: unknown) => e instanceof RegistryError && e.kind === kind && (!re || re.test(e.message));
const alice = { username: 'alice', password: 'secret-pw' };

/** A fake token server + registry pair with a scope policy, in one tiny server (paths /token and /v2/). */
function authServer(opts: { allow: Record<string, string[]>; forbid403?: boolean; tokenLog: SeenRequest[] }) {
  let n = 0;
  const granted = new Map<string, Set<string>>(); // token → scopes
  return (base: () => string) => (r: SeenRequest, res: import('node:http').ServerResponse) => {
    const u = new URL(r.url, base());
    if (u.pathname === '/token') {
      opts.tokenLog.push(r);
      const tok = `tok${++n}`;
      const user = r.headers.authorization ? Buffer.from(r.headers.authorization.slice(6), 'base64').toString().split(':')[0] : 'anonymous';
      const allowed = new Set(opts.allow[user] ?? []);
      const set = new Set<string>();
      for (const s of u.searchParams.getAll('scope')) {
        const [type, name, actions] = [s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1, s.lastIndexOf(':')), s.slice(s.lastIndexOf(':') + 1)];
        for (const a of actions.split(',')) if (allowed.has(a)) set.add(`${type}:${name}:${a}`);
      }
      granted.set(tok, set);
      return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ token: tok, expires_in: 300 }));
    }
    const challenge = (scope?: string, error?: string) =>
      `Bearer realm="${base()}/token",service="svc"${scope ? `,scope="${scope}"` : ''}${error ? `,error="${error}"` : ''}`;
    if (u.pathname === '/v2/') return send(res, 401, { 'www-authenticate': challenge() });
    const m = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(u.pathname);
    if (!m) return send(res, 404);
    const action = r.method === 'DELETE' ? 'delete' : r.method === 'PUT' ? 'push' : 'pull';
    const need = `repository:${m[1]}:${action}`;
    const tok = r.headers.authorization?.startsWith('Bearer ') ? r.headers.authorization.slice(7) : undefined;
    if (!tok) return send(res, 401, { 'www-authenticate': challenge(need) }, errorBody('UNAUTHORIZED'));
    if (!granted.has(tok)) return send(res, 401, { 'www-authenticate': challenge(need, 'invalid_token') }, errorBody('UNAUTHORIZED'));
    if (!granted.get(tok)!.has(need)) {
      return opts.forbid403
        ? send(res, 403, { 'www-authenticate': challenge(need, 'insufficient_scope') }, errorBody('DENIED', 'requested access to the resource is denied'))
        : send(res, 401, { 'www-authenticate': challenge(need, 'insufficient_scope') }, errorBody('UNAUTHORIZED', 'authentication required'));
    }
    if (r.method === 'DELETE') return send(res, 202);
    const body = MINIMAL_MANIFEST;
    return send(res, 200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body);
  };
}

describe('auth transport (tiny local servers)', () => {
  const servers: TinyServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  async function bed(allow: Record<string, string[]>, forbid403 = false) {
    const tokenLog: SeenRequest[] = [];
    let base = '';
    const s = await startServer((r, res) => handler(r, res));
    const handler = authServer({ allow, forbid403, tokenLog })(() => base);
    base = s.url;
    servers.push(s);
    return { s, tokenLog, registry: () => s.seen.filter((r) => !r.url.startsWith('/token')) };
  }

  for (const forbid403 of [false, true]) {
    it(`learns the delete scope from the challenge (${forbid403 ? '403 Keppel' : '401 distribution'} mode) and asks for it up front next time`, async () => {
      const b = await bed({ alice: ['pull', 'push', 'delete'] }, forbid403);
      const client = new RegistryClient({ registry: b.s.url, credentials: alice });
      await client.getManifest('foo/bar', 'v1'); // pull token
      await client.deleteManifest('foo/bar', D('a'));
      assert.deepEqual(client.learned.challengedScopes, { DELETE: ['repository:$repo:delete'] });
      assert.deepEqual(
        b.tokenLog.map((r) => new URL(r.url, 'http://x').searchParams.getAll('scope')),
        [['repository:foo/bar:pull'], ['repository:foo/bar:delete,pull']],
      );
      assert.equal(new URL(b.tokenLog[1].url, 'http://x').searchParams.get('account'), 'alice');
      // Delete sent with the pull token first (it touches the repository), then once more.
      assert.deepEqual(
        b.registry().map((r) => `${r.method} ${r.url.split('/').pop()}`),
        ['GET ', 'GET v1', `DELETE ${D('a')}`, `DELETE ${D('a')}`],
      );
      b.s.seen.length = 0;
      b.tokenLog.length = 0;
      await client.deleteManifest('foo/other', D('b'));
      assert.deepEqual(
        b.tokenLog.map((r) => new URL(r.url, 'http://x').searchParams.getAll('scope')),
        [['repository:foo/other:delete']],
      );
      assert.equal(b.registry().length, 1, 'no challenge on the second delete');
    });
  }

  it('a cold delete sends no token it would have to throw away', async () => {
    const b = await bed({ alice: ['pull', 'push', 'delete'] });
    const client = new RegistryClient({ registry: b.s.url, credentials: alice });
    await client.deleteManifest('foo/bar', D('a'));
    assert.deepEqual(
      b.registry().map((r) => `${r.method} ${!!r.headers.authorization}`),
      ['GET false', 'DELETE false', 'DELETE true'],
    );
    assert.equal(b.tokenLog.length, 1);
  });

  it('a user without delete gets "not allowed to delete" after exactly one retry', async () => {
    const b = await bed({ bob: ['pull', 'push'] });
    const client = new RegistryClient({ registry: b.s.url, credentials: { username: 'bob', password: 'pw' } });
    await assert.rejects(client.deleteManifest('foo/bar', D('a')), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.kind, 'denied');
      assert.match(e.message, /^bob is not allowed to delete in foo\/bar on 127\.0\.0\.1:\d+ \(the token server did not grant repository:foo\/bar:delete\)/);
      return true;
    });
    assert.equal(b.registry().filter((r) => r.method === 'DELETE').length, 2);
    assert.equal(b.tokenLog.length, 1);
    // The next delete asks for delete up front; refused again, it does not ask the token server twice.
    b.s.seen.length = 0;
    b.tokenLog.length = 0;
    await assert.rejects(client.deleteManifest('foo/baz', D('b')), isKind('denied', /^bob is not allowed to delete in foo\/baz/));
    assert.equal(b.tokenLog.length, 1);
    assert.equal(b.registry().filter((r) => r.method === 'DELETE').length, 1);
  });

  it('ten concurrent first requests cause one token request', async () => {
    const b = await bed({ alice: ['pull'] });
    const client = new RegistryClient({ registry: b.s.url, credentials: alice });
    await Promise.all(Array.from({ length: 10 }, () => client.getManifest('foo/bar', 'v1')));
    assert.equal(b.tokenLog.length, 1);
    assert.equal(b.registry().filter((r) => r.url === '/v2/').length, 1, 'one ping');
  });

  it('refetches once on invalid_token, then surfaces unauthorized', async () => {
    const b = await bed({ alice: ['pull'] });
    const client = new RegistryClient({ registry: b.s.url, credentials: alice });
    await client.getManifest('foo/bar', 'v1');
    // Make the server forget every token: the cached one is now invalid.
    const tokenLog = b.tokenLog.length;
    const realFetch: FetchLike = nodeHttpFetch;
    let rewrite = true;
    const c2 = new RegistryClient({
      registry: b.s.url,
      credentials: alice,
      fetch: (url, init) => {
        if (rewrite && init.headers.authorization?.startsWith('Bearer ')) init = { ...init, headers: { ...init.headers, authorization: 'Bearer forged' } };
        return realFetch(url, init);
      },
    });
    await assert.rejects(c2.getManifest('foo/bar', 'v1'), isKind('unauthorized', /did not accept the credentials of alice \(401 invalid_token\)/));
    assert.equal(b.tokenLog.length - tokenLog, 2, 'first token, then one refetch after invalid_token');
    rewrite = false;
  });
});

describe('auth safety', () => {
  const servers: TinyServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('does not forward Authorization on a redirect to another host:port, but keeps it on the same host', async () => {
    const storage = await startServer((_r, res) => send(res, 200, {}, 'blob-bytes'));
    servers.push(storage);
    const registry = await startServer((r, res) => {
      if (!r.headers.authorization) return send(res, 401, { 'www-authenticate': 'Basic realm="r"' });
      if (r.url.includes('/blobs/')) return send(res, 307, { location: `http://localhost:${storage.port}/b?X-Amz-Signature=s` });
      if (r.url === '/v2/moved') return send(res, 301, { location: '/v2/' });
      return send(res, 200);
    });
    servers.push(registry);
    const client = new RegistryClient({ registry: registry.url, credentials: alice });
    const blob = await client.getBlob('foo', D('c'));
    blob.stream.resume();
    assert.equal(storage.seen.length, 1);
    assert.equal(storage.seen[0].headers.authorization, undefined, 'no Authorization at the storage host');
    assert.ok(registry.seen.filter((r) => r.url.includes('/blobs/')).every((r) => r.headers.authorization?.startsWith('Basic ')));
  });

  it('Basic: fails at once without credentials, and sends Basic on every request once challenged', async () => {
    const s = await startServer((r, res) =>
      r.headers.authorization === 'Basic ' + Buffer.from('alice:secret-pw').toString('base64')
        ? send(res, 200, { 'content-type': 'application/json' }, '{"tags":["a"]}')
        : send(res, 401, { 'www-authenticate': 'BASIC realm="Nexus"' }),
    );
    servers.push(s);
    const anon = new RegistryClient({ registry: s.url });
    await assert.rejects(anon.getManifest('foo', 'v1'), isKind('unauthorized', /requires a user name and password/));
    assert.equal(s.seen.length, 1, 'only the ping');
    s.seen.length = 0;
    const client = new RegistryClient({ registry: s.url, credentials: alice });
    for await (const page of client.tags('foo')) assert.deepEqual(page, ['a']);
    for await (const page of client.tags('foo')) assert.deepEqual(page, ['a']);
    assert.deepEqual(
      s.seen.map((r) => !!r.headers.authorization),
      [false, true, true],
    );
    const bad = new RegistryClient({ registry: s.url, credentials: { username: 'alice', password: 'wrong' } });
    await assert.rejects(bad.verifyCredentials(), isKind('unauthorized'));
  });

  it('refuses Basic credentials over plain http to a non-loopback host unless marked insecure', async () => {
    const calls: string[] = [];
    const routes = (u: URL, init: { headers: Record<string, string> }): Route =>
      u.pathname === '/v2/' || !init.headers.authorization
        ? { status: 401, headers: { 'www-authenticate': 'Basic realm="x"' } }
        : { status: 200, body: MINIMAL_MANIFEST, headers: { 'content-type': 'application/json' } };
    const client = new RegistryClient({ registry: 'http://registry.example.test', credentials: alice, fetch: fakeFetch(routes, calls) });
    await assert.rejects(client.getManifest('foo', 'v1'), isKind('protocol', /Refusing to send your password to registry\.example\.test over plain http/));
    assert.ok(
      calls.every((c) => !c.endsWith('auth')),
      calls.join('\n'),
    );
    const insecure = new RegistryClient({ registry: 'http://registry.example.test', credentials: alice, insecure: true, fetch: fakeFetch(routes, calls) });
    await insecure.getManifest('foo', 'v1');
    assert.ok(calls.at(-1)!.endsWith('auth'));
  });

  it('refuses an http realm for an https registry, and resolves a relative realm', async () => {
    const calls: string[] = [];
    const evil = new RegistryClient({
      registry: 'https://r.example',
      credentials: alice,
      fetch: fakeFetch(() => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.example/token",service="s"' } }), calls),
    });
    await assert.rejects(evil.getManifest('foo', 'v1'), isKind('protocol', /plain http/));
    assert.ok(
      calls.every((c) => !c.includes('auth.example')),
      calls.join('\n'),
    );

    const seen: string[] = [];
    const relative = new RegistryClient({
      registry: 'https://r.example',
      credentials: alice,
      fetch: fakeFetch((u, init): Route => {
        if (u.pathname === '/auth/token') return { status: 200, body: JSON.stringify({ access_token: 'at' }) };
        if (init.headers.authorization === 'Bearer at')
          return { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: MINIMAL_MANIFEST };
        return { status: 401, headers: { 'www-authenticate': 'Bearer realm="/auth/token",service="s"' } };
      }, seen),
    });
    const m = await relative.getManifest('foo', 'v1');
    assert.equal(m.digest, 'sha256:' + createHash('sha256').update(MINIMAL_MANIFEST).digest('hex'));
    assert.ok(
      seen.some((c) => c.startsWith('GET https://r.example/auth/token?service=s&scope=repository%3Afoo%3Apull&account=alice auth')),
      seen.join('\n'),
    );
  });

  it('falls back from OAuth2 POST to GET for identity tokens, and never sends the identity token to the registry', async () => {
    const calls: string[] = [];
    const bodies: string[] = [];
    const client = new RegistryClient({
      registry: 'https://r.example',
      credentials: { identityToken: 'REFRESH-TOKEN' },
      fetch: fakeFetch((u, init): Route => {
        if (u.pathname === '/token' && init.method === 'POST') {
          bodies.push(String(init.body));
          return { status: 404 };
        }
        if (u.pathname === '/token') return { status: 200, body: JSON.stringify({ token: 't', expires_in: 3600 }) };
        if (init.headers.authorization === 'Bearer t')
          return { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: MINIMAL_MANIFEST };
        return { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://r.example/token",service="s"' } };
      }, calls),
    });
    await client.getManifest('foo', 'v1');
    assert.match(bodies[0], /grant_type=refresh_token&refresh_token=REFRESH-TOKEN&service=s&client_id=registry-explorer/);
    assert.match(bodies[0], /scope=repository%3Afoo%3Apull/);
    assert.ok(calls.some((c) => c.startsWith('GET https://r.example/token?')));
  });

  it('refuses a manifest whose digest does not match, and one that is too large', async () => {
    const calls: string[] = [];
    const client = new RegistryClient({
      registry: 'https://r.example',
      fetch: fakeFetch((u): Route => {
        if (u.pathname === '/v2/') return { status: 200 };
        if (u.pathname.endsWith('/big'))
          return { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) }, body: MINIMAL_MANIFEST };
        return {
          status: 200,
          headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': D('0') },
          body: MINIMAL_MANIFEST,
        };
      }, calls),
    });
    await assert.rejects(client.getManifest('foo', 'v1'), isKind('digest-mismatch'));
    await assert.rejects(client.getManifest('foo', D('1')), isKind('digest-mismatch'));
    await assert.rejects(client.getManifest('foo', 'big'), isKind('too-large'));
  });
});

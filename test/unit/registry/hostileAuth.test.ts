// Auth against odd and hostile registries: challenges with empty list elements, absurd token
// lifetimes, a DELETE challenged without any scope (GCR), and token realms that would lead the
// client — with the user's credentials — inside the network.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { parseChallenges, selectChallenge } from '../../../src/registry/transport/challenge';
import { addressKind, hostKind } from '../../../src/registry/transport/realm';
import { tokenLifetime } from '../../../src/registry/transport/tokenCache';
import { fakeFetch, type Route } from '../../fixtures/fakeFetch';
import { MINIMAL_MANIFEST, startFaultServer, type FaultServer } from '../../fixtures/faultServer';

const alice = { username: 'alice', password: 'alice-password' };
const isKind = (kind: string, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof RegistryError, `not a RegistryError: ${e instanceof Error ? e.stack : String(e)}`);
  assert.equal(e.kind, kind, e.message);
  if (re) assert.match(e.message, re);
  return true;
};

describe('odd but legal headers', () => {
  it('a challenge with empty list elements parses (RFC 9110 allows and ignores them)', () => {
    const [ch] = parseChallenges('Bearer , , realm="https://auth.example/token" ,, service="reg" , scope="repository:a:pull"');
    assert.deepEqual(
      { scheme: ch.scheme, params: ch.params, scopes: ch.scopes },
      { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'reg', scope: 'repository:a:pull' }, scopes: ['repository:a:pull'] },
    );
    // An empty element before the next challenge still ends this one.
    const two = parseChallenges('Basic , Bearer realm="https://a.example/t"');
    assert.deepEqual(
      two.map((c) => [c.scheme, c.params.realm]),
      [
        ['basic', undefined],
        ['bearer', 'https://a.example/t'],
      ],
    );
    assert.equal(selectChallenge(two, { host: 'h', operation: 'o' })?.scheme, 'bearer');
  });

  it('an absurd expires_in gets a sane lifetime: 60 s when unreadable, at most a day', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    for (const bad of [1e308, Number.MAX_VALUE, -5, '3600', null, NaN, Infinity]) {
      const { expiresAt, renewAt } = tokenLifetime(now, bad, undefined);
      assert.ok(Number.isFinite(expiresAt) && Number.isFinite(renewAt) && renewAt > now, `expires_in ${bad}`);
      assert.ok(expiresAt - now <= 24 * 3600 * 1000, `expires_in ${bad}: ${expiresAt - now} ms`);
    }
    assert.equal(tokenLifetime(now, 1e308, undefined).expiresAt - now, 24 * 3600 * 1000);
    assert.equal(tokenLifetime(now, 'x', undefined).expiresAt - now, 60_000);
  });

  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('a token with a huge, negative or string expires_in is reused, not fetched again on every call', async () => {
    for (const expires of [1e308, -1, 'forever']) {
      const s = await startFaultServer((req, res) => {
        if (req.url?.startsWith('/token')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ token: 'tok-tok-tok', expires_in: expires }));
        }
        if (req.headers.authorization !== 'Bearer tok-tok-tok') {
          res.writeHead(401, { 'www-authenticate': `Bearer , realm="http://${req.headers.host}/token",service="s"` });
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        res.end(MINIMAL_MANIFEST);
      });
      servers.push(s);
      const client = new RegistryClient({ registry: s.url, credentials: alice });
      for (let i = 0; i < 5; i++) await client.getManifest('foo', 'v1');
      assert.equal(s.seen.filter((r) => r.url.startsWith('/token')).length, 1, `expires_in ${expires}`);
    }
  });
});

describe('a DELETE challenged without any scope (GCR)', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('asks for what a delete needs, and a refusal after that is "denied", not a rejected login', async () => {
    const allowed = new Set<string>();
    const s = await startFaultServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/token') {
        const scopes = url.searchParams.getAll('scope');
        const tok = `t${allowed.size}-${scopes.join('+').replace(/[^a-z,]/g, '')}`;
        if (scopes.some((x) => x.includes('delete')) && url.searchParams.get('account') === 'alice') allowed.add(tok);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ token: tok }));
      }
      if (req.method === 'DELETE' && allowed.has(req.headers.authorization?.slice(7) ?? '')) {
        res.writeHead(202);
        return res.end();
      }
      // GCR's way: a Bearer challenge with realm and service but no scope, whatever is missing.
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="gcr"` });
      res.end();
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url, credentials: alice });
    await client.deleteManifest('proj/img', `sha256:${'a'.repeat(64)}`);
    const asked = s.seen.filter((r) => r.url.startsWith('/token')).map((r) => new URL(r.url, 'http://x').searchParams.getAll('scope'));
    assert.deepEqual(asked, [['repository:proj/img:delete,pull']]);

    const bob = new RegistryClient({ registry: s.url, credentials: { username: 'bob', password: 'bob-password' } });
    await assert.rejects(bob.deleteManifest('proj/img', `sha256:${'b'.repeat(64)}`), (e: unknown) => {
      isKind('denied', /refused to let bob delete manifest proj\/img@sha256:b+ \(401\), although its token server accepted the login/)(e);
      assert.doesNotMatch((e as Error).message, /did not accept the credentials/);
      return true;
    });
  });
});

describe('token realms cannot be used to reach inside the network', () => {
  it('knows loopback, private, link-local and unspecified addresses, IPv4, IPv6 and mapped', async () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.8.9.10': 'loopback',
      '::1': 'loopback',
      '::ffff:127.0.0.1': 'loopback',
      '[::1]': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '64:ff9b::a9fe:a9fe': 'link-local',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.0.7': 'private',
      '100.64.0.1': 'private',
      'fd12::1': 'private',
      '169.254.169.254': 'link-local',
      'fe80::1': 'link-local',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '172.32.0.1': 'public',
      '198.51.100.7': 'public',
      '8.8.8.8': 'public',
      '2001:db8::1': 'public',
    };
    for (const [ip, kind] of Object.entries(cases)) assert.equal(addressKind(ip), kind, ip);
    assert.equal(await hostKind('localhost', async () => ['93.184.216.34']), 'loopback');
    assert.equal(await hostKind('sneaky.example', async () => ['93.184.216.34', '10.0.0.1']), 'private');
  });

  /** A "public" registry at registry.public.test whose token realm is `realm`; `hop` answers a redirecting realm. */
  function publicRegistry(
    realm: string,
    calls: string[],
    extra: { allowPrivateTokenServer?: boolean; registryAddress?: string; hop?: (u: URL) => Route | undefined } = {},
  ) {
    const lookup = async (host: string) =>
      host === 'registry.public.test'
        ? [extra.registryAddress ?? '93.184.216.34']
        : host === 'auth.public.test'
          ? ['93.184.216.35']
          : host === 'auth.internal.test'
            ? ['10.20.30.40']
            : ['93.184.216.99'];
    return new RegistryClient({
      registry: 'https://registry.public.test',
      credentials: alice,
      lookup,
      allowPrivateTokenServer: extra.allowPrivateTokenServer,
      fetch: fakeFetch((u, init) => {
        const hop = extra.hop?.(u);
        if (hop) return hop;
        if (u.pathname.endsWith('/token')) return { status: 200, body: JSON.stringify({ token: 'tok-tok-tok' }) };
        if (init.headers.authorization === 'Bearer tok-tok-tok')
          return { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: MINIMAL_MANIFEST };
        return { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}",service="s"` } };
      }, calls),
    });
  }

  it('a public registry may not send token requests to a private, loopback, link-local or unspecified address', async () => {
    for (const [realm, word] of [
      ['https://auth.internal.test/token', 'a private network address'],
      ['https://127.0.0.1:8443/token', 'a loopback address'],
      ['https://169.254.169.254/latest/meta-data/', 'a link-local address'],
      ['https://0.0.0.0:9999/token', 'the unspecified address'],
      ['https://[::ffff:127.0.0.1]/token', 'a loopback address'],
    ]) {
      const calls: string[] = [];
      await assert.rejects(publicRegistry(realm, calls).getManifest('foo', 'v1'), (e: unknown) => {
        isKind(
          'protocol',
          new RegExp(`^registry\\.public\\.test sends its token requests to .*, ${word}.*although the registry itself is on a public address; refusing`),
        )(e);
        assert.match((e as RegistryError).hint ?? '', /Allow a token server on a private address/);
        return true;
      });
      assert.ok(
        calls.every((c) => c.includes('registry.public.test')),
        `${realm}: ${calls.join(' | ')}`,
      );
      assert.ok(!calls.some((c) => c.endsWith('auth') && !c.includes('registry.public.test')));
    }
  });

  it("a realm on the registry's own host, a public realm, a private registry, and an explicit allowance are fine", async () => {
    const calls: string[] = [];
    await publicRegistry('https://registry.public.test:5001/token', calls).getManifest('foo', 'v1');
    await publicRegistry('https://auth.public.test/token', calls).getManifest('foo', 'v1');
    await publicRegistry('https://127.0.0.1:8443/token', calls, { registryAddress: '192.168.1.10' }).getManifest('foo', 'v1');
    await publicRegistry('https://auth.internal.test/token', calls, { allowPrivateTokenServer: true }).getManifest('foo', 'v1');
    assert.equal(calls.filter((c) => c.includes('/token')).length, 4);
  });

  it('a public realm that redirects inside the network is refused at the hop', async () => {
    const calls: string[] = [];
    const hop = (u: URL): Route | undefined =>
      u.hostname === 'auth.public.test'
        ? { status: 302, headers: { location: 'https://169.254.169.254/latest/meta-data/iam/security-credentials/role' } }
        : undefined;
    await assert.rejects(
      publicRegistry('https://auth.public.test/token', calls, { hop }).getManifest('foo', 'v1'),
      isKind('protocol', /169\.254\.169\.254, a link-local address/),
    );
    assert.ok(!calls.some((c) => c.includes('169.254.169.254')), calls.join('\n'));
  });
});

// The token-realm rule (src/registry/transport/realm.ts) against a registry on a public address: the quirk
// layer listens on 198.51.100.7 (TEST-NET-2 on `lo`, see scripts/setup.sh), so to the client the
// real registry behind it is on the internet, and a realm it names on loopback, a private or a
// link-local address is where the user's password would be sent inside the network. Refused
// before any request; allowed by the client option; a realm on the registry's own host or on
// another public host works; a public realm redirecting inside is refused at the redirect.
//
// The registry is plain http on a non-loopback address, so every client here is `insecure` (the
// user accepted that): otherwise the plain-http rule would refuse the password first.
import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RequestLogEntry } from '../../src/registry/index';
import { assertNoSecrets, stopwatch } from '../fixtures/hostileChecks';
import { PUBLIC_OTHER_IP, PUBLIC_REGISTRY_IP, requireLocalAddress, startForwarder, startRedirector, type Hop } from '../fixtures/publicHosts';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { clientFor, describeTokenRequests, expectRegistryError, requestLines, type UserName } from '../fixtures/registryClient';

const tokenEntries = (log: RequestLogEntry[]) => log.filter((e) => e.target === 'token');

describe('token realm rule: a registry on a public address (real docker-registry 2.8 behind the layer on 198.51.100.7)', () => {
  let bed: TestBed;
  let tokenHost: string;
  const hops: Hop[] = [];
  before(async () => {
    await requireLocalAddress(PUBLIC_REGISTRY_IP);
    await requireLocalAddress(PUBLIC_OTHER_IP);
    bed = await startTestBed({ seed: false, layerHost: PUBLIC_REGISTRY_IP });
    tokenHost = new URL(bed.realm).host;
    await bed.pushImage('foo/r-img', 'v1');
    await bed.pushImage('public/r-img', 'v1');
  });
  after(async () => {
    await Promise.all(hops.map((h) => h.stop()));
    await bed?.stop();
  });
  afterEach(() => {
    bed.quirks.realm = undefined;
  });

  const client = (user: UserName | undefined, extra = {}) => clientFor(bed, user, { insecure: true, timeoutMs: 5000, ...extra });

  it('the layer really is the public registry: its host is 198.51.100.7 and its own realm is the token server on 127.0.0.1', () => {
    assert.equal(new URL(bed.url).hostname, PUBLIC_REGISTRY_IP);
    assert.equal(new URL(bed.realm).hostname, '127.0.0.1');
  });

  const inward = [
    { realm: () => bed.realm, what: 'the real token server on 127.0.0.1', words: /a loopback address/ },
    { realm: () => `http://localhost:${new URL(bed.realm).port}/token`, what: 'the token server named localhost', words: /a loopback address/ },
    { realm: () => 'https://10.1.2.3/token', what: 'a private address', words: /a private network address/ },
    { realm: () => 'http://169.254.169.254/latest/meta-data/iam', what: 'the link-local metadata address', words: /a link-local address/ },
  ];
  for (const t of inward) {
    for (const user of ['alice', undefined] as const) {
      it(`a realm on ${t.what} is refused before any request (${user ?? 'anonymous'}): protocol, naming the realm host and how to allow it`, async () => {
        const realm = t.realm();
        if (realm !== bed.realm) bed.quirks.realm = realm;
        bed.resetLogs();
        const { client: c, requestLog } = client(user);
        const took = stopwatch();
        const repo = user ? 'foo/r-img' : 'public/r-img';
        const error = await expectRegistryError(c.getManifest(repo, 'v1'), 'protocol');

        const realmHost = new URL(realm).host;
        assert.ok(error.message.startsWith(`${bed.host} sends its token requests to ${realmHost}, `), error.message);
        assert.match(error.message, t.words, error.message);
        assert.match(error.message, /public address; refusing/, error.message);
        assert.match(error.hint ?? '', /allowPrivateTokenServer/, `the hint says how to allow it: ${error.hint}`);
        assert.deepEqual(bed.tokenRequests, [], `the token server got nothing: ${describeTokenRequests(bed.tokenRequests)}`);
        assert.deepEqual(tokenEntries(requestLog), [], 'no token request was even attempted');
        assert.ok(
          bed.registryRequests.every((r) => !r.hadAuthorization),
          `nothing went to the registry with credentials:\n${requestLines(bed)}`,
        );
        assert.ok(took() < 5000, `refused after ${took().toFixed(0)} ms`);
        assertNoSecrets(bed, { error, requestLog });
      });
    }
  }

  it('with allowPrivateTokenServer: true the loopback token server is used, and reading works', async () => {
    bed.resetLogs();
    const { client: c, requestLog } = client('alice', { allowPrivateTokenServer: true });
    const m = await c.getManifest('foo/r-img', 'v1');
    assert.equal(m.manifest.schemaVersion, 2);
    assert.deepEqual(
      bed.tokenRequests.map((t) => [t.username, t.status]),
      [['alice', 200]],
    );
    assertNoSecrets(bed, { requestLog });
  });

  for (const [where, ip] of [
    ["the registry's own host", PUBLIC_REGISTRY_IP],
    ['another public host', PUBLIC_OTHER_IP],
  ] as const) {
    it(`a realm on ${where} (${ip}, forwarded to the token server) is fine: reading works`, async () => {
      const hop = await startForwarder(ip, tokenHost);
      hops.push(hop);
      bed.quirks.realm = `${hop.url}/token`;
      bed.resetLogs();
      const { client: c, requestLog } = client('alice');
      const m = await c.getManifest('foo/r-img', 'v1');
      assert.equal(m.manifest.schemaVersion, 2);
      assert.ok(hop.seen.length >= 1, 'the token request went through the realm on the public host');
      assert.deepEqual(
        bed.tokenRequests.map((t) => [t.username, t.status]),
        [['alice', 200]],
      );
      assert.ok(
        tokenEntries(requestLog).every((e) => e.url.startsWith(`${hop.url}/token?`)),
        JSON.stringify(tokenEntries(requestLog)),
      );
      assertNoSecrets(bed, { requestLog });
    });
  }

  it('a realm on another public host that redirects (302) to the token server on 127.0.0.1 is refused at the redirect; the target gets nothing', async () => {
    const hop = await startRedirector(PUBLIC_OTHER_IP, (path) => `http://${tokenHost}${path.replace(/^\/realm/, '/token')}`);
    hops.push(hop);
    bed.quirks.realm = `${hop.url}/realm`;
    bed.resetLogs();
    const { client: c, requestLog } = client('alice');
    const error = await expectRegistryError(c.getManifest('foo/r-img', 'v1'), 'protocol');

    assert.equal(hop.seen.length, 1, `the public realm was asked once: ${hop.seen}`);
    assert.ok(error.message.startsWith(`${bed.host} sends its token requests to ${tokenHost}, a loopback address`), error.message);
    assert.deepEqual(bed.tokenRequests, [], `the redirect target got nothing: ${describeTokenRequests(bed.tokenRequests)}`);
    assert.equal(tokenEntries(requestLog).length, 1, `one token request, to the public realm only: ${JSON.stringify(tokenEntries(requestLog))}`);
    assertNoSecrets(bed, { error, requestLog });
  });
});

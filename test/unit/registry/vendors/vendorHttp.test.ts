// What every vendor adapter shares (vendors/http.ts), shown through GitLab's and Harbor's: bounded
// bodies, listings that end, the token kept to the API's own origin and out of plain http and of
// every sentence, and cancellation reaching the request.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS, RegistryClient, RegistryError, type RequestLogEntry } from '../../../../src/registry';
import { send, startServer, type TinyServer } from '../../../fixtures/httpServer';
import { collect, startRoutes, vendorOn } from '../../../fixtures/vendors/routes';

const TOKEN = { username: 'alice', password: 'glpat-secretsecretsecret42' };
const repo = (id: number) => ({ id, name: '', path: `group/p${id}`, project_id: id });

describe('vendor API requests', () => {
  const servers: TinyServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const keep = <T extends TinyServer>(s: T) => (servers.push(s), s);

  it('a page larger than the vendor cap is refused, naming the API', async () => {
    const big = ' '.repeat(LIMITS.vendorPageBytes + 1) + '[]';
    const s = keep(await startServer((_req, res) => send(res, 200, { 'content-type': 'application/json' }, big)));
    await assert.rejects(
      collect(vendorOn(s, 'gitlab', TOKEN).repositories('group')),
      (e: unknown) =>
        e instanceof RegistryError &&
        e.kind === 'too-large' &&
        /^The answer of GitLab's API to list the registry repositories of group on GitLab from .* is larger than 8 MiB/.test(e.message),
    );
  });

  it('endless empty pages stop with a message; a Link back to a page already read just ends the listing', async () => {
    let n = 0;
    const empty = keep(
      await startRoutes({
        'GET /api/v4/groups/group/registry/repositories': () => ({
          body: [],
          headers: { link: `</api/v4/groups/group/registry/repositories?page=${++n + 1}>; rel="next"` },
        }),
      }),
    );
    await assert.rejects(collect(vendorOn(empty, 'gitlab', TOKEN).repositories('group')), /kept sending empty pages \(5 in a row\); stopped listing/);
    const loop = keep(
      await startRoutes({
        'GET /api/v4/groups/group/registry/repositories': {
          body: [repo(1)],
          headers: { link: '</api/v4/groups/group/registry/repositories?per_page=100&page=1>; rel="next"' },
        },
      }),
    );
    assert.deepEqual((await collect(vendorOn(loop, 'gitlab', TOKEN).repositories('group'))).flat(), ['group/p1']);
    assert.equal(loop.seen.length, 1);
  });

  it('the token is not sent over plain http to another machine, and a redirect to another host arrives without it', async () => {
    const far = new RegistryClient({ registry: '127.0.0.1:9', credentials: TOKEN, retries: 0 }).vendor('gitlab', { apiUrl: 'http://gitlab.example.invalid' });
    await assert.rejects(collect(far.repositories('group')), /Refusing to send your password to gitlab\.example\.invalid over plain http/);
    const elsewhere = keep(await startRoutes({ 'GET /api/v4/groups/group/registry/repositories': { body: [repo(2)] } }));
    const s = keep(
      await startRoutes({
        'GET /api/v4/groups/group/registry/repositories': { status: 302, headers: { location: `${elsewhere.url}/api/v4/groups/group/registry/repositories` } },
      }),
    );
    assert.deepEqual((await collect(vendorOn(s, 'gitlab', TOKEN).repositories('group'))).flat(), ['group/p2']);
    assert.equal(s.seen[0].headers.authorization, `Bearer ${TOKEN.password}`);
    assert.equal(elsewhere.seen[0].headers.authorization, undefined);
  });

  it('a vendor quoting the token back has it masked in the message; the log has no secret', async () => {
    const s = keep(
      await startRoutes({
        'GET /api/v4/groups/group/registry/repositories': { status: 401, body: { message: `401 Unauthorized: token ${TOKEN.password} has been revoked` } },
      }),
    );
    const log: RequestLogEntry[] = [];
    const gitlab = new RegistryClient({ registry: '127.0.0.1:9', credentials: TOKEN, retries: 0, onRequest: (e) => log.push(e) }).vendor('gitlab', {
      apiUrl: s.url,
    });
    await assert.rejects(collect(gitlab.repositories('group')), (e: unknown) => {
      assert.ok(e instanceof RegistryError);
      assert.match(e.message, /token \*\*\* has been revoked/);
      assert.ok(![e.message, e.hint, e.url].join(' ').includes(TOKEN.password));
      return true;
    });
    assert.equal(log.length, 1);
    assert.ok(!JSON.stringify(log).includes(TOKEN.password));
  });

  it('a failure says what still works only where something does: repositories and tags fall back, a delete does not', async () => {
    const s = keep(
      await startRoutes({
        'GET /api/v4/groups/group/registry/repositories': { status: 403, body: { message: '403 Forbidden' } },
        'GET /api/v4/projects/group%2Fapp/registry/repositories': { status: 403, body: { message: '403 Forbidden' } },
        'DELETE /api/v4/projects/group%2Fapp/registry/repositories/1/tags/v1': { status: 403, body: { message: '403 Forbidden' } },
      }),
    );
    const gitlab = vendorOn(s, 'gitlab', TOKEN);
    const hintOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        assert.ok(e instanceof RegistryError, String(e));
        return e.hint ?? '';
      }
      assert.fail('expected a failure');
    };
    assert.match(await hintOf(collect(gitlab.repositories('group'))), /can still list the registry’s catalog, or repositories added by hand/);
    const untagHint = await hintOf(gitlab.untag('group/app', 'v1'));
    assert.doesNotMatch(untagHint, /can still/, untagHint);
  });

  it('cancellation reaches a request in flight', async () => {
    const s = keep(
      await startServer(() => {
        /* never answers */
      }),
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    await assert.rejects(
      collect(vendorOn(s, 'harbor', TOKEN).repositories('library', { signal: ac.signal })),
      (e: unknown) => e instanceof RegistryError && e.kind === 'cancelled',
    );
    assert.ok(Date.now() - started < 5000);
  });

  it('an API address with a login in it, or not http(s), is refused before any request', () => {
    const c = new RegistryClient({ registry: 'registry.example.com', credentials: TOKEN });
    assert.throws(() => c.vendor('gitlab', { apiUrl: 'https://oauth2:tok@gitlab.example.com' }), /carries a login/);
    assert.throws(() => c.vendor('quay', { apiUrl: 'ftp://quay.example.com' }), /not http or https/);
    assert.equal(c.vendor('gitlab').apiUrl, 'https://registry.example.com/api/v4');
    assert.equal(c.vendor('harbor', { apiUrl: 'https://harbor.example.com/' }).apiUrl, 'https://harbor.example.com/api/v2.0');
    assert.equal(new RegistryClient({ registry: 'registry.gitlab.com' }).vendor('gitlab').apiUrl, 'https://gitlab.com/api/v4');
    assert.throws(() => new RegistryClient({ registry: 'docker.io' }).vendor('quay'), /name the API address/);
  });
});

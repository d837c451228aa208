// Listings end, whatever the registry's paging does: repeated pages, endless empty pages, a page
// maximum, links to odd schemes; and registries' known page-size refusals are retried with a size
// they accept. Writes go only where they were sent.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, RegistryError } from '../../../src/registry';
import { LIMITS } from '../../../src/registry/limits';
import { startFaultServer, type FaultServer } from '../../fixtures/faultServer';
import { allPages } from '../../fixtures/tools';

const isKind = (kind: string, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof RegistryError, `not a RegistryError: ${e instanceof Error ? e.stack : String(e)}`);
  assert.equal(e.kind, kind, e.message);
  if (re) assert.match(e.message, re);
  return true;
};

const json = (res: import('node:http').ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('listings end', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const serve = async (handler: Parameters<typeof startFaultServer>[0]) => {
    const s = await startFaultServer((req, res) => (req.url === '/v2/' ? res.end() : handler(req, res)));
    servers.push(s);
    return { s, client: new RegistryClient({ registry: s.url, retries: 0 }) };
  };

  it('a page that repeats (a `last` that does not advance) ends the listing, with no duplicate tags', async () => {
    let n = 0;
    const { s, client } = await serve((_req, res) => {
      n++;
      json(
        res,
        200,
        { name: 'foo', tags: n === 1 ? ['a', 'b'] : ['b', 'c'].slice(n > 2 ? 0 : 1) },
        { link: `</v2/foo/tags/list?last=b&n=2&try=${n}>; rel="next"` },
      );
    });
    const pages = await allPages(client.tags('foo', { pageSize: 2 }));
    assert.deepEqual(pages.flat(), ['a', 'b', 'c']);
    assert.ok(s.seen.length <= 5, `${s.seen.length} requests`);
  });

  it('a chain of empty pages stops with a message; so does one past the page maximum', async () => {
    let n = 0;
    const { client } = await serve((req, res) =>
      json(
        res,
        200,
        { repositories: req.url!.includes('full') || n++ === 0 ? [`r${n}`] : [] },
        { link: `</v2/_catalog?last=x&n=10&p=${n}${req.url!.includes('full') ? 'full' : ''}>; rel="next"` },
      ),
    );
    await assert.rejects(
      allPages(client.catalog({ pageSize: 10 })),
      isKind('protocol', /kept sending empty pages of the catalog of .* \(5 in a row\); stopped listing it/),
    );
    const saved = LIMITS.listPages;
    LIMITS.listPages = 20;
    try {
      const { client: c2 } = await serve((req, res) => {
        const p = Number(new URL(req.url!, 'http://x').searchParams.get('p') ?? 0);
        json(res, 200, { repositories: [`r${p}`] }, { link: `</v2/_catalog?p=${p + 1}>; rel="next"` });
      });
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const page of c2.catalog()) seen.push(...page);
        })(),
        isKind('protocol', /goes on past 20 pages; stopped listing it/),
      );
      assert.equal(seen.length, 20);
    } finally {
      LIMITS.listPages = saved;
    }
  });

  it('a Link to a scheme that is not http(s) is refused, naming it; one without angle brackets (older Quay) is followed', async () => {
    const { client } = await serve((req, res) => {
      if (req.url!.includes('evil')) return json(res, 200, { name: 'evil', tags: ['a'] }, { link: '<javascript:alert(1)>; rel="next"' });
      if (req.url!.includes('last=a')) return json(res, 200, { name: 'foo', tags: ['b'] });
      json(res, 200, { name: 'foo', tags: ['a'] }, { link: '/v2/foo/tags/list?last=a&n=1; rel="next"' });
    });
    await assert.rejects(allPages(client.tags('evil')), isKind('protocol', /unsupported scheme javascript:; refusing to follow it/));
    const pages = await allPages(client.tags('foo'));
    assert.deepEqual(pages.flat(), ['a', 'b']);
    // Each page says whether the registry named another: the last one can be known as last.
    assert.deepEqual(
      pages.map((p) => (p as { hasNext?: boolean }).hasNext),
      [true, false],
    );
  });

  it('names that cannot be a tag or repository are dropped (they would go into URLs)', async () => {
    const { client } = await serve((req, res) =>
      req.url!.includes('_catalog')
        ? json(res, 200, { repositories: ['ok/repo', '../../etc', 'UPPER', 7, null] })
        : json(res, 200, { name: 'foo', tags: ['v1', '../x', 'a'.repeat(200), '', 'v2'] }),
    );
    assert.deepEqual((await allPages(client.catalog())).flat(), ['ok/repo']);
    assert.deepEqual((await allPages(client.tags('foo'))).flat(), ['v1', 'v2']);
  });

  it("without a page size the client asks n=1000; ECR's page-size refusal is retried with the size it names, and remembered", async () => {
    const { s, client } = await serve((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      if (n > 100)
        return json(res, 400, {
          errors: [
            {
              code: 'UNSUPPORTED',
              message: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 100'",
            },
          ],
        });
      json(res, 200, { name: 'foo', tags: ['a', 'b'] });
    });
    assert.deepEqual((await allPages(client.tags('foo'))).flat(), ['a', 'b']);
    assert.deepEqual(s.seen.map((r) => new URL(r.url, 'http://x').searchParams.get('n')).filter(Boolean), ['1000', '100']);
    assert.equal(client.learned.maxPageSize, 100);
    await allPages(client.tags('foo'));
    assert.equal(s.seen.at(-1)!.url, '/v2/foo/tags/list?n=100');
  });

  it("distribution's PAGINATION_NUMBER_INVALID without a number: 1000, then 100", async () => {
    const { s, client } = await serve((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      if (n > 500) return json(res, 400, { errors: [{ code: 'PAGINATION_NUMBER_INVALID', message: 'invalid number of results requested', detail: { n } }] });
      json(res, 200, { repositories: ['a/b'] });
    });
    assert.deepEqual((await allPages(client.catalog({ pageSize: 5000 }))).flat(), ['a/b']);
    assert.deepEqual(
      s.seen.filter((r) => r.url !== '/v2/').map((r) => new URL(r.url, 'http://x').searchParams.get('n')),
      ['5000', '1000', '100'],
    );
  });
});

describe('a write goes only where it was sent', () => {
  const servers: FaultServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('a DELETE or a manifest PUT redirected elsewhere is not followed, and the error says where', async () => {
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      if (req.method === 'DELETE') res.writeHead(307, { location: '/v2/other/manifests/sha256:' + 'a'.repeat(64) });
      else if (req.method === 'PUT') res.writeHead(308, { location: 'http://elsewhere.example/v2/foo/manifests/v2?X-Amz-Signature=SIG' });
      else res.writeHead(404);
      res.end();
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    await assert.rejects(
      client.deleteManifest('foo', `sha256:${'b'.repeat(64)}`),
      isKind(
        'protocol',
        new RegExp(
          `answered the request to delete manifest foo@sha256:b+ with a redirect to ${s.url.replace(/\./g, '\\.')}/v2/other/manifests/sha256:a+; not followed`,
        ),
      ),
    );
    await assert.rejects(client.putManifest('foo', 'v2', Buffer.from('{}'), 'application/json'), (e: unknown) => {
      isKind('protocol', /with a redirect to http:\/\/elsewhere\.example\/v2\/foo\/manifests\/v2\?X-Amz-Signature=\*\*\*; not followed/)(e);
      return !(e as Error).message.includes('SIG');
    });
    assert.equal(s.seen.filter((r) => r.method === 'DELETE').length, 1);
    assert.equal(s.seen.filter((r) => r.method === 'PUT').length, 1);
    assert.equal(s.seen.filter((r) => r.url.includes('/other/')).length, 0);
  });

  it('an upload Location with an odd scheme is refused, naming it', async () => {
    const s = await startFaultServer((req, res) => {
      if (req.url === '/v2/') return res.end();
      res.writeHead(202, { location: 'file:///etc/passwd' });
      res.end();
    });
    servers.push(s);
    const client = new RegistryClient({ registry: s.url });
    const bytes = Buffer.from('hi');
    await assert.rejects(
      client.uploadBlob('foo', 'sha256:8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4', bytes.length, () => bytes),
      isKind('protocol', /upload location with the unsupported scheme file:/),
    );
  });
});

// Listings a registry breaks: a page size refused (ECR's wording through the fault layer, and
// distribution's own PAGINATION_NUMBER_INVALID from the real registry), and tag pages — cut from
// the real tag list of foo/many — whose Link does not advance, loops, leads through endless empty
// pages, or is written without angle brackets (older Quay). A listing ends, without duplicates,
// in a bounded number of requests.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { custom, failFirst, type Fault, type Match } from '../fixtures/faults';
import { assertNoSecrets } from '../fixtures/hostileChecks';
import { useTestBed, TestBed } from '../fixtures/testbed';
import { allPages, clientFor, expectRegistryError, requestLines } from '../fixtures/registryClient';

const ECR_REFUSAL = {
  errors: [
    { code: 'UNSUPPORTED', message: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 100'" },
  ],
};

const catalogLines = (bed: TestBed) =>
  bed.registryRequests.filter((r) => r.path.startsWith('/v2/_catalog')).map((r) => `${r.path.replace('/v2/_catalog', '')} → ${r.status}`);
const tagListRequests = (bed: TestBed) => bed.registryRequests.filter((r) => r.path.startsWith('/v2/foo/many/tags/list'));

/** foo/many with 45 tags (on one image: only names matter here), and a few more repositories. */
const TAGS = Array.from({ length: 45 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
const REPOSITORIES = ['foo/many', 'foo/l-one', 'foo/l-two', 'public/l-three'];
const SORTED_REPOSITORIES = [...REPOSITORIES].sort();

/**
 * Pages of the real tag list of foo/many (sorted; 2.8 neither sorts nor pages): `page` picks the
 * names for a request, `link` writes its Link header (undefined: last page). `count` is 1-based.
 */
function tagPages(page: (sorted: string[], url: URL) => string[], link: (names: string[], url: URL, count: number) => string | undefined): Fault {
  let count = 0;
  return custom(async (req, ctx, hit) => {
    if (req.method !== 'GET' || ctx.url.pathname !== '/v2/foo/many/tags/list') return false;
    const real = await ctx.real('/v2/foo/many/tags/list');
    if (real.status !== 200) {
      ctx.send(real);
      return true;
    }
    hit();
    const sorted = [...(JSON.parse(real.body.toString('utf8')).tags as string[])].sort();
    const names = page(sorted, ctx.url);
    const next = link(names, ctx.url, ++count);
    ctx.send({
      status: 200,
      headers: { 'content-type': 'application/json', ...(next ? { link: next } : {}) },
      body: Buffer.from(JSON.stringify({ name: 'foo/many', tags: names })),
    });
    return true;
  });
}

const after10 = (sorted: string[], url: URL) => {
  const last = url.searchParams.get('last');
  return sorted.filter((t) => !last || t > last).slice(0, 10);
};

describe('hostile listings (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  before(async () => {
    await bed.pushImage('foo/many', TAGS);
    for (const r of REPOSITORIES.slice(1)) await bed.pushImage(r, 'v1');
  });
  afterEach(() => {
    bed.quirks.fault = undefined;
  });

  it("a catalog page size refused in ECR's words (n > 100) is retried at 100 and remembered: every repository, one 400 in all", async () => {
    const tooLarge: Match = (req, url) => req.method === 'GET' && url.pathname === '/v2/_catalog' && Number(url.searchParams.get('n')) > 100;
    const fault = (bed.quirks.fault = failFirst(tooLarge, Infinity, 400, {}, ECR_REFUSAL)); // every such request
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'admin');

    const all = (await allPages(client.catalog())).flat();
    assert.deepEqual([...all].sort(), SORTED_REPOSITORIES);
    assert.equal(client.learned.maxPageSize, 100);
    assert.deepEqual(catalogLines(bed), ['?n=1000 → 400', '?n=100 → 200'], 'asked its default, then what the registry named');

    bed.resetLogs();
    assert.deepEqual([...(await allPages(client.catalog())).flat()].sort(), SORTED_REPOSITORIES);
    assert.deepEqual(catalogLines(bed), ['?n=100 → 200'], 'the next listing asks n=100 at once');
    // What the client learned, persisted, saves the refusal in the next session too.
    const { client: later } = clientFor(bed, 'admin', { learned: client.learned });
    bed.resetLogs();
    await allPages(later.catalog({ pageSize: 500 }));
    assert.deepEqual(catalogLines(bed), ['?n=100 → 200']);
    assert.equal(fault.hits, 1, 'one 400 in all');
    assertNoSecrets(bed, { requestLog });
  });

  it("distribution's own PAGINATION_NUMBER_INVALID (the real registry refuses n=5000) is retried at 1000 and remembered", async () => {
    bed.resetLogs();
    const { client } = clientFor(bed, 'admin');
    const all = (await allPages(client.catalog({ pageSize: 5000 }))).flat();
    assert.deepEqual([...all].sort(), SORTED_REPOSITORIES);
    assert.equal(client.learned.maxPageSize, 1000);
    assert.deepEqual(catalogLines(bed), ['?n=5000 → 400', '?n=1000 → 200'], 'the registry itself refused 5000');
    bed.resetLogs();
    await allPages(client.catalog({ pageSize: 5000 }));
    assert.deepEqual(catalogLines(bed), ['?n=1000 → 200']);
  });

  const loops = [
    {
      name: 'the same first page again and again, its Link never advancing (only a counter changes)',
      page: (sorted: string[]) => sorted.slice(0, 10),
      link: (names: string[], _u: URL, n: number) => `</v2/foo/many/tags/list?n=10&last=${names[9]}&c=${n}>; rel="next"`,
      tags: 10,
      requests: 2,
    },
    {
      name: 'a `last` that stops advancing after the second page (Artifactory)',
      page: after10,
      // The next page starts where this one started (after the first): page 3 repeats page 2.
      link: (names: string[], u: URL, n: number) => `</v2/foo/many/tags/list?n=10&last=${u.searchParams.get('last') ?? names[9]}&c=${n}>; rel="next"`,
      tags: 20,
      requests: 3,
    },
    {
      name: 'a Link back to the first page',
      page: after10,
      link: (_names: string[], u: URL) => `<${u.pathname}?n=${u.searchParams.get('n')}>; rel="next"`,
      tags: 10,
      requests: 1,
    },
  ];
  for (const l of loops) {
    it(`tag pages with ${l.name}: the listing ends, no duplicates, ${l.requests} page request(s)`, async () => {
      const fault = (bed.quirks.fault = tagPages(l.page, l.link));
      bed.resetLogs();
      const { client, requestLog } = clientFor(bed, 'carol');
      const tags = (await allPages(client.tags('foo/many'))).flat();
      assert.equal(new Set(tags).size, tags.length, `no duplicates: ${tags}`);
      assert.deepEqual(tags, TAGS.slice(0, l.tags));
      assert.equal(fault.hits, l.requests, requestLines(bed));
      assert.equal(tagListRequests(bed).length, l.requests, requestLines(bed));
      assertNoSecrets(bed, { requestLog });
    });
  }

  it('a first page, then empty pages that each link to another: stops with a protocol error after 5, the first page delivered', async () => {
    const fault = (bed.quirks.fault = tagPages(
      (sorted, url) => (url.searchParams.get('c') ? [] : sorted.slice(0, 10)),
      (_n, _u, n) => `</v2/foo/many/tags/list?n=10&c=${n}>; rel="next"`,
    ));
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'carol');
    const got: string[] = [];
    const listing = (async () => {
      for await (const page of client.tags('foo/many')) got.push(...page);
    })();
    const error = await expectRegistryError(listing, 'protocol');

    assert.match(
      error.message,
      new RegExp(`^${bed.host} kept sending empty pages of the tag list of foo/many \\(5 in a row\\); stopped listing it\\.$`),
      error.message,
    );
    assert.deepEqual(got, TAGS.slice(0, 10), 'the names before it were listed');
    assert.equal(fault.hits, 6, requestLines(bed));
    assertNoSecrets(bed, { error, requestLog });
  });

  it('a Link written without angle brackets (older Quay) is followed: all 45 tags in 5 pages', async () => {
    const fault = (bed.quirks.fault = tagPages(after10, (names, _u) =>
      names.length === 10 ? `/v2/foo/many/tags/list?n=10&last=${names[9]}; rel="next"` : undefined,
    ));
    bed.resetLogs();
    const { client } = clientFor(bed, 'carol');
    const pages = await allPages(client.tags('foo/many'));
    assert.deepEqual(
      pages.map((p) => p.length),
      [10, 10, 10, 10, 5],
    );
    assert.deepEqual(pages.flat(), TAGS);
    assert.equal(fault.hits, 5, requestLines(bed));
  });
});

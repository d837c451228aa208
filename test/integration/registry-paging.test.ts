// Catalog and tag paging: 2.8 pages the catalog itself; tag pages come from the quirk layer
// (2.8 neither sorts nor pages tags) with relative `Link` headers.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestBed } from '../fixtures/testbed';
import { allPages, clientFor, describeRegistryRequests } from '../fixtures/registryClient';

describe('registry client paging (real docker-registry 2.8)', () => {
  const bed = useTestBed();

  it('pages the catalog: all repositories, no duplicates', async () => {
    bed.resetLogs();
    const { client } = clientFor(bed, 'admin');
    const pages = await allPages(client.catalog({ pageSize: 10 }));
    const all = pages.flat();
    assert.ok(pages.length >= 4, `32 repositories in pages of 10: got ${pages.map((p) => p.length)}`);
    assert.ok(pages.every((p) => p.length <= 10));
    assert.equal(new Set(all).size, all.length, 'no duplicates');
    assert.deepEqual([...all].sort(), bed.seeded.repositories);
    const catalogGets = bed.registryRequests.filter((r) => r.path.startsWith('/v2/_catalog') && r.status === 200);
    assert.equal(catalogGets.length, pages.length, describeRegistryRequests(bed));
  });

  it('pages tags following relative Link headers', async () => {
    bed.quirks.tagPageSize = 10;
    try {
      bed.resetLogs();
      const { client } = clientFor(bed, 'carol');
      const pages = await allPages(client.tags('foo/many'));
      assert.deepEqual(
        pages.map((p) => p.length),
        [10, 10, 10, 10, 5],
      );
      assert.deepEqual(pages.flat(), bed.seeded.many.tags);
      const followed = bed.registryRequests.filter((r) => r.path.includes('last=') && r.status === 200);
      assert.equal(followed.length, 4, describeRegistryRequests(bed));

      const small = await allPages(client.tags('foo/many', { pageSize: 7 }));
      assert.deepEqual(
        small.map((p) => p.length),
        [7, 7, 7, 7, 7, 7, 3],
      );
      assert.deepEqual(small.flat(), bed.seeded.many.tags);
    } finally {
      bed.quirks.tagPageSize = undefined;
    }
  });

  it('reads an unpaginated tag list in one page', async () => {
    const { client } = clientFor(bed, 'carol');
    const pages = await allPages(client.tags('foo/many'));
    assert.equal(pages.flat().length, 45);
    assert.deepEqual([...pages.flat()].sort(), bed.seeded.many.tags);
  });
});

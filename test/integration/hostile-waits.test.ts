// Waits a registry asks for, in front of the real tag list: a short Retry-After is waited for once
// and reported to both wait hooks; cancelling during it ends the call at once and sends nothing
// more; a Retry-After longer than the client waits is not waited for at all, and the error says
// how long the registry asked for.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import type { WaitEvent } from '../../src/registry/index';
import { failFirst, on } from '../fixtures/faults';
import { assertNoSecrets, stopwatch } from '../fixtures/hostileChecks';
import { useTestBed, TestBed } from '../fixtures/testbed';
import { sleep } from '../fixtures/tools';
import { allPages, clientFor, expectRegistryError, requestLines } from '../fixtures/registryClient';

const REPO = 'foo/w-tags';
const TAGS = ['a', 'b', 'c'];
const tagList = /^\/v2\/foo\/w-tags\/tags\/list$/;
const tagListStatuses = (bed: TestBed) => bed.registryRequests.filter((r) => tagList.test(r.path.split('?')[0])).map((r) => r.status);

describe('hostile waits (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  before(async () => {
    await bed.pushImage(REPO, TAGS);
  });
  afterEach(() => {
    bed.quirks.fault = undefined;
  });

  it('a 503 with Retry-After: 2 before the real tag list is waited for once, reported to the client and the call, then the list comes', async () => {
    const fault = (bed.quirks.fault = failFirst(on('GET', tagList), 1, 503, { 'retry-after': '2' }));
    bed.resetLogs();
    const clientWaits: WaitEvent[] = [];
    const callWaits: WaitEvent[] = [];
    const { client, requestLog } = clientFor(bed, 'carol', { onWait: (e) => clientWaits.push(e) });
    const took = stopwatch();
    const tags = (await allPages(client.tags(REPO, { onWait: (e) => callWaits.push(e) }))).flat();
    const ms = took();

    assert.equal(fault.hits, 1);
    assert.deepEqual([...tags].sort(), TAGS);
    for (const [who, waits] of [
      ['the client option', clientWaits],
      ['the call option', callWaits],
    ] as const) {
      assert.equal(waits.length, 1, `one wait reported to ${who}: ${JSON.stringify(waits)}`);
      const [w] = waits;
      assert.deepEqual(
        { ms: w.ms, reason: w.reason, status: w.status, host: w.host, operation: w.operation },
        { ms: 2000, reason: 'retry-after', status: 503, host: bed.host, operation: `list the tags of ${REPO}` },
      );
      assert.match(w.url, /\/v2\/foo\/w-tags\/tags\/list\?n=\d+$/);
    }
    assert.deepEqual(tagListStatuses(bed), [503, 200], requestLines(bed));
    assert.ok(ms >= 1900 && ms < 8000, `took ${ms.toFixed(0)} ms for a 2 s wait`);
    assertNoSecrets(bed, { requestLog, other: [clientWaits, callWaits] });
  });

  it('cancelling during that wait rejects as cancelled within moments of the abort, and no further request is sent', async () => {
    const fault = (bed.quirks.fault = failFirst(on('GET', tagList), 1, 503, { 'retry-after': '2' }));
    bed.resetLogs();
    const abort = new AbortController();
    let abortedAt = 0;
    const { client, requestLog } = clientFor(bed, 'carol');
    const onWait = () =>
      setTimeout(() => {
        abortedAt = performance.now();
        abort.abort();
      }, 200);
    const error = await expectRegistryError(allPages(client.tags(REPO, { signal: abort.signal, onWait })), 'cancelled');
    const late = performance.now() - abortedAt;

    assert.equal(fault.hits, 1);
    assert.ok(abortedAt > 0, 'the abort fired during the wait');
    assert.ok(late < 500, `rejected ${late.toFixed(0)} ms after the abort; the wait had 1.8 s left`);
    assert.match(error.message, /^Cancelled\b.*\b(wait|stopped)/i, error.message);
    // Past the moment the 2 s wait would have ended: a wait that only looked cancelled retries now.
    await sleep(2300);
    assert.deepEqual(tagListStatuses(bed), [503], `nothing after the abort:\n${requestLines(bed)}`);
    assertNoSecrets(bed, { error, requestLog });
  });

  // Like every other cancellation, one during a wait says what was stopped and where.
  it('a cancellation during a wait names the call and the registry, as other cancellations do', async () => {
    bed.quirks.fault = failFirst(on('GET', tagList), 1, 503, { 'retry-after': '2' });
    const abort = new AbortController();
    const { client } = clientFor(bed, 'carol');
    const error = await expectRegistryError(
      allPages(client.tags(REPO, { signal: abort.signal, onWait: () => setTimeout(() => abort.abort(), 50) })),
      'cancelled',
    );
    assert.equal(error.operation, `list the tags of ${REPO}`);
    assert.ok(error.message.includes(bed.host), error.message);
  });

  const tooLong = [
    { status: 429, retryAfter: '600', kind: 'rate-limited', said: '10 min' },
    { status: 503, retryAfter: '600', kind: 'server', said: '10 min' },
    { status: 503, retryAfter: '45', kind: 'server', said: '45 s' }, // over one wait's cap (30 s)
  ];
  for (const t of tooLong) {
    it(`a ${t.status} with Retry-After: ${t.retryAfter} is not waited for: ${t.kind} at once, saying it asks to wait ${t.said}`, async () => {
      const body = t.status === 429 ? { errors: [{ code: 'TOOMANYREQUESTS', message: 'too many requests' }] } : undefined;
      const fault = (bed.quirks.fault = failFirst(on('GET', tagList), 1, t.status, { 'retry-after': t.retryAfter }, body));
      bed.resetLogs();
      const waits: WaitEvent[] = [];
      const { client, requestLog } = clientFor(bed, 'carol', { onWait: (e) => waits.push(e) });
      const took = stopwatch();
      const error = await expectRegistryError(allPages(client.tags(REPO)), t.kind);
      const ms = took();

      assert.equal(fault.hits, 1);
      assert.equal(error.status, t.status);
      assert.match(error.message, new RegExp(`^${bed.host} .*\\(${t.status}\\).* It asks to wait ${t.said} before trying again\\.$`), error.message);
      assert.deepEqual(waits, [], 'no wait at all');
      assert.ok(ms < 5000, `answered after ${ms.toFixed(0)} ms`);
      assert.deepEqual(tagListStatuses(bed), [t.status], `not retried:\n${requestLines(bed)}`);
      assertNoSecrets(bed, { error, requestLog });
    });
  }
});

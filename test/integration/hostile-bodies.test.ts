// Bodies a broken or hostile registry sends, made from the real registry's answers by the quirk
// layer: a manifest cut short mid-body, answers gzip-compressed on the way, and a gzip bomb where
// a manifest should be. The client must fail at once (not at its 30 s timeout), read what is
// merely compressed, and stop a bomb at its cap without holding what it inflates to.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { formatCount } from '../../src/registry/limits';
import { gzipBomb, gzipBombBytes, gzipped, on, truncate } from '../fixtures/faults';
import { assertNoSecrets, liveBytes, stopwatch } from '../fixtures/hostileChecks';
import { useTestBed, type PushedImage } from '../fixtures/testbed';
import { allPages, clientFor, expectRegistryError, requestLines } from '../fixtures/registryClient';

const MiB = 1 << 20;
const REPO = 'foo/b-img';
const TAGS = ['qux', 'v1', 'v1.1', 'v2', 'latest'];
const quxManifest = /^\/v2\/foo\/b-img\/manifests\/qux$/;

describe('hostile bodies (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  let qux: PushedImage;
  before(async () => {
    qux = await bed.pushImage(REPO, TAGS);
  });
  afterEach(() => {
    bed.quirks.fault = undefined;
  });

  it('a manifest cut short after 100 bytes (real headers, socket destroyed) fails at once as network, naming the bytes of the manifest', async () => {
    assert.ok(qux.size > 200, 'the manifest is longer than the cut');
    const fault = (bed.quirks.fault = truncate(on('GET', quxManifest), 100));
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'alice', { timeoutMs: 30_000 });
    const took = stopwatch();
    const error = await expectRegistryError(client.getManifest(REPO, 'qux'), 'network');
    const ms = took();

    assert.equal(fault.hits, 1, 'the layer cut the real answer');
    assert.match(
      error.message,
      new RegExp(`^${bed.host} closed the connection after 100 of ${formatCount(qux.size)} bytes of the manifest ${REPO}:qux\\.$`),
      error.message,
    );
    assert.ok(ms < 5000, `rejected after ${ms.toFixed(0)} ms; the timeout is 30 s (a client waiting for the rest waits that long)`);
    const gets = bed.registryRequests.filter((r) => r.method === 'GET' && quxManifest.test(r.path));
    assert.equal(gets.length, 1, `a body failure is not retried:\n${requestLines(bed)}`);
    assertNoSecrets(bed, { error, requestLog });
  });

  it('reads the real tag list and a real manifest sent gzip-compressed (Content-Encoding: gzip)', async () => {
    const fault = (bed.quirks.fault = gzipped((req, url) => req.method === 'GET' && /^\/v2\/foo\/b-img\/(tags\/list|manifests\/qux)$/.test(url.pathname)));
    const { client, requestLog } = clientFor(bed, 'carol');

    const tags = (await allPages(client.tags(REPO))).flat();
    assert.deepEqual([...tags].sort(), [...TAGS].sort(), 'the tag list, decompressed');
    const manifest = await client.getManifest(REPO, 'qux');
    assert.equal(fault.hits, 2, 'both answers went out compressed');
    // The digest is checked on the decompressed bytes: the registry's Docker-Content-Digest matched.
    assert.equal(manifest.digest, qux.digest);
    assert.equal(manifest.bytes.length, qux.size, 'the exact bytes the registry stored');
    assert.equal(manifest.json.layers.length, qux.layerDigests!.length);
    assertNoSecrets(bed, { requestLog });
  });

  it('a manifest answered with a gzip bomb (50 MiB of zeros, ~50 KB on the wire) is too-large at 4 MiB, with live memory and time bounded', async () => {
    const bomb = await gzipBombBytes(); // built before measuring
    assert.ok(bomb.length < 100_000, `the bomb is small on the wire: ${bomb.length} bytes`);
    // Live memory (after a full collection, which takes tens of ms here: not before every slice, or
    // the client could not keep up) every 4 MiB the bomb inflates to, and at the end.
    const samples: number[] = [];
    let slices = 0;
    const fault = (bed.quirks.fault = gzipBomb(on('GET', quxManifest), (slice) => {
      slices = slice + 1;
      if (slice % 4 === 0) samples.push(liveBytes());
    }));
    bed.resetLogs();
    const { client, requestLog } = clientFor(bed, 'alice');
    await client.ping();
    const baseline = liveBytes();
    const took = stopwatch();
    const error = await expectRegistryError(client.getManifest(REPO, 'qux'), 'too-large');
    const ms = took();
    samples.push(liveBytes());
    const peak = Math.max(...samples) - baseline;

    assert.equal(fault.hits, 1);
    assert.equal(error.message, `The manifest ${REPO}:qux from ${bed.host} is larger than 4 MiB; refusing to load it.`);
    // A client that inflates all of it and checks the size afterwards holds 50 MiB while it does.
    assert.ok(peak < 16 * MiB, `live memory grew by ${(peak / MiB).toFixed(1)} MiB while refusing a 50 MiB bomb`);
    assert.ok(ms < 5000, `refused after ${ms.toFixed(0)} ms`);
    const total = Math.ceil(bomb.length / 1024);
    assert.ok(slices < total / 2, `the client hung up early: ${slices} of ${total} KiB were sent`);
    const gets = bed.registryRequests.filter((r) => r.method === 'GET' && quxManifest.test(r.path));
    assert.equal(gets.length, 1, `not retried:\n${requestLines(bed)}`);
    assertNoSecrets(bed, { error, requestLog });
    console.log(`gzip bomb: refused in ${ms.toFixed(0)} ms after ${slices} KiB of ${total}, live memory +${(peak / MiB).toFixed(1)} MiB at most`);
  });
});

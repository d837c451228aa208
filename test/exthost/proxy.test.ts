// VS Code's proxy setting: the extension's requests go through `http.proxy` like the rest of VS
// Code's, and the connection settings still hold through the tunnel. The spec of the direct run
// (suite/tlsConnection: untrusted → skip verification → sign in → tags; then the CA file) runs
// again with a forward proxy configured; the proxy's log shows the traffic went through it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpProxy, HttpProxy } from '../fixtures/httpProxy';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { startTlsFront, TlsFront } from '../fixtures/tlsFront';
import { reportInHostResults, runExtHostSuite, ExtHostSettled } from './runner';

let bed: TestBed;
let front: TlsFront | undefined;
let proxy: HttpProxy | undefined;
let settled: ExtHostSettled = {};

before(
  async () => {
    bed = await startTestBed();
    front = await startTlsFront(bed);
    proxy = await startHttpProxy();
    const tags = [...bed.seeded.bar.qux.tags, ...bed.seeded.bar.shared.tags].sort();
    settled = await runExtHostSuite({
      bed,
      specs: ['tlsConnection'],
      externalUser: 'admin',
      settings: { 'http.proxy': proxy.url },
      extra: { tlsFront: { url: front.url, host: front.host, caFile: front.caFile, repository: 'foo/bar', tags } },
    });
  },
  { timeout: 300_000 },
);

after(async () => {
  await proxy?.stop();
  await front?.stop();
  await bed?.stop();
});

test("through VS Code's http.proxy: a registry with a private CA, skip verification and the CA file", async (t) => {
  await reportInHostResults(t, settled);
  const tunnels = proxy!.log.filter((l) => l === `CONNECT ${front!.host}`);
  assert.ok(tunnels.length > 0, `the registry was reached through the proxy (proxy log: ${JSON.stringify(proxy!.log.slice(0, 20))})`);
});

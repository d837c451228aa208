// Runs the extension-host suite (test/exthost/suite) in code-server against the test bed and
// reports each in-host test as a node:test subtest. The extension is loaded from the repository
// (extensionDevelopmentPath = repo root, dist/extension.js from `npm run build`).
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { startTlsFront, TlsFront } from '../fixtures/tlsFront';
import { startFakeHubApi, FakeHubApi } from '../fixtures/hubApi';
import { reportInHostResults, runExtHostSuite, ExtHostSettled } from './runner';

let bed: TestBed;
let dockerConfig: string;
let settled: ExtHostSettled = {};
let front: TlsFront | undefined;
let hub: FakeHubApi | undefined;

before(
  async () => {
    bed = await startTestBed();
    dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.admin);
    // The same registry again behind https (a private CA, on 127.0.0.2); foo/bar is not changed by the first spec.
    front = await startTlsFront(bed);
    const tags = [...bed.seeded.bar.qux.tags, ...bed.seeded.bar.shared.tags].sort();
    hub = await startFakeHubApi({}, [
      { namespace: 'acme', name: 'tool' },
      { namespace: 'acme', name: 'api' },
      { namespace: 'acme', name: 'private', isPrivate: true },
    ]);
    settled = await runExtHostSuite({
      bed,
      specs: ['treeAndCommands', 'tlsConnection', 'dockerHub'],
      externalUser: 'admin',
      pageSize: 10,
      env: { DOCKER_CONFIG: dockerConfig },
      extra: {
        tlsFront: { url: front.url, host: front.host, caFile: front.caFile, repository: 'foo/bar', tags },
        hubApi: { url: hub.url, repositories: ['acme/api', 'acme/tool'] },
      },
    });
  },
  { timeout: 300_000 },
);

after(async () => {
  await front?.stop();
  await hub?.stop();
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

test('extension host: tree provider and commands against the real registry, and a registry with a private CA', async (t) => {
  await reportInHostResults(t, settled);
});

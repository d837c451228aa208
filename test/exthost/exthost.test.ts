// Runs the extension-host suite (test/exthost/suite) in code-server against the test bed and
// reports each in-host test as a node:test subtest. The extension is loaded from the repository
// (extensionDevelopmentPath = repo root, dist/extension.js from `npm run build`).
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerLogin } from '../fixtures/dockerLogin';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { reportInHostResults, runExtHostSuite, ExtHostSettled } from './runner';

let bed: TestBed;
let dockerConfig: string;
let settled: ExtHostSettled = {};

before(async () => {
  bed = await startTestBed();
  dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-docker-')), bed.host, bed.users.admin);
  settled = await runExtHostSuite({
    bed, specs: ['treeAndCommands'], externalUser: 'admin', pageSize: 10,
    env: { DOCKER_CONFIG: dockerConfig },
  });
}, { timeout: 300_000 });

after(async () => {
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

test('extension host: tree provider and commands against the real registry', async (t) => {
  await reportInHostResults(t, settled);
});

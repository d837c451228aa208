// Runs the extension-host suite (test/exthost/suite) in code-server against the test bed and
// reports each in-host test as a node:test subtest. The extension is loaded from the repository
// (extensionDevelopmentPath = repo root, dist/extension.js from `npm run build`).
import { after, before, test } from 'node:test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { repoRoot } from '../ui/harness/tools';
import { reportInHostResults, runExtHostSuite, ExtHostRun } from './runner';

const PAGE_SIZE = 10;
let bed: TestBed;
let dockerConfig: string;
let run: ExtHostRun | undefined;
let runError: unknown;

before(async () => {
  const root = repoRoot();
  if (!existsSync(join(root, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  bed = await startTestBed();
  dockerConfig = mkdtempSync(join(tmpdir(), 're-docker-'));
  writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({
    auths: { [bed.host]: { auth: Buffer.from(`admin:${bed.users.admin.password}`).toString('base64') } },
  }));
  try {
    run = await runExtHostSuite({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out/test/exthost/suite/index.js'),
      env: { DOCKER_CONFIG: dockerConfig },
      settings: { 'registryExplorer.registries': [{ url: bed.url }], 'registryExplorer.pageSize': PAGE_SIZE },
      config: {
        testBed: { url: bed.url, host: bed.host, users: bed.users, seeded: bed.seeded },
        externalUser: 'admin',
        specs: ['treeAndCommands'],
        pageSize: PAGE_SIZE,
      },
    });
    process.stderr.write(`[exthost] code-server ${run.timings.startMs} ms, workbench ${run.timings.readyMs} ms, suite ${run.timings.suiteMs} ms\n`);
  } catch (e) {
    runError = e;
  }
}, { timeout: 300_000 });

after(async () => {
  await bed?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

test('extension host: tree provider and commands against the real registry', async (t) => {
  await reportInHostResults(t, run, runError);
});

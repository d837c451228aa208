// Try the extension by hand: the seeded demo registry plus a scratch code-server with the VSIX
// installed and the registry configured, at http://127.0.0.1:8080 (or a free port). Builds
// nothing: the npm script builds and packages first. Ctrl-C stops everything.
//
// The login reaches the extension the way a user's would: the user name in settings, the
// password in a Docker config.json (`auths`) in a scratch DOCKER_CONFIG; nothing secret in settings.
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoRegistry } from './fixtures/demo';
import { writeDockerLogin } from './fixtures/dockerLogin';
import { freePort } from './fixtures/tools';
import { startCodeServer } from './ui/harness/codeServer';
import { findVsix } from './ui/harness/tools';

const PREFERRED_PORT = Number(process.env.PORT) || 8080;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const vsix = findVsix();
  const demo = await startDemoRegistry();
  const bed = demo.bed;
  const user = bed.users.admin;
  const dockerConfig = writeDockerLogin(mkdtempSync(join(tmpdir(), 're-demo-docker-')), bed.host, user);
  const port = (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort();
  let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
  const stop = async () => {
    await server?.stop().catch(() => undefined);
    await demo.stop().catch(() => undefined);
    rmSync(dockerConfig, { recursive: true, force: true });
  };
  try {
    server = await startCodeServer({
      vsix,
      port,
      env: { DOCKER_CONFIG: dockerConfig },
      settings: {
        'registryExplorer.registries': [{ url: bed.url, name: 'Demo registry', username: user.username }],
        'registryExplorer.pageSize': 20,
      },
    });
  } catch (e) {
    await stop();
    throw e;
  }
  console.log(demo.describe());
  console.log('');
  console.log(`VS Code (code-server) with Registry Explorer: ${server.url}/`);
  console.log(`Signed in as ${user.username} through ${join(dockerConfig, 'config.json')} (the extension reads Docker's logins).`);
  console.log('Open the Registry Explorer icon in the activity bar. Ctrl-C stops code-server and the registry.');

  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// The extension inside code-server signing in with what Docker's credential helper returns from a
// real Secret Service (headless gnome-keyring on a private D-Bus): a login kept in the OS keychain
// used end to end. The plain-Node half is test/integration/keychain.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { startHeadlessKeychain, HeadlessKeychain } from '../keychain/headlessKeychain';
import { reportInHostResults, runExtHostSuite, ExtHostSettled } from './runner';

let bed: TestBed;
let keychain: HeadlessKeychain;
let settled: ExtHostSettled = {};

before(
  async () => {
    keychain = await startHeadlessKeychain();
    bed = await startTestBed();
    const stored = keychain.storeDockerCredentials(bed.host, bed.users.alice);
    if (stored.status !== 0) throw new Error(`docker-credential-secretservice store failed: ${stored.stderr}`);
    const dockerConfig = keychain.writeCredsStoreConfig();
    settled = await runExtHostSuite({
      bed,
      specs: ['keychainLogin'],
      externalUser: 'alice',
      // Only the bus and the Docker config: code-server keeps its own scratch HOME.
      env: { DOCKER_CONFIG: dockerConfig, DBUS_SESSION_BUS_ADDRESS: keychain.env.DBUS_SESSION_BUS_ADDRESS! },
    });
  },
  { timeout: 300_000 },
);

after(async () => {
  await bed?.stop();
  await keychain?.stop();
});

test('extension host: signing in with the OS keychain through docker-credential-secretservice', async (t) => {
  await reportInHostResults(t, settled);
  // The token server saw alice: the keychain's credentials were used for real requests.
  assert.ok(
    bed.tokenRequests.some((r) => r.username === 'alice' && r.status === 200),
    'no token request as alice reached the token server',
  );
});

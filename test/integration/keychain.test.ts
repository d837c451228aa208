// Signing in with what the OS keychain holds, with real parts: gnome-keyring's Secret Service on a private
// D-Bus, Docker's own `docker-credential-secretservice`, a Docker config naming it as credsStore,
// the extension's credential lookup, and the registry client signing in to the test bed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestBed, TestBed } from '../fixtures/testbed';
import { startHeadlessKeychain, HeadlessKeychain } from '../keychain/headlessKeychain';
import { dockerHelperForStore, lookupExternalCredentials } from '../../src/credentials/externalCredentials';
import { helperStore } from '../../src/credentials/credentialHelper';
import { helperServerUrl } from '../../src/credentials/dockerConfig';
import { defaultFileSystemEnv, FileSystemEnv } from '../../src/credentials/configFiles';
import { RegistryClient } from '../../src/registry';

let bed: TestBed;
let keychain: HeadlessKeychain;
let dockerConfigDir: string;
let fsEnv: FileSystemEnv;

/** Every file under `dir` whose bytes contain `needle` (the keyring file is encrypted, so none should). */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) hits.push(...filesContaining(p, needle));
    else if (st.isFile() && readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

before(async () => {
  keychain = await startHeadlessKeychain();
  bed = await startTestBed();
  dockerConfigDir = keychain.writeCredsStoreConfig();
  // What the extension host would see: the keychain's bus, this Docker config, and the real PATH.
  fsEnv = { ...defaultFileSystemEnv, env: { ...keychain.env, DOCKER_CONFIG: dockerConfigDir }, homedir: () => keychain.home };
});

after(async () => {
  await bed?.stop();
  await keychain?.stop();
});

test('docker-credential-secretservice stores alice in the Secret Service', () => {
  const { username, password } = bed.users.alice;
  const stored = keychain.storeDockerCredentials(bed.host, { username, password });
  assert.equal(stored.status, 0, `store failed: ${stored.stderr}`);
  // secret-tool reads it back through the bus: the secret really sits in the keychain.
  const lookedUp = keychain.run('/usr/bin/secret-tool', ['lookup', 'server', bed.host]);
  assert.equal(lookedUp.status, 0, `secret-tool lookup server ${bed.host} found nothing: ${lookedUp.stderr}`);
  assert.ok(lookedUp.stdout === password, 'the keychain holds a different secret for the test bed host');
  const attrs = keychain.run('/usr/bin/secret-tool', ['search', '--all', 'server', bed.host]);
  assert.match(attrs.stdout + attrs.stderr, /attribute\.username = alice/);
});

test('the credential lookup resolves the test bed host through credsStore', async () => {
  const found = await lookupExternalCredentials(bed.host, { fsEnv });
  assert.ok(found, `no credentials resolved for ${bed.host} via credsStore=secretservice`);
  assert.equal(found.source, 'docker-helper');
  assert.equal(found.sourceLabel, 'docker-credential-secretservice');
  assert.ok('password' in found.credentials, 'expected username/password credentials');
  assert.equal(found.credentials.username, 'alice');
  assert.ok(found.credentials.password === bed.users.alice.password, 'resolved password differs from the stored one');
});

test('the registry client signs in and lists tags with what the helper returned', async () => {
  const found = await lookupExternalCredentials(bed.host, { fsEnv });
  assert.ok(found);
  const client = new RegistryClient({ registry: bed.url, credentials: found.credentials });
  await client.verifyCredentials();
  const tags: string[] = [];
  for await (const page of client.tags('foo/bar')) tags.push(...page);
  const expected = [...bed.seeded.bar.qux.tags, ...bed.seeded.bar.shared.tags].sort();
  assert.deepEqual(tags.sort(), expected);
  // The token server saw alice, i.e. the keychain's credentials, not anonymous access.
  assert.ok(
    bed.tokenRequests.some((r) => r.username === 'alice' && r.status === 200),
    `token requests: ${JSON.stringify(bed.tokenRequests.map((r) => [r.username, r.status]))}`,
  );
});

test('no file holds the password in clear: not the Docker config, not anything under HOME', () => {
  const config = readFileSync(join(dockerConfigDir, 'config.json'), 'utf8');
  assert.deepEqual(JSON.parse(config), { credsStore: 'secretservice' }, 'the Docker config was changed');
  assert.deepEqual(filesContaining(keychain.scratch, bed.users.alice.password), []);
});

test('after erasing the keychain entry the lookup finds nothing (the lookup really asks the keychain)', async () => {
  const erased = keychain.run('docker-credential-secretservice', ['erase'], bed.host);
  assert.equal(erased.status, 0, `erase failed: ${erased.stderr}`);
  const found = await lookupExternalCredentials(bed.host, { fsEnv });
  assert.equal(found, undefined);
});

test('Sign In\'s "also store in Docker" writes the login into the keychain through the configured helper', async () => {
  // The same three steps signIn.ts takes: which helper Docker would use, the server URL Docker
  // keys it by, and the helper's `store`.
  const helper = await dockerHelperForStore(bed.host, fsEnv);
  assert.equal(helper, 'secretservice', 'credsStore names the helper');
  await helperStore(helper!, helperServerUrl(bed.host), { ...bed.users.bob }, { env: fsEnv.env });
  const lookedUp = keychain.run('/usr/bin/secret-tool', ['lookup', 'server', bed.host]);
  assert.equal(lookedUp.status, 0, `secret-tool found nothing for ${bed.host}: ${lookedUp.stderr}`);
  assert.ok(lookedUp.stdout === bed.users.bob.password, 'the keychain holds another secret than the one stored');
  const found = await lookupExternalCredentials(bed.host, { fsEnv });
  assert.equal(found && 'password' in found.credentials ? found.credentials.username : undefined, 'bob', 'the lookup reads back what was stored');
  assert.deepEqual(
    JSON.parse(readFileSync(join(dockerConfigDir, 'config.json'), 'utf8')),
    { credsStore: 'secretservice' },
    'the Docker config holds no secret',
  );
  assert.deepEqual(filesContaining(keychain.scratch, bed.users.bob.password), [], 'no file holds the password in clear');
});

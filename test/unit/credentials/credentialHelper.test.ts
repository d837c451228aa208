import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { helperGet, helperStore, CredentialHelperError, isValidHelperName } from '../../../src/credentials/credentialHelper';

// Compiled to out/test/unit/credentials/; the fake helper is copied to out/test/fixtures/files/.
const FIXTURES = path.resolve(__dirname, '../../fixtures/files');
const HELPER = path.join(FIXTURES, 'docker-credential-fake');

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  assert.ok(fs.existsSync(HELPER), `fake helper missing at ${HELPER}; run node test/build.mjs first`);
  return { PATH: `${FIXTURES}${path.delimiter}${process.env.PATH}`, ...extra };
}

test('get: found → username and password', async () => {
  assert.deepEqual(await helperGet('fake', 'found.example', { env: env() }), { username: 'alice', password: 's3cret' });
});

test('get: Username <token> means an identity token', async () => {
  assert.deepEqual(await helperGet('fake', 'token.example', { env: env() }), { identityToken: 'refresh-token-1' });
});

test('get: "credentials not found" → undefined, not an error', async () => {
  assert.equal(await helperGet('fake', 'missing.example', { env: env() }), undefined);
});

test('get: output that is not JSON → bad-output error naming the helper', async () => {
  await assert.rejects(
    helperGet('fake', 'badjson.example', { env: env() }),
    (e: unknown) => e instanceof CredentialHelperError && e.reason === 'bad-output' && /docker-credential-fake/.test(e.message),
  );
});

test('get: a helper that hangs is stopped after the timeout', async () => {
  const started = Date.now();
  await assert.rejects(
    helperGet('fake', 'slow.example', { env: env(), timeoutMs: 400 }),
    (e: unknown) => e instanceof CredentialHelperError && e.reason === 'timeout' && /did not answer within/.test(e.message),
  );
  assert.ok(Date.now() - started < 5000, 'the timeout must stop the helper, not wait for it');
});

test('get: a helper that is not installed → missing, with what to do', async () => {
  await assert.rejects(
    helperGet('notinstalled', 'found.example', { env: { PATH: FIXTURES } }),
    (e: unknown) => e instanceof CredentialHelperError && e.reason === 'missing' && /not installed or not on PATH/.test(e.message),
  );
});

test('invalid helper names are refused without running anything', async () => {
  let ran = false;
  const execFile = (() => {
    ran = true;
    throw new Error('must not run');
  }) as never;
  for (const name of ['fake; touch /tmp/x', '../fake', 'fake helper', '$(id)', '']) {
    assert.equal(isValidHelperName(name), false, name);
    await assert.rejects(
      helperGet(name, 'found.example', { env: env(), execFile }),
      (e: unknown) => e instanceof CredentialHelperError && e.reason === 'invalid-name',
    );
  }
  assert.equal(ran, false);
  assert.equal(isValidHelperName('desktop.exe'), true);
  assert.equal(isValidHelperName('secretservice'), true);
});

test('no shell: shell syntax in the server URL reaches the helper verbatim and runs nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helper-test-'));
  const marker = path.join(dir, 'pwned');
  const server = `evil.example$(touch ${marker});touch ${marker}\`touch ${marker}\``;
  const got = await helperGet('fake', server, { env: env() });
  assert.deepEqual(got, { username: server, password: 'echo' });
  assert.equal(fs.existsSync(marker), false, 'a shell ran the input');
});

test('store: sends ServerURL, Username, Secret as JSON on stdin', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helper-test-'));
  const file = path.join(dir, 'stored.json');
  await helperStore('fake', 'https://index.docker.io/v1/', { username: 'bob', password: 'pw' }, { env: env({ FAKE_HELPER_STORE_FILE: file }) });
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { ServerURL: 'https://index.docker.io/v1/', Username: 'bob', Secret: 'pw' });
  await helperStore('fake', 'ghcr.io', { identityToken: 'tok' }, { env: env({ FAKE_HELPER_STORE_FILE: file }) });
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { ServerURL: 'ghcr.io', Username: '<token>', Secret: 'tok' });
});

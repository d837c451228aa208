// A token command signs in to the real docker-registry 2.8 through the test bed's real token
// server: the script prints alice's password, the client lists tags with it; when the password
// rotates (the token server rejects the old one), the rejection runs the script again, once.
// The client is wired the way the pool wires it: credentials from the token command, and the
// registry's rejection handed back to it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegistryClient, isRegistryError } from '../../src/registry';
import { TokenCommands } from '../../src/credentials/tokenCommand';
import { startTestBed, type TestBed } from '../fixtures/testbed';
import { allPages } from '../fixtures/tools';

describe('a token command against the real registry and token server', () => {
  let bed: TestBed;
  let original = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-command-it-'));
  const countFile = path.join(dir, 'runs');
  const passwordFile = path.join(dir, 'password');
  const script = path.join(dir, 'print-password');

  before(async () => {
    bed = await startTestBed();
    original = bed.users.alice.password;
    fs.writeFileSync(countFile, '0');
    fs.writeFileSync(passwordFile, original);
    // Counts its runs and prints what the password file holds, like `aws ecr get-login-password`.
    fs.writeFileSync(
      script,
      `#!${process.execPath}\nconst fs = require('fs');\nfs.writeFileSync(${JSON.stringify(countFile)}, String(Number(fs.readFileSync(${JSON.stringify(countFile)}, 'utf8')) + 1));\nprocess.stdout.write(fs.readFileSync(${JSON.stringify(passwordFile)}, 'utf8') + '\\n');\n`,
      { mode: 0o755 },
    );
  });
  after(async () => {
    if (bed) bed.users.alice.password = original;
    await bed?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const runs = () => Number(fs.readFileSync(countFile, 'utf8'));

  it('signs in and lists tags; after the password rotates, one rejection runs the command once more and the listing succeeds', async () => {
    const commands = new TokenCommands(() => new Map([[bed.host, { command: [script, '--region', 'test-1'], username: 'alice' }]]));
    const client = new RegistryClient({
      registry: bed.url,
      retries: 0,
      credentials: async () => (await commands.get(bed.host))?.credentials,
      credentialsRejected: (_host, rejected) => 'password' in rejected && commands.rejected(bed.host, rejected.password),
    });

    bed.resetLogs();
    const tags = (await allPages(client.tags('foo/bar'))).flat();
    assert.deepEqual([...tags].sort(), ['latest', 'qux', 'v1', 'v1.0']);
    assert.equal(runs(), 1);
    assert.deepEqual(
      bed.tokenRequests.map((r) => [r.username, r.status]),
      [['alice', 200]],
    );

    // Another listing with the same token: the command does not run again.
    await allPages(client.tags('foo/bar'));
    assert.equal(runs(), 1);

    // The password rotates: the token server now rejects the old one; the command prints the new one.
    bed.users.alice.password = 'alice-rotated-password';
    fs.writeFileSync(passwordFile, 'alice-rotated-password');
    bed.resetLogs();
    // Another repository needs a new token, which the old password cannot get.
    const app = (await allPages(client.tags('foo/app'))).flat();
    assert.ok(app.includes('oci') && app.includes('docker'), app.join(', '));
    assert.equal(runs(), 2, 'the command ran again exactly once');
    assert.deepEqual(
      bed.tokenRequests.map((r) => r.status),
      [401, 200],
      'one rejected token request, then one with the new password',
    );
    assert.equal(bed.tokenRequests[1].username, 'alice');
  });

  it('a command printing a rejected password fails with the rejection, runs once more only, and the error holds no password', async () => {
    fs.writeFileSync(countFile, '0');
    fs.writeFileSync(passwordFile, 'not-the-password');
    const commands = new TokenCommands(() => new Map([[bed.host, { command: [script], username: 'alice' }]]));
    const client = new RegistryClient({
      registry: bed.url,
      retries: 0,
      credentials: async () => (await commands.get(bed.host))?.credentials,
      credentialsRejected: (_host, rejected) => 'password' in rejected && commands.rejected(bed.host, rejected.password),
    });
    await assert.rejects(allPages(client.tags('foo/bar')), (e: unknown) => {
      assert.ok(isRegistryError(e) && e.kind === 'unauthorized', String(e));
      assert.ok(!`${e.message} ${e.hint ?? ''}`.includes('not-the-password'));
      return true;
    });
    assert.equal(runs(), 2, 'one run, one more after the rejection, no loop');
  });
});

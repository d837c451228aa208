// Token commands with real scripts in a temp dir: no shell, a timeout that kills, bounded output,
// errors that never carry the token, user settings only, a token kept for its lifetime and run
// again once after the registry rejects it (counted by the script itself).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegistryClient, isRegistryError } from '../../../src/registry';
import {
  parseTokenCommands,
  runTokenCommand,
  TokenCommandError,
  TokenCommands,
  tokenCommandLabel,
  tokenLifetimeSeconds,
  userTokenCommands,
  type TokenCommandSetting,
} from '../../../src/credentials/tokenCommand';
import { send, startServer, type TinyServer } from '../../fixtures/httpServer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-command-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A node script at `dir/name` (executable), run by its shebang: no shell in between. */
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
  return file;
}

const SECRET = 'eyJwYXlsb2FkIjoiVE9QU0VDUkVUIn0.secret-token-value';

describe('runTokenCommand', () => {
  it('answers stdout trimmed', async () => {
    const s = script('ok', `process.stdout.write('  ${SECRET}\\n\\n');`);
    assert.equal(await runTokenCommand([s]), SECRET);
  });

  it('passes every argument literally: no shell expands $(…), ; or *', async () => {
    const argsFile = path.join(dir, 'args.json');
    const s = script(
      'echo-args',
      `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2))); process.stdout.write('tok');`,
    );
    const marker = path.join(dir, 'pwned');
    const args = [`$(touch ${marker})`, `; touch ${marker}`, '`id`', '*', '$HOME', '|', '&&'];
    assert.equal(await runTokenCommand([s, ...args]), 'tok');
    assert.deepEqual(JSON.parse(fs.readFileSync(argsFile, 'utf8')), args);
    assert.equal(fs.existsSync(marker), false, 'a shell ran the substitution');
  });

  it('kills a command that does not finish in time, and says so', async () => {
    const pidFile = path.join(dir, 'sleeper.pid');
    const s = script(
      'sleeper',
      `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); process.stdout.write('${SECRET}'); setTimeout(() => {}, 60000);`,
    );
    const started = Date.now();
    await assert.rejects(runTokenCommand([s], { timeoutMs: 3000 }), (e: unknown) => {
      assert.ok(e instanceof TokenCommandError && e.reason === 'timeout', String(e));
      assert.match(e.message, /did not finish within 3 s, so it was stopped/);
      assert.ok(e.message.includes(s), 'names the command');
      assert.ok(!e.message.includes(SECRET), e.message);
      return true;
    });
    // Node starts slowly on a busy machine: the sleeper gets 3 s to write its pid, and sleeps a minute.
    assert.ok(Date.now() - started < 30_000, 'waited for the sleeper');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the sleeper is still running');
  });

  it('a non-zero exit names the command and the exit code, never stdout; stderr is quoted scrubbed', async () => {
    const s = script(
      'fails',
      `process.stdout.write('${SECRET}'); process.stderr.write('An error occurred (ExpiredToken): token ${SECRET} and AKIAABCDEFGHIJKLMNOPQRST expired\\nsecond line ${SECRET}\\n'); process.exit(254);`,
    );
    await assert.rejects(runTokenCommand([s, '--region', 'eu-west-1']), (e: unknown) => {
      assert.ok(e instanceof TokenCommandError && e.reason === 'failed', String(e));
      assert.ok(e.message.includes(s) && /exit code 254/.test(e.message), e.message);
      assert.match(e.message, /An error occurred \(ExpiredToken\)/);
      for (const leak of [SECRET, 'secret-token-value', 'AKIAABCDEFGHIJKLMNOPQRST', 'second line'])
        assert.ok(!e.message.includes(leak), `${leak} in ${e.message}`);
      return true;
    });
  });

  it('empty output, a token with a line break or a control byte, and huge output are refused without quoting them', async () => {
    const cases: [string, string, TokenCommandError['reason']][] = [
      ['empty', `process.stdout.write('  \\n');`, 'empty'],
      ['crlf', `process.stdout.write('${SECRET}\\r\\nX-Injected: 1');`, 'bad-token'],
      ['ctrl', `process.stdout.write('${SECRET}\\u0007');`, 'bad-token'],
      ['huge', `process.stdout.write('${SECRET}'.repeat(5000));`, 'too-large'],
    ];
    for (const [name, body, reason] of cases) {
      const s = script(name, body);
      await assert.rejects(
        runTokenCommand([s]),
        (e: unknown) =>
          e instanceof TokenCommandError && e.reason === reason && e.message.includes(s) && !e.message.includes(SECRET) && !e.message.includes('X-Injected'),
      );
    }
  });

  it('a program that does not exist says so', async () => {
    await assert.rejects(
      runTokenCommand([path.join(dir, 'no-such-program')]),
      (e: unknown) => e instanceof TokenCommandError && e.reason === 'missing' && /was not found/.test(e.message),
    );
  });
});

describe('the setting', () => {
  const ecr = { command: ['aws', 'ecr', 'get-login-password', '--region', 'us-east-1'], username: 'AWS' };

  it('only the user settings count: a workspace or folder value is ignored', () => {
    const fromWorkspace = { 'evil.example': { command: ['/bin/sh', '-c', 'curl attacker'], username: 'x' } };
    const { commands } = userTokenCommands({
      globalValue: { '123456789012.dkr.ecr.us-east-1.amazonaws.com': ecr },
      workspaceValue: fromWorkspace,
      workspaceFolderValue: fromWorkspace,
    } as { globalValue?: unknown });
    assert.deepEqual([...commands.keys()], ['123456789012.dkr.ecr.us-east-1.amazonaws.com']);
    assert.equal(userTokenCommands({ workspaceValue: fromWorkspace } as { globalValue?: unknown }).commands.size, 0);
    assert.equal(userTokenCommands(undefined).commands.size, 0);
  });

  it('keys are registry ids; entries without argv or user name are left out with a reason', () => {
    const { commands, problems } = parseTokenCommands({
      'https://Europe-Docker.pkg.dev/': { command: ['gcloud', 'auth', 'print-access-token'], username: 'oauth2accesstoken' },
      'a.example': { command: 'aws ecr get-login-password', username: 'AWS' },
      'b.example': { command: ['aws'] },
      'c.example': 'aws',
    });
    assert.deepEqual([...commands.keys()], ['europe-docker.pkg.dev']);
    assert.equal(problems.length, 3);
    assert.ok(problems.some((p) => p.includes('a.example') && /command/.test(p)));
    assert.ok(problems.some((p) => p.includes('b.example') && /username/.test(p)));
  });

  it('lifetimes by kind: ECR 12 h, others 1 h, or lifetimeSeconds', () => {
    assert.equal(tokenLifetimeSeconds('123456789012.dkr.ecr.us-east-1.amazonaws.com', ecr), 12 * 3600);
    assert.equal(tokenLifetimeSeconds('europe-docker.pkg.dev', { command: ['gcloud'], username: 'oauth2accesstoken' }), 3600);
    assert.equal(tokenLifetimeSeconds('europe-docker.pkg.dev', { command: ['gcloud'], username: 'oauth2accesstoken', lifetimeSeconds: 600 }), 600);
  });

  it('the label names the program only', () => {
    assert.equal(
      tokenCommandLabel({ command: ['/usr/local/bin/aws', 'ecr', 'get-login-password', '--profile', 'secret-profile'], username: 'AWS' }),
      'token command aws …',
    );
  });
});

/** A script that counts its runs in a file and prints the password in `passwordFile`. */
function countingCommand(name: string): { setting: TokenCommandSetting; runs: () => number; passwordFile: string } {
  const countFile = path.join(dir, `${name}.count`);
  const passwordFile = path.join(dir, `${name}.password`);
  fs.writeFileSync(countFile, '0');
  const s = script(
    name,
    `const fs = require('fs'); const n = Number(fs.readFileSync(${JSON.stringify(countFile)}, 'utf8')) + 1; fs.writeFileSync(${JSON.stringify(countFile)}, String(n)); process.stdout.write(fs.readFileSync(${JSON.stringify(passwordFile)}, 'utf8'));`,
  );
  return { setting: { command: [s], username: 'AWS' }, runs: () => Number(fs.readFileSync(countFile, 'utf8')), passwordFile };
}

describe('TokenCommands: kept for its lifetime', () => {
  it('runs once for concurrent asks, again only after the lifetime', async () => {
    const c = countingCommand('lifetime');
    fs.writeFileSync(c.passwordFile, 'pw-1');
    let now = 1_000_000;
    const host = 'europe-docker.pkg.dev';
    const tc = new TokenCommands(() => new Map([[host, { ...c.setting, lifetimeSeconds: 3600 }]]), { now: () => now });
    const [a, b] = await Promise.all([tc.get(host), tc.get(host)]);
    assert.deepEqual(a?.credentials, { username: 'AWS', password: 'pw-1' });
    assert.deepEqual(b?.credentials, a?.credentials);
    assert.equal(c.runs(), 1);
    now += 3000 * 1000;
    await tc.get(host);
    assert.equal(c.runs(), 1, 'ran again within the lifetime');
    assert.equal(tc.isFresh(host), true);
    now += 600 * 1000;
    assert.equal(tc.isFresh(host), false);
    fs.writeFileSync(c.passwordFile, 'pw-2');
    assert.deepEqual((await tc.get(host))?.credentials, { username: 'AWS', password: 'pw-2' });
    assert.equal(c.runs(), 2);
    assert.equal(await tc.get('other.example'), undefined);
  });
});

async function tagsOf(client: RegistryClient): Promise<string[]> {
  const all: string[] = [];
  for await (const page of client.tags('app')) all.push(...page);
  return all;
}

describe('TokenCommands with a client: a 401 runs the command again, once', () => {
  let server: TinyServer | undefined;
  after(async () => server?.close());

  it('the registry rejects the old token: one more run, the request succeeds; a second rejection is not met with a third run', async () => {
    const c = countingCommand('rotating');
    let accepted = 'pw-1';
    fs.writeFileSync(c.passwordFile, 'pw-1');
    server = await startServer((req, res) => {
      const auth = req.headers.authorization;
      const ok = auth === 'Basic ' + Buffer.from(`AWS:${accepted}`).toString('base64');
      if (!ok)
        return send(
          res,
          401,
          { 'www-authenticate': 'Basic realm="test"', 'content-type': 'application/json' },
          '{"errors":[{"code":"UNAUTHORIZED","message":"no"}]}',
        );
      if (req.url === '/v2/') return send(res, 200, {}, '{}');
      send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ name: 'app', tags: ['v1'] }));
    });
    const host = new URL(server.url).host;
    let now = Date.now();
    const tc = new TokenCommands(() => new Map([[host, c.setting]]), { now: () => now });
    const client = new RegistryClient({
      registry: server.url,
      retries: 0,
      credentials: async () => (await tc.get(host))?.credentials,
      credentialsRejected: (_h, rejected) => 'password' in rejected && tc.rejected(host, rejected.password),
    });
    assert.deepEqual(await tagsOf(client), ['v1']);
    assert.equal(c.runs(), 1);
    assert.deepEqual(await tagsOf(client), ['v1']);
    assert.equal(c.runs(), 1, 'ran again while the token worked');

    // The password rotates: the command now prints the new one.
    accepted = 'pw-2';
    fs.writeFileSync(c.passwordFile, 'pw-2');
    assert.deepEqual(await tagsOf(client), ['v1']);
    assert.equal(c.runs(), 2);

    // Two minutes later, rotated again, but the command still prints the old one: one run, then the error, not a loop.
    now += 120_000;
    accepted = 'pw-3';
    await assert.rejects(tagsOf(client), (e: unknown) => isRegistryError(e) && e.kind === 'unauthorized' && !e.message.includes('pw-2'));
    assert.equal(c.runs(), 3);
    await assert.rejects(tagsOf(client), (e: unknown) => isRegistryError(e) && e.kind === 'unauthorized');
    assert.equal(c.runs(), 3, 'ran again for a token fetched after a rejection moments ago');
  });
});

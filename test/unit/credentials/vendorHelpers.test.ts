// ECR's and gcloud's Docker credential helpers (`ecr-login`, `gcloud`) already sign in through
// `credHelpers` in Docker's config: a fake helper script of that name is asked for the host, with
// the server URL on stdin, and what it answers is the login.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lookupExternalCredentials } from '../../../src/credentials/externalCredentials';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-helpers-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `docker-credential-NAME` that records what it was asked and answers `secret` for `host` only. */
function helper(name: string, host: string, username: string, secret: string): string {
  const asked = path.join(dir, `${name}.asked`);
  const file = path.join(dir, `docker-credential-${name}`);
  fs.writeFileSync(
    file,
    `#!${process.execPath}
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  require('fs').appendFileSync(${JSON.stringify(asked)}, JSON.stringify([process.argv[2], input]) + '\\n');
  if (input.trim() === ${JSON.stringify(host)}) process.stdout.write(JSON.stringify({ ServerURL: input.trim(), Username: ${JSON.stringify(username)}, Secret: ${JSON.stringify(secret)} }));
  else { process.stdout.write('credentials not found in native keychain'); process.exit(1); }
});
`,
    { mode: 0o755 },
  );
  return asked;
}

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const GAR = 'europe-west4-docker.pkg.dev';
const askedEcr = helper('ecr-login', ECR, 'AWS', 'ecr-token-from-helper');
const askedGcloud = helper('gcloud', GAR, 'oauth2accesstoken', 'gcloud-token-from-helper');
const config = JSON.stringify({ auths: { [ECR]: {} }, credHelpers: { [ECR]: 'ecr-login', [GAR]: 'gcloud' }, credsStore: 'no-such-store' });
const fsEnv = {
  env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}`, DOCKER_CONFIG: '/docker-config' },
  homedir: () => '/home/nobody',
  readFile: async (file: string) => (file === path.join('/docker-config', 'config.json') ? config : undefined),
};

it('an ECR host named in credHelpers signs in through docker-credential-ecr-login', async () => {
  const found = await lookupExternalCredentials(ECR, { fsEnv });
  assert.deepEqual(found, {
    credentials: { username: 'AWS', password: 'ecr-token-from-helper' },
    source: 'docker-helper',
    sourceLabel: 'docker-credential-ecr-login',
  });
  assert.deepEqual(
    fs
      .readFileSync(askedEcr, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [['get', ECR]],
  );
});

it('an Artifact Registry host named in credHelpers signs in through docker-credential-gcloud', async () => {
  const found = await lookupExternalCredentials(GAR, { fsEnv });
  assert.deepEqual(found?.credentials, { username: 'oauth2accesstoken', password: 'gcloud-token-from-helper' });
  assert.equal(found?.sourceLabel, 'docker-credential-gcloud');
  assert.deepEqual(
    fs
      .readFileSync(askedGcloud, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [['get', GAR]],
  );
});

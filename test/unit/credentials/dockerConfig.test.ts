import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  parseDockerConfig,
  inlineCredentials,
  helperFor,
  registriesInConfig,
  registryIdOfAuthKey,
  helperServerUrl,
  DOCKER_HUB_AUTH_KEY,
} from '../../../src/credentials/dockerConfig';
import { dockerConfigPath, podmanAuthPaths, type FileSystemEnv } from '../../../src/credentials/configFiles';
import { lookupExternalCredentials, registriesFromDockerConfig } from '../../../src/credentials/externalCredentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('auths: base64 user:pass, a password containing colons, and explicit username/password fields', () => {
  const c = parseDockerConfig(
    JSON.stringify({
      auths: {
        'registry.example.com': { auth: b64('alice:pa:ss:word') },
        'https://other.example:5000/v2/': { username: 'bob', password: 'pw' },
      },
    }),
  );
  assert.deepEqual(inlineCredentials(c, 'registry.example.com'), { username: 'alice', password: 'pa:ss:word' });
  assert.deepEqual(inlineCredentials(c, 'other.example:5000'), { username: 'bob', password: 'pw' });
  assert.equal(inlineCredentials(c, 'unknown.example'), undefined);
});

test('auths: identitytoken wins over the auth field', () => {
  const c = parseDockerConfig(
    JSON.stringify({ auths: { 'myacr.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'refresh-xyz' } } }),
  );
  assert.deepEqual(inlineCredentials(c, 'myacr.azurecr.io'), { identityToken: 'refresh-xyz', username: '00000000-0000-0000-0000-000000000000' });
});

test('auths: an empty entry (credsStore placeholder) gives no credentials but names the registry', () => {
  const c = parseDockerConfig(JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' }));
  assert.equal(inlineCredentials(c, 'ghcr.io'), undefined);
  assert.equal(helperFor(c, 'ghcr.io'), 'desktop');
  assert.deepEqual(registriesInConfig(c), ['ghcr.io']);
});

test('Docker Hub key variants all mean docker.io; the CLI key wins over aliases', () => {
  for (const key of ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'https://registry-1.docker.io', 'registry.hub.docker.com']) {
    assert.equal(registryIdOfAuthKey(key), 'docker.io', key);
  }
  const c = parseDockerConfig(JSON.stringify({ auths: { [DOCKER_HUB_AUTH_KEY]: { auth: b64('real:one') }, 'docker.io': { auth: b64('alias:two') } } }));
  assert.deepEqual(inlineCredentials(c, 'docker.io'), { username: 'real', password: 'one' });
  assert.equal(helperServerUrl('docker.io'), 'https://index.docker.io/v1/');
  assert.equal(helperServerUrl('ghcr.io'), 'ghcr.io');
});

test('keys are compared by host: scheme, path and case do not matter', () => {
  assert.equal(registryIdOfAuthKey('HTTPS://Registry.Example.com/v1/'), 'registry.example.com');
  assert.equal(registryIdOfAuthKey('http://localhost:5000'), 'localhost:5000');
});

test('credHelpers per host take precedence over credsStore', () => {
  const c = parseDockerConfig(
    JSON.stringify({ credsStore: 'secretservice', credHelpers: { 'gcr.io': 'gcloud', '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' } }),
  );
  assert.equal(helperFor(c, 'gcr.io'), 'gcloud');
  assert.equal(helperFor(c, '123.dkr.ecr.us-east-1.amazonaws.com'), 'ecr-login');
  assert.equal(helperFor(c, 'quay.io'), 'secretservice');
  assert.deepEqual(registriesInConfig(c).sort(), ['123.dkr.ecr.us-east-1.amazonaws.com', 'gcr.io']);
});

test('a config that is not JSON is reported by file name', () => {
  assert.throws(() => parseDockerConfig('{ nope', '/home/me/.docker/config.json'), /\/home\/me\/\.docker\/config\.json is not valid JSON/);
});

test('file locations: $DOCKER_CONFIG, ~/.docker; podman: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR, ~/.config', () => {
  assert.equal(dockerConfigPath({ DOCKER_CONFIG: '/etc/dc' }, '/home/me'), path.join('/etc/dc', 'config.json'));
  assert.equal(dockerConfigPath({}, '/home/me'), path.join('/home/me', '.docker', 'config.json'));
  assert.deepEqual(podmanAuthPaths({ REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/user/1' }, '/home/me'), [
    '/a.json',
    path.join('/run/user/1', 'containers', 'auth.json'),
    path.join('/home/me', '.config', 'containers', 'auth.json'),
  ]);
});

function fakeFs(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): FileSystemEnv {
  return { env, homedir: () => '/home/me', readFile: async (f) => files[f] };
}

test('lookup: inline Docker auths, then podman auth.json', async () => {
  const fsEnv = fakeFs(
    {
      '/home/me/.docker/config.json': JSON.stringify({ auths: { 'a.example': { auth: b64('docker:user') } } }),
      '/run/user/1/containers/auth.json': JSON.stringify({ auths: { 'b.example': { auth: b64('podman:user') } } }),
    },
    { XDG_RUNTIME_DIR: '/run/user/1' },
  );
  assert.deepEqual(await lookupExternalCredentials('a.example', { fsEnv }), {
    credentials: { username: 'docker', password: 'user' },
    source: 'docker-config',
    sourceLabel: '/home/me/.docker/config.json',
  });
  assert.deepEqual(await lookupExternalCredentials('b.example', { fsEnv }), {
    credentials: { username: 'podman', password: 'user' },
    source: 'podman',
    sourceLabel: '/run/user/1/containers/auth.json',
  });
  assert.equal(await lookupExternalCredentials('c.example', { fsEnv }), undefined);
  assert.deepEqual((await registriesFromDockerConfig(fsEnv)).registries, ['a.example', 'b.example']);
});

test('lookup: a configured helper is asked first; "not found" falls back to inline auths', async () => {
  const fixtures = path.resolve(__dirname, '../../fixtures/files');
  const fsEnv = fakeFs(
    {
      '/cfg/config.json': JSON.stringify({ credsStore: 'fake', auths: { 'missing.example': { auth: b64('inline:pw') } } }),
    },
    { DOCKER_CONFIG: '/cfg', PATH: `${fixtures}${path.delimiter}${process.env.PATH}` },
  );
  assert.deepEqual(await lookupExternalCredentials('found.example', { fsEnv }), {
    credentials: { username: 'alice', password: 's3cret' },
    source: 'docker-helper',
    sourceLabel: 'docker-credential-fake',
  });
  assert.deepEqual(await lookupExternalCredentials('docker.io', { fsEnv }), {
    credentials: { username: 'hubuser', password: 'hubpass' },
    source: 'docker-helper',
    sourceLabel: 'docker-credential-fake',
  });
  assert.deepEqual((await lookupExternalCredentials('missing.example', { fsEnv }))?.credentials, { username: 'inline', password: 'pw' });
});

// What Add Registry asks per kind of registry, and what it writes to the entry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registryKindOfHost } from '../../../src/registry';
import { checkAnswer, kindChoices, kindPatch, kindQuestions, parseNamespaces, type KindChoice } from '../../../src/model/registryKinds';

const fields = (kind: KindChoice, registryId: string, probedApiUrl?: string) =>
  kindQuestions(kind, { registryId, origin: `https://${registryId}`, probedApiUrl }).map((q) => q.field);

describe('the questions per kind', () => {
  it('GitLab: the API address, then the groups or projects', () => {
    assert.deepEqual(fields('gitlab', 'registry.gitlab.com'), ['apiUrl', 'namespaces']);
    assert.deepEqual(fields('gitlab', 'registry.example.com'), ['apiUrl', 'namespaces']);
  });

  it("GitLab's API address is prefilled with what the probe learned, else the default", () => {
    const [api] = kindQuestions('gitlab', {
      registryId: 'registry.example.com',
      origin: 'https://registry.example.com',
      probedApiUrl: 'https://gitlab.example.com/api/v4',
    });
    assert.equal(api.value, 'https://gitlab.example.com/api/v4');
    assert.equal(api.optional, false);
    assert.equal(kindQuestions('gitlab', { registryId: 'registry.gitlab.com', origin: 'https://registry.gitlab.com' })[0].value, 'https://gitlab.com/api/v4');
  });

  it('GHCR: the owners only (empty: the signed-in user); GitHub Enterprise also its API address', () => {
    assert.deepEqual(fields('ghcr', 'ghcr.io'), ['namespaces']);
    const [owners] = kindQuestions('ghcr', { registryId: 'ghcr.io', origin: 'https://ghcr.io' });
    assert.equal(owners.optional, true);
    assert.match(owners.prompt, /Leave empty for your own/);
    assert.deepEqual(fields('ghcr', 'containers.github.example.com'), ['apiUrl', 'namespaces']);
  });

  it('Quay: namespaces', () => assert.deepEqual(fields('quay', 'quay.io'), ['namespaces']));

  it('Harbor, Docker Hub, ACR, ECR, Artifact Registry and a plain registry: nothing more than the login', () => {
    for (const kind of ['harbor', 'dockerhub', 'acr', 'ecr', 'artifact-registry', 'distribution'] as KindChoice[])
      assert.deepEqual(fields(kind, 'r.example.com'), [], kind);
  });

  it('Edit Connection prefills what the entry holds', () => {
    const qs = kindQuestions('gitlab', {
      registryId: 'r.example.com',
      origin: 'https://r.example.com',
      probedApiUrl: 'https://other/api/v4',
      current: { apiUrl: 'https://git.example.com/api/v4', namespaces: ['a', 'b/c'] },
    });
    assert.deepEqual(
      qs.map((q) => q.value),
      ['https://git.example.com/api/v4', 'a, b/c'],
    );
  });
});

describe('the kind pick', () => {
  it('the detected kind first, the plain registry always offered, each kind once', () => {
    const list = kindChoices('harbor');
    assert.equal(list[0], 'harbor');
    assert.ok(list.includes('distribution'));
    assert.equal(new Set(list).size, list.length);
    assert.equal(kindChoices(undefined)[0], 'distribution');
  });

  it('every host pattern of the hosted services is detected first (and others are not)', () => {
    const hosts: [string, KindChoice | undefined][] = [
      ['ghcr.io', 'ghcr'],
      ['myteam.azurecr.io', 'acr'],
      ['quay.io', 'quay'],
      ['registry.gitlab.com', 'gitlab'],
      ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'ecr'],
      ['europe-west4-docker.pkg.dev', 'artifact-registry'],
      ['gcr.io', 'artifact-registry'],
      ['docker.io', 'dockerhub'],
      ['registry.example.com', undefined],
      ['gitlab.example.com', undefined],
      ['pkg.dev', undefined],
      ['ecr.amazonaws.com', undefined],
      ['quay.io.example.com', undefined],
    ];
    for (const [host, kind] of hosts) assert.equal(kindChoices(registryKindOfHost(host))[0], kind ?? 'distribution', host);
  });
});

describe('what the entry keeps', () => {
  it('kind only when the host does not imply it', () => {
    assert.equal(kindPatch('ghcr.io', 'https://ghcr.io', 'ghcr', {}).kind, undefined);
    assert.equal(kindPatch('harbor.example.com', 'https://harbor.example.com', 'harbor', {}).kind, 'harbor');
    assert.equal(kindPatch('registry.example.com', 'https://registry.example.com', 'distribution', {}).kind, undefined);
    // The plain registry chosen for a host that implies a vendor must be written, or the host would win.
    assert.equal(kindPatch('quay.io', 'https://quay.io', 'distribution', {}).kind, 'distribution');
  });

  it("apiUrl only when it is not the kind's default, and only for kinds with an API address", () => {
    assert.equal(kindPatch('registry.gitlab.com', 'https://registry.gitlab.com', 'gitlab', { apiUrl: 'https://gitlab.com/api/v4/' }).apiUrl, undefined);
    assert.equal(
      kindPatch('registry.example.com', 'https://registry.example.com', 'gitlab', { apiUrl: 'https://gitlab.example.com/api/v4' }).apiUrl,
      'https://gitlab.example.com/api/v4',
    );
    assert.equal(kindPatch('h.example.com', 'http://h.example.com', 'harbor', { apiUrl: 'http://h.example.com/api/v2.0' }).apiUrl, undefined);
    assert.equal(kindPatch('x.azurecr.io', 'https://x.azurecr.io', 'acr', { apiUrl: 'https://x.azurecr.io/acr/v1' }).apiUrl, undefined);
  });

  it('namespaces as typed, deduplicated; none clears them', () => {
    assert.deepEqual(parseNamespaces(' a, b/c  d,,a /e/ '), ['a', 'b/c', 'd', 'e']);
    assert.deepEqual(kindPatch('ghcr.io', 'https://ghcr.io', 'ghcr', { namespaces: ['octo-org'] }).namespaces, ['octo-org']);
    assert.equal(kindPatch('ghcr.io', 'https://ghcr.io', 'ghcr', { namespaces: [] }).namespaces, undefined);
  });
});

describe('answers that cannot be used', () => {
  const [api, groups] = kindQuestions('gitlab', { registryId: 'r.example.com', origin: 'https://r.example.com' });
  const [owners] = kindQuestions('ghcr', { registryId: 'ghcr.io', origin: 'https://ghcr.io' });
  it('an API address must be http(s), without a login', () => {
    assert.equal(checkAnswer('gitlab', api, 'https://gitlab.example.com'), undefined);
    assert.match(checkAnswer('gitlab', api, 'gitlab example') ?? '', /not an address/);
    assert.match(checkAnswer('gitlab', api, 'ftp://gitlab.example.com') ?? '', /not an http/);
    assert.match(checkAnswer('gitlab', api, 'https://me:secret@gitlab.example.com') ?? '', /user name and password/);
    assert.match(checkAnswer('gitlab', api, '') ?? '', /Type the address/);
  });
  it('names per vendor', () => {
    assert.equal(checkAnswer('gitlab', groups, 'group/sub/project, other'), undefined);
    assert.match(checkAnswer('gitlab', groups, 'group/../x?') ?? '', /group or project path/);
    assert.equal(checkAnswer('ghcr', owners, ''), undefined);
    assert.match(checkAnswer('ghcr', owners, 'octo_org') ?? '', /GitHub user or organisation/);
  });
});

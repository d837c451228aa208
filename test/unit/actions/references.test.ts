import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestReference, imageName, pullCommand, tagReference } from '../../../src/actions/pullReferences';

const D = 'sha256:' + 'ab'.repeat(32);

test('references on a private registry keep host and port', () => {
  assert.equal(tagReference('127.0.0.1:5000', 'foo/bar', 'qux'), '127.0.0.1:5000/foo/bar:qux');
  assert.equal(digestReference('registry.example.com', 'team/app', D), `registry.example.com/team/app@${D}`);
  assert.equal(pullCommand(tagReference('localhost:5000', 'a', '1.0')), 'docker pull localhost:5000/a:1.0');
});

test('a URL-shaped host loses its scheme', () => {
  assert.equal(imageName('http://127.0.0.1:5000', 'foo/bar'), '127.0.0.1:5000/foo/bar');
  assert.equal(imageName('https://ghcr.io/', 'o/r'), 'ghcr.io/o/r');
});

test('Docker Hub references are shortened the way the docker CLI writes them', () => {
  for (const host of ['registry-1.docker.io', 'docker.io', 'index.docker.io', 'Docker.IO']) {
    assert.equal(tagReference(host, 'library/nginx', '1.27'), 'nginx:1.27', host);
    assert.equal(tagReference(host, 'bitnami/redis', 'latest'), 'bitnami/redis:latest', host);
  }
  assert.equal(digestReference('registry-1.docker.io', 'library/alpine', D), `alpine@${D}`);
  assert.equal(pullCommand(digestReference('registry-1.docker.io', 'library/alpine', D)), `docker pull alpine@${D}`);
  // `library/` is only dropped for official single-name images, not deeper paths.
  assert.equal(imageName('docker.io', 'library/x/y'), 'library/x/y');
  // Not Docker Hub: nothing is shortened.
  assert.equal(imageName('quay.io', 'library/nginx'), 'quay.io/library/nginx');
});

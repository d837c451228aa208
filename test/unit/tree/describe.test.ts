import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNode, type DescribeContext } from '../../../src/tree/describe';
import type { RegistryInfo } from '../../../src/model/services';
import { failureNode, noCatalogNode, signInFailedNode } from '../../../src/model/errorNodes';
import { formatAge, formatSize } from '../../../src/tree/format';
import type { TreeNode } from '../../../src/model/nodes';
import { RegistryError, shortDigest } from '../../../src/registry';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const DIGEST = 'sha256:' + 'ab12cd34ef56'.padEnd(64, '0');

function ctx(info?: Partial<RegistryInfo>): DescribeContext {
  return { now: NOW, registry: (id) => (info ? { host: id, url: `http://${id}`, signedInHere: false, ...info } : undefined) };
}

test('registry: host as label, who is signed in as description, signedIn context only when signed in here', () => {
  const node: TreeNode = { kind: 'registry', registryId: '127.0.0.1:5000' };
  const signed = describeNode(node, ctx({ username: 'alice', credentialSource: 'signed in in VS Code', signedInHere: true }));
  assert.equal(signed.label, '127.0.0.1:5000');
  assert.equal(signed.description, 'alice');
  assert.equal(signed.contextValue, 'registry.signedIn');
  assert.equal(signed.collapsible, 'collapsed');
  assert.match(signed.tooltip!, /Signed in as \*\*alice\*\*/);
  const docker = describeNode(node, ctx({ username: 'bob', credentialSource: '/home/me/.docker/config.json' }));
  assert.equal(docker.contextValue, 'registry');
  const anon = describeNode(node, ctx({}));
  assert.equal(anon.description, 'anonymous');
  assert.match(anon.tooltip!, /Anonymous/);
});

test('registry tooltip shows Docker Hub rate-limit figures', () => {
  const d = describeNode({ kind: 'registry', registryId: 'docker.io' }, ctx({ rateLimit: { limit: 100, remaining: 76, windowSeconds: 21600, source: '203.0.113.9' } }));
  assert.match(d.tooltip!, /Pull rate limit: \*\*76\*\* of 100 left per 6 h \(counted for 203\\\.0\\\.113\\\.9\)/);
});

test('tag: tag as label; short digest · size · age once details are in; "…" before', () => {
  const pending = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: '1.0', details: { state: 'loading' } }, ctx());
  assert.equal(pending.label, '1.0');
  assert.equal(pending.description, '…');
  assert.equal(pending.contextValue, 'tag');
  assert.equal(pending.collapsible, 'none');
  assert.match(pending.tooltip!, /Loading details/);
  const loaded = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: '1.0', details: { state: 'loaded', digest: DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 7_340_032, created: '2026-01-07T12:00:00Z', platforms: [{ os: 'linux', architecture: 'amd64' }] } }, ctx());
  assert.equal(loaded.description, 'ab12cd34ef56 · 7.3 MB · 3 days ago');
  assert.match(loaded.tooltip!, new RegExp(`Digest: \`${DIGEST}\``));
  assert.match(loaded.tooltip!, /Media type: `application\/vnd\.oci\.image\.manifest\.v1\+json`/);
  assert.match(loaded.tooltip!, /Platforms: linux\/amd64/);
  assert.match(loaded.tooltip!, /Created: 2026/);
  assert.match(loaded.tooltip!, /Size: 7\.3 MB \(7340032 bytes/);
});

test('index tag: collapsible, tag.index, platform count', () => {
  const d = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/multi', tag: 'latest', details: { state: 'loaded', digest: DIGEST, mediaType: 'application/vnd.oci.image.index.v1+json', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] } }, ctx());
  assert.equal(d.contextValue, 'tag.index');
  assert.equal(d.collapsible, 'collapsed');
  assert.equal(d.description, 'ab12cd34ef56 · 2 platforms');
  assert.match(d.tooltip!, /linux\/arm64\/v8/);
});

test('failed details say so', () => {
  const d = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo', tag: 'x', details: { state: 'failed', error: 'gone' } }, ctx());
  assert.equal(d.description, 'details unavailable');
  assert.match(d.tooltip!, /gone/);
});

test('platform, repository, load more', () => {
  const p = describeNode({ kind: 'platform', registryId: 'r', repository: 'foo', tag: 'latest', digest: DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1234, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }, ctx());
  assert.equal(p.label, 'linux/arm/v7');
  assert.equal(p.description, 'ab12cd34ef56 · 1.2 kB');
  assert.equal(p.contextValue, 'platform');
  const repo = describeNode({ kind: 'repository', registryId: 'r', repository: 'foo/bar' }, ctx());
  assert.deepEqual([repo.label, repo.contextValue, repo.collapsible], ['foo/bar', 'repository', 'collapsed']);
  const byHand = describeNode({ kind: 'repository', registryId: 'r', repository: 'library/alpine', addedByHand: true }, ctx());
  assert.equal(byHand.contextValue, 'repository.byHand');
  const more = describeNode({ kind: 'loadMore', registryId: 'r', repository: 'foo' }, ctx());
  assert.equal(more.label, 'Load more…');
  assert.equal(more.contextValue, 'loadMore');
  assert.equal(more.command?.command, 'registryExplorer.loadMore');
});

test('ids are unique per node and stable', () => {
  const a = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo', tag: '1' }, ctx()).id;
  const b = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/1', tag: '1' }, ctx()).id;
  assert.notEqual(a, b);
  assert.equal(a, describeNode({ kind: 'tag', registryId: 'r', repository: 'foo', tag: '1', details: { state: 'loaded', digest: DIGEST } }, ctx()).id);
});

test('wrong password: the sign-in node says whose password was rejected and runs Sign In on click', () => {
  const node = signInFailedNode({ registryId: '127.0.0.1:5000', username: 'alice' });
  assert.equal(node.text, "Sign-in failed for 127.0.0.1:5000: the registry rejected alice's password. Sign in again.");
  const d = describeNode(node, ctx());
  assert.equal(d.contextValue, 'message.signIn');
  assert.equal(d.command?.command, 'registryExplorer.signIn');
  assert.equal(d.icon, 'warning');
  const verified = failureNode(new RegistryError({ kind: 'unauthorized', operation: 'list tags', message: 'no' }), { registryId: 'h', username: 'alice', credentialsRejected: true });
  assert.equal(verified.action, 'signIn');
  assert.match(verified.text, /rejected alice's password/);
});

test('failures map to the fix: denied → sign in, network → retry, tls → edit connection, no catalog → add repository', () => {
  const err = (kind: RegistryError['kind']) => new RegistryError({ kind, operation: 'list', message: `${kind} happened.`, hint: 'Do this.' });
  const c = { registryId: 'reg.example', repository: 'foo/bar', username: 'carol' };
  assert.equal(failureNode(err('denied'), c).action, 'signIn');
  assert.match(failureNode(err('denied'), c).text, /denied carol access to the tags of foo\/bar/);
  const down = failureNode(err('network'), c);
  assert.equal(down.action, 'retry');
  assert.match(down.text, /cannot be reached/);
  assert.match(down.detail!, /network happened\. Do this\./);
  assert.equal(describeNode(down, ctx()).contextValue, 'message.retry');
  assert.equal(describeNode(down, ctx()).command?.command, 'registryExplorer.refreshNode');
  const tls = failureNode(err('tls'), c);
  assert.equal(describeNode(tls, ctx()).contextValue, 'message.editConnection');
  assert.equal(failureNode(err('unauthorized'), { registryId: 'h' }).text, 'h wants you to sign in to see the repositories. Sign in.');
  const nc = describeNode(noCatalogNode('ghcr.io', 'by-design'), ctx());
  assert.equal(nc.contextValue, 'message.noCatalog');
  assert.equal(nc.command?.command, 'registryExplorer.addRepository');
  assert.match(nc.label, /ghcr\.io does not list its repositories/);
  const setting = Object.assign(new Error('Cannot read the CA certificate file /x.pem'), { kind: 'connection-setting' });
  assert.equal(failureNode(setting, c).action, 'editConnection');
});

test('formats: short digest, decimal sizes, ages', () => {
  assert.equal(shortDigest(DIGEST), 'ab12cd34ef56');
  assert.equal(formatSize(999), '999 B');
  assert.equal(formatSize(1_500), '1.5 kB');
  assert.equal(formatSize(123_456_789), '123 MB');
  assert.equal(formatAge('2026-01-10T11:59:50Z', NOW), 'just now');
  assert.equal(formatAge('2026-01-10T11:55:00Z', NOW), '5 minutes ago');
  assert.equal(formatAge('2026-01-09T12:00:00Z', NOW), '1 day ago');
  assert.equal(formatAge('2024-01-10T12:00:00Z', NOW), '2 years ago');
  assert.equal(formatAge('not a date', NOW), undefined);
});

test('tags that name another image: the referrers index and cosign tags say whose they are', () => {
  const hex = 'ab12cd34ef56'.padEnd(64, '0');
  const fallback = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: `sha256-${hex}`, details: { state: 'loaded', digest: DIGEST.replace('ab', 'cd'), mediaType: 'application/vnd.oci.image.index.v1+json' } }, ctx());
  assert.match(fallback.description!, /^referrers of ab12cd34ef56 · /);
  assert.equal(fallback.icon, 'references');
  assert.equal(fallback.contextValue, 'tag', 'not an index of platforms');
  assert.equal(fallback.collapsible, 'none');
  assert.match(fallback.tooltip!, /fallback index listing the referrers/);
  const sig = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: `sha256-${hex}.sig` }, ctx());
  assert.equal(sig.description, 'cosign signature of ab12cd34ef56');
  const plain = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: 'sha256-abc' }, ctx());
  assert.equal(plain.icon, 'tag');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNode, selectionContext, type DescribeContext } from '../../../src/tree/describe';
import type { RegistryInfo } from '../../../src/model/services';
import { failureNode, noCatalogNode, signInFailedNode } from '../../../src/model/errorNodes';
import { ageWords, formatAge, formatShortAge, formatSize, sizeWords } from '../../../src/tree/format';
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
  const docker = describeNode(node, ctx({ username: 'bob', credentialSource: '/home/me/.docker/config.json', credentialKind: 'docker-config' }));
  // A Docker-config login: Sign Out is offered, and says where the login comes from.
  assert.equal(docker.contextValue, 'registry.external');
  assert.match(docker.tooltip!, /Signed in as \*\*bob\*\* through \/home\/me\/\\\.docker\/config\\\.json; `docker logout 127\.0\.0\.1:5000` removes it\./);
  const anon = describeNode(node, ctx({}));
  assert.equal(anon.description, 'anonymous');
  assert.match(anon.tooltip!, /Anonymous/);
});

test('registry tooltip of a token command login names the command, not a docker logout', () => {
  const node: TreeNode = { kind: 'registry', registryId: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' };
  const d = describeNode(node, ctx({ username: 'AWS', credentialSource: 'token command aws …', credentialKind: 'token-command' }));
  assert.equal(d.description, 'AWS');
  assert.match(d.tooltip!, /Signed in as \*\*AWS\*\* through a token command aws … \(registryExplorer\.tokenCommands in your user settings\)\./);
  assert.doesNotMatch(d.tooltip!, /docker logout/);
});

test('registry tooltip shows Docker Hub rate-limit figures', () => {
  const d = describeNode(
    { kind: 'registry', registryId: 'docker.io' },
    ctx({ rateLimit: { limit: 100, remaining: 76, windowSeconds: 21600, source: '203.0.113.9' } }),
  );
  assert.match(d.tooltip!, /Pull rate limit: \*\*76\*\* of 100 left per 6 h \(counted for 203\\\.0\\\.113\\\.9\)/);
});

test('tag: tag as label; short digest · size · age once details are in; "…" before', () => {
  const pending = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: '1.0', details: { state: 'loading' } }, ctx());
  assert.equal(pending.label, '1.0');
  assert.equal(pending.description, '…');
  assert.equal(pending.contextValue, 'tag');
  assert.equal(pending.collapsible, 'none');
  assert.match(pending.tooltip!, /Loading details/);
  const loaded = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'foo/bar',
      tag: '1.0',
      details: {
        state: 'loaded',
        digest: DIGEST,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 7_340_032,
        created: '2026-01-07T12:00:00Z',
        platforms: [{ os: 'linux', architecture: 'amd64' }],
      },
    },
    ctx(),
  );
  assert.equal(loaded.description, '7.3 MB · 3d · ab12cd34ef56', 'size and age first: the end of a row is cut at the default width');
  assert.match(loaded.tooltip!, new RegExp(`Digest: \`${DIGEST}\``));
  assert.match(loaded.tooltip!, /Media type: `application\/vnd\.oci\.image\.manifest\.v1\+json`/);
  assert.match(loaded.tooltip!, /Platform: linux\/amd64/);
  assert.match(loaded.tooltip!, /Created: 2026/);
  assert.match(loaded.tooltip!, /Size: 7\.3 MB \(7340032 bytes/);
});

test('index tag: collapsible, tag.index, platform count', () => {
  const d = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'foo/multi',
      tag: 'latest',
      details: {
        state: 'loaded',
        digest: DIGEST,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64', variant: 'v8' },
        ],
      },
    },
    ctx(),
  );
  assert.equal(d.contextValue, 'tag.index');
  assert.equal(d.collapsible, 'collapsed');
  assert.equal(d.description, '2 platforms · ab12cd34ef56');
  assert.match(d.tooltip!, /linux\/arm64\/v8/);
});

test('failed details say so', () => {
  const d = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo', tag: 'x', details: { state: 'failed', error: 'gone' } }, ctx());
  assert.equal(d.description, 'details unavailable');
  assert.match(d.tooltip!, /gone/);
});

test('platform, repository, load more', () => {
  const p = describeNode(
    {
      kind: 'platform',
      registryId: 'r',
      repository: 'foo',
      tag: 'latest',
      digest: DIGEST,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 1234,
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    },
    ctx(),
  );
  assert.equal(p.label, 'linux/arm/v7');
  // The manifest's own size (1234) is not the image's: the image size shows once read.
  assert.equal(p.description, 'ab12cd34ef56');
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

test('wrong password: a short row saying whose password was rejected; Sign In on click; the reason in the tooltip', () => {
  const node = signInFailedNode({ registryId: '127.0.0.1:5000', username: 'alice' });
  assert.equal(node.text, "alice's password was rejected");
  const d = describeNode(node, ctx());
  assert.equal(d.contextValue, 'message.signIn');
  assert.equal(d.command?.command, 'registryExplorer.signIn');
  assert.equal(d.icon, 'warning');
  assert.match(d.tooltip!, /127\\\.0\\\.0\\\.1:5000 rejected the login/);
  assert.equal(d.accessibilityLabel, "Problem: alice's password was rejected. Enter: Sign In");
  const verified = failureNode(new RegistryError({ kind: 'unauthorized', operation: 'list tags', message: 'no' }), {
    registryId: 'h',
    username: 'alice',
    credentialsRejected: true,
  });
  assert.equal(verified.action, 'signIn');
  assert.match(verified.text, /alice's password was rejected/);
});

test('failures map to the fix, in rows short enough for the side bar: denied → sign in, network → retry, tls → edit connection, no catalog → add repository', () => {
  const err = (kind: RegistryError['kind']) => new RegistryError({ kind, operation: 'list', message: `${kind} happened.`, hint: 'Do this.' });
  const c = { registryId: 'reg.example', repository: 'foo/bar', username: 'carol' };
  assert.equal(failureNode(err('denied'), c).action, 'signIn');
  assert.equal(failureNode(err('denied'), c).text, 'Access denied to carol');
  assert.match(failureNode(err('denied'), c).detail!, /reg\.example denied access to the tags of foo\/bar: denied happened\. Do this\./);
  const down = failureNode(err('network'), c);
  assert.equal(down.action, 'retry');
  assert.equal(down.text, 'Registry cannot be reached');
  assert.match(down.detail!, /network happened\. Do this\./);
  const row = describeNode(down, ctx());
  assert.equal(row.contextValue, 'message.retry');
  assert.deepEqual(row.command, { command: 'registryExplorer.retry', title: 'Retry' }, 'the button says what it does');
  assert.doesNotMatch(row.tooltip!, /Registry cannot be reached/, 'the tooltip does not repeat the row');
  const tls = failureNode(err('tls'), c);
  assert.equal(describeNode(tls, ctx()).contextValue, 'message.editConnection');
  assert.equal(tls.text, 'Certificate not trusted');
  assert.equal(failureNode(err('unauthorized'), { registryId: 'h' }).text, 'Sign in to see the repositories');
  const nc = describeNode(noCatalogNode('ghcr.io', 'by-design'), ctx());
  assert.equal(nc.contextValue, 'message.noCatalog');
  assert.equal(nc.command?.command, 'registryExplorer.addRepository');
  assert.equal(nc.label, 'No catalog: add repositories');
  assert.match(nc.tooltip!, /ghcr\\\.io has no catalog API/);
  assert.equal(noCatalogNode('h', 'refused', 'alice').text, 'alice may not list repositories');
  const setting = Object.assign(new Error('Cannot read the CA certificate file /x.pem'), { kind: 'connection-setting' });
  assert.equal(failureNode(setting, c).action, 'editConnection');
  // Every failure row fits a 300 px side bar (about 34 characters at the second level).
  for (const kind of ['unauthorized', 'denied', 'tls', 'not-found', 'network', 'timeout', 'rate-limited', 'server', 'unsupported'] as const) {
    for (const where of [c, { registryId: 'reg.example', username: 'a-long-user-name' }, { registryId: 'reg.example' }]) {
      const text = failureNode(err(kind), where).text;
      assert.ok(text.length <= 40, `${kind}: "${text}" is too long for the side bar`);
    }
  }
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

test("tags that name another image: a short label, what they are, an artifact's menus", () => {
  const hex = 'ab12cd34ef56'.padEnd(64, '0');
  const fallback = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'foo/bar',
      tag: `sha256-${hex}`,
      details: { state: 'loaded', digest: DIGEST.replace('ab', 'cd'), mediaType: 'application/vnd.oci.image.index.v1+json' },
    },
    ctx(),
  );
  assert.equal(fallback.label, 'sha256-ab12cd34ef56…', 'not 71 characters');
  assert.equal(fallback.description, 'referrers index · cd12cd34ef56');
  assert.equal(fallback.icon, 'references');
  assert.equal(fallback.contextValue, 'tag.artifact', 'an artifact: no Retag or Copy in its menu, not an index of platforms');
  assert.equal(fallback.collapsible, 'none');
  assert.match(fallback.tooltip!, /fallback index listing the referrers/);
  assert.ok(fallback.tooltip!.includes(hex), 'the whole tag is in the tooltip');
  const sig = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: `sha256-${hex}.sig` }, ctx());
  assert.equal(sig.label, 'sha256-ab12cd34ef56….sig');
  assert.equal(sig.description, 'signature');
  assert.match(sig.accessibilityLabel, /^cosign signature of the image ab12cd34ef56/);
  const plain = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: 'sha256-abc' }, ctx());
  assert.equal(plain.icon, 'tag');
  assert.equal(plain.contextValue, 'tag');
});

test('registry row at the default side-bar width: its name leads, then who is signed in, then the address', () => {
  const node: TreeNode = { kind: 'registry', registryId: '127.0.0.1:5000' };
  const named = describeNode(
    node,
    ctx({ name: 'Demo registry', username: 'admin', credentialSource: '~/.docker/config.json', credentialKind: 'docker-config' }),
  );
  assert.equal(named.label, 'Demo registry');
  assert.equal(named.description, 'admin · 127.0.0.1:5000');
  assert.match(named.tooltip!, /^\*\*Demo registry\*\* · `http:\/\/127\.0\.0\.1:5000`/);
  assert.equal(named.accessibilityLabel, 'registry Demo registry at 127.0.0.1:5000, signed in as admin');
  const plain = describeNode(node, ctx({}));
  assert.equal(plain.label, '127.0.0.1:5000');
  assert.equal(plain.tooltip!.split('127\\.0\\.0\\.1:5000').length - 1, 1, `the tooltip names the address once:\n${plain.tooltip}`);
  // Where the registry lists no repositories, Add Repository is the row's inline action.
  assert.equal(describeNode(node, ctx({ catalogClosed: true })).contextValue, 'registry.noCatalog');
  assert.equal(describeNode(node, ctx({ catalogClosed: true, username: 'a', signedInHere: true })).contextValue, 'registry.signedIn.noCatalog');
});

test('the registry tooltip says where its repositories come from, once it is known', () => {
  const node: TreeNode = { kind: 'registry', registryId: 'harbor.example' };
  const from = describeNode(node, ctx({ listedFrom: "Harbor's API at https://harbor.example/api/v2.0, projects a, b" }));
  // Markdown-escaped (md), so read with the escapes taken out.
  assert.match(from.tooltip!.replace(/\\/g, ''), /\n\nRepositories from Harbor's API at https:\/\/harbor\.example\/api\/v2\.0, projects a, b\.(\n|$)/);
  assert.doesNotMatch(describeNode(node, ctx({})).tooltip!, /Repositories from/);
});

test('a tag opens its manifest as its default action, keeping the focus in the tree', () => {
  const d = describeNode({ kind: 'tag', registryId: 'r', repository: 'foo', tag: 'v1' }, ctx());
  assert.deepEqual(d.command, { command: 'registryExplorer.inspectManifest', title: 'Inspect Manifest', arguments: [{ preserveFocus: true }] });
  const p = describeNode(
    { kind: 'platform', registryId: 'r', repository: 'foo', tag: 'latest', digest: DIGEST, mediaType: 'm', platform: { os: 'linux', architecture: 'amd64' } },
    ctx(),
  );
  assert.equal(p.command?.command, 'registryExplorer.inspectManifest');
});

test('a multi-arch index: platforms show their image size and date, the index its platform count and newest date, the tooltip a table', () => {
  const amd = {
    platform: { os: 'linux', architecture: 'amd64' },
    digest: 'sha256:' + '1'.repeat(64),
    state: 'loaded' as const,
    size: 7_340_032,
    created: '2026-01-05T12:00:00Z',
  };
  const arm = {
    platform: { os: 'linux', architecture: 'arm64' },
    digest: 'sha256:' + '2'.repeat(64),
    state: 'loaded' as const,
    size: 6_100_000,
    created: '2023-01-10T12:00:00Z',
  };
  const index: TreeNode = {
    kind: 'tag',
    registryId: 'r',
    repository: 'foo/multi',
    tag: 'latest',
    details: {
      state: 'loaded',
      digest: DIGEST,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: [amd.platform, arm.platform],
      platformImages: [amd, arm],
    },
  };
  const d = describeNode(index, ctx());
  assert.equal(d.description, '2 platforms · 5d · ab12cd34ef56', 'the newest platform dates the index');
  assert.match(d.tooltip!, /\| Platform \| Size \| Age \| Digest \|/);
  assert.match(d.tooltip!, /\| linux\/amd64 \| 7\.3 MB \| 5d \| `111111111111` \|/);
  assert.match(d.tooltip!, /\| linux\/arm64 \| 6\.1 MB \| 3y \| `222222222222` \|/);
  assert.equal(d.accessibilityLabel, 'tag latest, index of 2 platforms, digest ab12cd34ef56, newest 5 days old');
  const platform: TreeNode = {
    kind: 'platform',
    registryId: 'r',
    repository: 'foo/multi',
    tag: 'latest',
    digest: amd.digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 476,
    platform: amd.platform,
    image: amd,
  };
  const p = describeNode(platform, ctx());
  assert.equal(p.description, '7.3 MB · 5d · 111111111111', 'the image size, not the 476-byte manifest');
  assert.equal(p.accessibilityLabel, 'platform linux/amd64, digest 111111111111, 7.3 megabytes, 5 days old');
  // Before expansion only the platforms are known.
  const unread: TreeNode = {
    kind: 'tag',
    registryId: 'r',
    repository: 'foo/multi',
    tag: 'latest',
    details: { state: 'loaded', digest: DIGEST, mediaType: 'application/vnd.oci.image.index.v1+json', platforms: [amd.platform] },
  };
  assert.match(describeNode(unread, ctx()).tooltip!, /Expand the tag to read each one's size and date/);
});

test('every row reads as a sentence in a screen reader', () => {
  const tag: TreeNode = {
    kind: 'tag',
    registryId: 'r',
    repository: 'foo/bar',
    tag: 'v1',
    details: { state: 'loaded', digest: DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 450, created: '2023-01-01T00:00:00Z' },
  };
  assert.equal(describeNode(tag, ctx()).accessibilityLabel, 'tag v1, digest ab12cd34ef56, 450 bytes, 3 years old');
  assert.equal(
    describeNode({ kind: 'tag', registryId: 'r', repository: 'foo/bar', tag: 'v2', details: { state: 'loading' } }, ctx()).accessibilityLabel,
    'tag v2, loading details',
  );
  assert.equal(
    describeNode({ kind: 'repository', registryId: 'r', repository: 'foo/bar', addedByHand: true }, ctx()).accessibilityLabel,
    'repository foo/bar, added by hand',
  );
  assert.equal(describeNode({ kind: 'loadMore', registryId: 'r', repository: 'foo' }, ctx()).accessibilityLabel, 'Load more tags of foo');
  assert.equal(
    describeNode(
      {
        kind: 'referrer',
        registryId: 'r',
        repository: 'foo',
        subject: DIGEST,
        digest: DIGEST,
        mediaType: 'm',
        artifactType: 'application/vnd.example.signature',
      },
      ctx(),
    ).accessibilityLabel,
    'referrer signature, digest ab12cd34ef56',
  );
  assert.equal(
    describeNode({ kind: 'message', registryId: 'r', action: 'info', text: 'No tags left', description: 'listed until garbage collection' }, ctx())
      .accessibilityLabel,
    'No tags left, listed until garbage collection',
  );
});

test('the repository tooltip says how tags are sorted and where to change it', () => {
  const d = describeNode({ kind: 'repository', registryId: 'r', repository: 'foo/bar' }, { ...ctx(), tagSort: 'date' });
  assert.match(d.tooltip!, /Tags sorted by date \(newest image first\); Sort Tags… in the view's title bar changes it\./);
});

test('short ages and the words for sizes and ages', () => {
  assert.equal(formatShortAge('2026-01-10T11:59:50Z', NOW), 'now');
  assert.equal(formatShortAge('2026-01-10T11:55:00Z', NOW), '5m');
  assert.equal(formatShortAge('2026-01-10T09:00:00Z', NOW), '3h');
  assert.equal(formatShortAge('2026-01-05T12:00:00Z', NOW), '5d');
  assert.equal(formatShortAge('2025-11-01T12:00:00Z', NOW), '2mo');
  assert.equal(formatShortAge('2023-07-01T12:00:00Z', NOW), '3y', 'rounded like the tooltip\'s "3 years ago"');
  assert.equal(formatAge('2023-07-01T12:00:00Z', NOW), '3 years ago');
  assert.equal(formatShortAge('2023-01-01T12:00:00Z', NOW), '3y');
  assert.equal(formatShortAge('bad', NOW), undefined);
  assert.equal(sizeWords(450), '450 bytes');
  assert.equal(sizeWords(7_340_032), '7.3 megabytes');
  assert.equal(ageWords('2023-01-01T12:00:00Z', NOW), '3 years old');
  assert.equal(ageWords('2026-01-10T11:59:59Z', NOW), 'created just now');
});

test("what is selected, for the keybindings' when clauses", () => {
  assert.equal(selectionContext([]), '');
  assert.equal(selectionContext(['tag.index']), 'tag.index');
  assert.equal(selectionContext(['tag', 'tag.index']), 'tags');
  assert.equal(selectionContext(['tag', 'repository']), 'mixed');
});

test("tag listed by the registry's API: the push time, said to be one, and the size as the API counts it", () => {
  const listed = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'foo/bar',
      tag: '1.0',
      details: { state: 'loaded', digest: DIGEST, pushed: '2026-01-08T12:00:00.000Z', source: "Quay's API", size: 7_340_032, sizeCounts: 'layers' },
    },
    ctx(),
  );
  assert.equal(listed.description, '7.3 MB · 2d · ab12cd34ef56');
  assert.match(
    listed.tooltip!,
    /Pushed: 2026\\-01\\-08T12:00:00\\.000Z \(2 days ago\), as Quay's API lists it: when the tag was last pushed, not when the image was built/,
  );
  assert.doesNotMatch(listed.tooltip!, /Created:/);
  assert.match(listed.tooltip!, /Size: 7\.3 MB \(7340032 bytes: compressed layers, as Quay's API counts it\)/);
  assert.match(listed.accessibilityLabel!, /pushed 2 days ago/);
  const harbor = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'p/multi',
      tag: 'latest',
      details: {
        state: 'loaded',
        digest: DIGEST,
        pushed: '2026-01-08T12:00:00.000Z',
        source: "Harbor's API",
        size: 9000,
        sizeCounts: 'manifest+config+layers',
        index: true,
      },
    },
    ctx(),
  );
  assert.equal(harbor.contextValue, 'tag.index', 'the API said index: it expands to its platforms');
  assert.match(harbor.tooltip!, /manifest \+ config \+ compressed layers, as Harbor's API counts the images of the index/);
  const acr = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'foo/bar',
      tag: '1.0',
      details: { state: 'loaded', digest: DIGEST, pushed: '2026-01-08T12:00:00.000Z', source: "ACR's API" },
    },
    ctx(),
  );
  assert.match(acr.tooltip!, /Size: not listed by ACR's API/);
  const fallback = describeNode(
    {
      kind: 'tag',
      registryId: 'r',
      repository: 'foo/bar',
      tag: '1.0',
      details: {
        state: 'loaded',
        digest: DIGEST,
        created: '2026-01-07T12:00:00Z',
        size: 10,
        fallback: "Quay's API could not list the tags (refused); details come from each tag's manifest and config instead.",
      },
    },
    ctx(),
  );
  assert.match(fallback.tooltip!, /Created: 2026/);
  assert.match(fallback.tooltip!, /compressed layers \+ config/);
  assert.match(fallback.tooltip!, /Quay's API could not list the tags/);
});

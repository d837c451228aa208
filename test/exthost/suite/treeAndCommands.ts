// Registries, sign-in and the tree inside the extension host: the real tree provider and commands against the test bed.
// The registry is configured in settings; the admin login comes from a Docker config.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from './framework';
import { readConfig } from './config';
import { platformName } from '../../fixtures/images';
import { activateExtension, childrenWithLabels, eventually, settingRegistries, TreeProviderSurface } from './extensionApi';
import type { CommandContext } from '../../../src/contracts';
import type { TreeNode } from '../../../src/model/nodes';

const config = readConfig();
const bed = config.testBed;
const seeded = bed.seeded as {
  repositories: string[];
  bar: { qux: { tags: string[]; digest: string }; shared: { tags: string[] } };
  many: { tags: string[] };
  multi: { platforms: { platform: { os: string; architecture: string; variant?: string } }[] };
};
let ctx: CommandContext;
let provider: TreeProviderSurface;
let registry: TreeNode;

async function child(parent: TreeNode | undefined, label: string) {
  const kids = await childrenWithLabels(provider, parent);
  const hit = kids.find((k) => k.label === label);
  if (!hit) throw new Error(`no child "${label}" (children: ${JSON.stringify(kids.map((k) => k.label))})`);
  return hit.node;
}

test('activate() returns the command context, and every contributed command is registered', async () => {
  const activated = await activateExtension();
  ({ ctx, provider } = activated);
  const ext = activated.ext;
  const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(
    contributed.filter((c) => !registered.has(c)),
    [],
  );
});

test('the root lists the configured registry, signed in as the Docker config user', async () => {
  const roots = await childrenWithLabels(provider);
  assert.deepEqual(
    roots.map((r) => r.label),
    [bed.host],
  );
  registry = roots[0].node;
  assert.equal(roots[0].item.contextValue?.startsWith('registry'), true);
  const resolved = await ctx.credentials.resolve(bed.host);
  assert.equal(resolved?.username, config.externalUser);
  assert.equal(resolved?.source, 'docker-config');
  assert.match(String(provider.getTreeItem(registry).description), new RegExp(config.externalUser));
});

test('the catalog comes a page at a time; the loadMore command appends the next page', async () => {
  const first = await childrenWithLabels(provider, registry);
  const all = seeded.repositories.length;
  assert.deepEqual(
    first.map((c) => c.label),
    [...seeded.repositories.slice(0, config.pageSize), 'Load more…', `Load all (${all - config.pageSize} more)`],
  );
  const more = first.at(-2)!;
  assert.equal(more.item.contextValue, 'loadMore');
  await vscode.commands.executeCommand('registryExplorer.loadMore', more.node);
  const second = await childrenWithLabels(provider, registry);
  assert.deepEqual(
    second.map((c) => c.label),
    [...seeded.repositories.slice(0, 2 * config.pageSize), 'Load more…', `Load all (${all - 2 * config.pageSize} more)`],
  );
});

test('tags of foo/bar: tag nodes whose descriptions fill in with digest and size', async () => {
  const bar = await child(registry, 'foo/bar');
  const tags = await childrenWithLabels(provider, bar);
  assert.deepEqual(tags.map((t) => t.label).sort(), [...seeded.bar.qux.tags, ...seeded.bar.shared.tags].sort());
  const short = seeded.bar.qux.digest.slice(7, 19);
  await eventually(`qux described with ${short}`, async () => {
    const qux = (await childrenWithLabels(provider, bar)).find((t) => t.label === 'qux');
    return String(qux?.item.description ?? '').includes(short) ? true : undefined;
  });
});

test('an index (foo/multi:latest) has its platforms as children', async () => {
  const multi = await child(registry, 'foo/multi');
  // Whether a tag is an index is known once its details (the manifest read by tag) are in: lazily.
  const latest = await eventually('foo/multi:latest to be known as an index', async () => {
    const n = await child(multi, 'latest');
    return provider.getTreeItem(n).contextValue === 'tag.index' ? n : undefined;
  });
  const platforms = (await childrenWithLabels(provider, latest)).map((p) => p.label).sort();
  const expected = seeded.multi.platforms.map((p) => platformName(p.platform)).sort();
  assert.deepEqual(platforms, expected);
});

test('the filter command narrows foo/many to a glob; clearFilter restores it', async () => {
  const many = await child(registry, 'foo/many');
  await vscode.commands.executeCommand('registryExplorer.filter', '1.2.*');
  const filtered = (await childrenWithLabels(provider, many)).map((t) => t.label).filter((l) => l !== 'Load more…' && !l.startsWith('Load all'));
  assert.deepEqual([...filtered].sort(), ['1.2.0', '1.2.1', '1.2.2']);
  await vscode.commands.executeCommand('registryExplorer.clearFilter');
  const all = (await childrenWithLabels(provider, many)).map((t) => t.label).filter((l) => l !== 'Load more…' && !l.startsWith('Load all'));
  assert.ok(all.length > 3, `after clearFilter: ${JSON.stringify(all)}`);
});

test('sortTags name orders tags alphabetically and is kept in settings', async () => {
  await vscode.commands.executeCommand('registryExplorer.sortTags', 'name');
  assert.equal(vscode.workspace.getConfiguration('registryExplorer').get('tagSort'), 'name');
  const bar = await child(registry, 'foo/bar');
  const labels = await eventually('tags sorted by name', async () => {
    const l = (await childrenWithLabels(provider, bar)).map((t) => t.label);
    return l.join() === [...l].sort().join() ? l : undefined;
  });
  assert.deepEqual(labels, [...seeded.bar.qux.tags, ...seeded.bar.shared.tags].sort());
});

test('addRepository / removeRepository keep hand-added repositories in settings', async () => {
  await vscode.commands.executeCommand('registryExplorer.addRepository', { registryId: bed.host, repository: 'foo/handmade' });
  assert.deepEqual(settingRegistries().find((e) => e.url.includes(bed.host))?.repositories, ['foo/handmade']);
  await vscode.commands.executeCommand('registryExplorer.removeRepository', { registryId: bed.host, repository: 'foo/handmade' });
  assert.deepEqual(settingRegistries().find((e) => e.url.includes(bed.host))?.repositories ?? [], []);
});

test('signIn with a wrong password is refused and changes nothing', async () => {
  // Handlers report failures as an error message and resolve undefined (signIn resolves true on success).
  const result = await vscode.commands.executeCommand('registryExplorer.signIn', { registryId: bed.host, username: 'alice', password: 'wrong-password' });
  assert.equal(result, undefined);
  assert.equal(await ctx.credentials.isSignedInHere(bed.host), false);
  assert.equal((await ctx.credentials.resolve(bed.host))?.username, config.externalUser);
  assert.equal(settingRegistries().find((e) => e.url.includes(bed.host))?.username, undefined);
});

test('signIn as alice stores the secret in SecretStorage only; the tree then shows the no-catalog node', async () => {
  const ok = await vscode.commands.executeCommand('registryExplorer.signIn', {
    registryId: bed.host,
    username: 'alice',
    password: bed.users.alice.password,
    storeInDocker: false,
  });
  assert.equal(ok, true);
  assert.equal(await ctx.credentials.isSignedInHere(bed.host), true);
  const stored = await ctx.secrets.get(`registryExplorer.credential:${bed.host}`);
  assert.ok(stored && JSON.parse(stored).username === 'alice', 'SecretStorage does not hold alice');
  // Like docker login: the token server offers a refresh token, which is kept instead of the password.
  assert.ok(JSON.parse(stored).identityToken, 'an identity token is kept');
  assert.ok(!stored.includes(bed.users.alice.password), 'the password itself is not kept');
  const all = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer'));
  assert.ok(!all.includes(bed.users.alice.password), 'a password reached the settings');
  assert.equal(settingRegistries().find((e) => e.url.includes(bed.host))?.username, 'alice');
  const kids = await eventually('the no-catalog node for alice', async () => {
    const k = await childrenWithLabels(provider, registry);
    return k.some((c) => c.item.contextValue === 'message.noCatalog') ? k : undefined;
  });
  assert.match(kids.find((c) => c.item.contextValue === 'message.noCatalog')!.label, /alice may not list repositories/);
});

test('signOut falls back to the Docker config login', async () => {
  await vscode.commands.executeCommand('registryExplorer.signOut', bed.host);
  assert.equal(await ctx.credentials.isSignedInHere(bed.host), false);
  const resolved = await ctx.credentials.resolve(bed.host);
  assert.equal(resolved?.username, config.externalUser);
  assert.equal(resolved?.source, 'docker-config');
  const first = await eventually('the catalog again', async () => {
    const k = await childrenWithLabels(provider, registry);
    return k.some((c) => c.label === 'foo/app') ? k : undefined;
  });
  assert.ok(first.length > 1);
});

test('importDockerConfig adds every registry of the Docker config; one that is down shows a Retry node, not an empty list', async () => {
  const file = join(process.env.DOCKER_CONFIG ?? '', 'config.json');
  assert.ok(process.env.DOCKER_CONFIG && existsSync(file), 'the test runs with a scratch DOCKER_CONFIG');
  const original = readFileSync(file, 'utf8');
  const down = '127.0.0.1:1'; // nothing listens on port 1: connection refused, at once
  try {
    const cfg = JSON.parse(original);
    cfg.auths[down] = { auth: Buffer.from('nobody:nothing').toString('base64') };
    writeFileSync(file, JSON.stringify(cfg));
    const added = await vscode.commands.executeCommand<string[]>('registryExplorer.importDockerConfig');
    assert.deepEqual(added, [down], 'only the registry not yet in the view is added');
    assert.ok(
      settingRegistries().some((e) => e.url.includes(down)),
      'kept in settings',
    );
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('registryExplorer')).includes('nothing'), 'no password reached the settings');

    const downNode = await eventually('both registries at the root', async () => {
      const roots = await childrenWithLabels(provider);
      return roots.find((r) => r.label === down)?.node;
    });
    const kids = await eventually(
      'the failure node of the registry that is down',
      async () => {
        const k = await childrenWithLabels(provider, downNode);
        return k.length ? k : undefined;
      },
      60_000,
    );
    assert.equal(kids.length, 1, JSON.stringify(kids.map((k) => k.label)));
    assert.equal(kids[0].item.contextValue, 'message.retry');
    assert.match(kids[0].label, /cannot be reached/);

    await vscode.commands.executeCommand('registryExplorer.editConnection', { registryId: down, skipTlsVerify: true });
    assert.equal(
      (settingRegistries().find((e) => e.url.includes(down)) as { skipTlsVerify?: boolean } | undefined)?.skipTlsVerify,
      true,
      'Edit Connection kept in settings',
    );

    await vscode.commands.executeCommand('registryExplorer.removeRegistry', { registryId: down, confirm: false });
    assert.ok(!settingRegistries().some((e) => e.url.includes(down)), 'removed from settings');
    await eventually('only the test bed at the root', async () => {
      const roots = await childrenWithLabels(provider);
      return roots.length === 1 && roots[0].label === bed.host ? roots : undefined;
    });
  } finally {
    writeFileSync(file, original);
  }
});

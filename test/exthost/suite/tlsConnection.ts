// Connection settings inside the extension host, where VS Code's proxy support patches
// http(s).request and, for any host but localhost / 127.0.0.1, replaces the agent the client made.
// The registry: the test bed behind https with a self-signed certificate on 127.0.0.2
// (test/fixtures/tlsFront), signed in as alice, foo/bar added by hand. Runs directly
// (test/exthost/exthost.test.ts) and through VS Code's http.proxy (test/exthost/proxy.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './framework';
import { readConfig } from './config';
import { activateExtension, childrenWithLabels, eventually, settingRegistries, type TreeProviderSurface } from './extensionApi';
import type { CommandContext } from '../../../src/contracts';
import type { TreeNode } from '../../../src/model/nodes';

const config = readConfig();
const front = config.tlsFront!;
const alice = config.testBed.users.alice;
let ctx: CommandContext;
let provider: TreeProviderSurface;

async function registryNode(): Promise<TreeNode> {
  return eventually(`${front.host} at the root`, async () => (await childrenWithLabels(provider)).find((r) => r.label === front.host)?.node);
}

/** Labels under the hand-added repository once the tree has loaded them (a refresh reloads the registry). */
async function tagsShown(): Promise<string[]> {
  return eventually('the tags of the repository', async () => {
    const repo = (await childrenWithLabels(provider, await registryNode())).find((c) => c.label === front.repository);
    if (!repo) return undefined;
    const tags = await childrenWithLabels(provider, repo.node);
    return tags.every((t) => t.item.contextValue?.startsWith('tag')) && tags.length ? tags.map((t) => t.label).sort() : undefined;
  });
}

test('untrusted certificate: the registry shows a node that offers Edit Connection', async () => {
  ({ ctx, provider } = await activateExtension());
  const registries = vscode.workspace.getConfiguration('registryExplorer');
  await registries.update('registries', [...settingRegistries(), { url: front.host, repositories: [front.repository] }], vscode.ConfigurationTarget.Global);
  const kids = await eventually('the TLS failure node', async () => {
    const k = await childrenWithLabels(provider, await registryNode());
    return k.some((c) => c.item.contextValue === 'message.editConnection') ? k : undefined;
  });
  assert.match(kids.find((c) => c.item.contextValue === 'message.editConnection')!.label, /Certificate not trusted/);
});

test('skip verification: signing in and listing tags work though VS Code replaced the agent', async () => {
  await vscode.commands.executeCommand('registryExplorer.editConnection', { registryId: front.host, skipTlsVerify: true });
  const ok = await vscode.commands.executeCommand('registryExplorer.signIn', {
    registryId: front.host,
    username: 'alice',
    password: alice.password,
    storeInDocker: false,
  });
  assert.equal(ok, true, 'sign-in through the https realm');
  assert.deepEqual(await tagsShown(), front.tags);
});

test('the CA certificate file instead: verification on, tags still listed', async () => {
  await vscode.commands.executeCommand('registryExplorer.editConnection', { registryId: front.host, skipTlsVerify: false, caFile: front.caFile });
  const entry = settingRegistries().find((e) => e.url.includes(front.host)) as { skipTlsVerify?: boolean; caFile?: string };
  assert.equal(entry.skipTlsVerify, undefined);
  assert.equal(entry.caFile, front.caFile);
  ctx.tree.refresh();
  assert.deepEqual(await tagsShown(), front.tags);
});

// Inside the extension host: the login comes from the OS keychain through Docker's credential
// helper (credsStore: secretservice), and the extension's requests go out with it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './framework';
import { readConfig } from './config';
import { activateExtension, childrenWithLabels, eventually } from './extensionApi';

const config = readConfig();
const bed = config.testBed;
const seeded = bed.seeded as { bar: { qux: { tags: string[] }; shared: { tags: string[] } } };

test('the credential service resolves the test bed through docker-credential-secretservice', async () => {
  const { ctx } = await activateExtension();
  const resolved = await ctx.credentials.resolve(bed.host);
  assert.equal(resolved?.source, 'docker-helper');
  assert.equal(resolved?.sourceLabel, 'docker-credential-secretservice');
  assert.equal(resolved?.username, config.externalUser);
  assert.equal(await ctx.credentials.isSignedInHere(bed.host), false);
});

test('the tree lists tags of foo/bar with the keychain login (anonymous may not pull foo/*)', async () => {
  const { provider } = await activateExtension();
  const [registry] = await provider.getChildren();
  assert.match(String(provider.getTreeItem(registry).description), new RegExp(config.externalUser));
  await vscode.commands.executeCommand('registryExplorer.addRepository', { registryId: bed.host, repository: 'foo/bar' });
  const bar = await eventually(
    'foo/bar under the registry',
    async () => (await childrenWithLabels(provider, registry)).find((c) => c.label === 'foo/bar')?.node,
  );
  const tags = (await childrenWithLabels(provider, bar)).map((t) => t.label).sort();
  assert.deepEqual(tags, [...seeded.bar.qux.tags, ...seeded.bar.shared.tags].sort());
});

test('no secret reached the settings', () => {
  const all = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer'));
  assert.ok(!all.includes(bed.users.alice.password));
});

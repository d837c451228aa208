// Docker Hub in the extension host: List Docker Hub Namespace… adds an organisation, and the tree
// lists its repositories through Hub's API (a stand-in server, test/fixtures/hubApi, set through
// the registryExplorer.dockerHubApiUrl setting: hub.docker.com cannot be reached from here).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './framework';
import { readConfig } from './config';
import { activateExtension, childrenWithLabels, eventually, settingRegistries, type TreeProviderSurface } from './extensionApi';

const config = readConfig();
const hub = config.hubApi!;
let provider: TreeProviderSurface;

test('List Docker Hub Namespace… keeps the namespace in settings, and docker.io lists its repositories', async () => {
  ({ provider } = await activateExtension());
  const settings = vscode.workspace.getConfiguration('registryExplorer');
  await settings.update('dockerHubApiUrl', hub.url, vscode.ConfigurationTarget.Global);
  await settings.update('registries', [...settingRegistries(), { url: 'docker.io' }], vscode.ConfigurationTarget.Global);
  const namespaces = await vscode.commands.executeCommand<string[]>('registryExplorer.addNamespace', { namespace: 'Acme' });
  assert.deepEqual(namespaces, ['acme']);
  assert.deepEqual((settingRegistries().find((e) => e.url === 'docker.io') as { namespaces?: string[] }).namespaces, ['acme']);
  const kids = await eventually('the repositories of acme under docker.io', async () => {
    const hubNode = (await childrenWithLabels(provider)).find((r) => r.label === 'docker.io')?.node;
    if (!hubNode) return undefined;
    const k = await childrenWithLabels(provider, hubNode);
    return k.some((c) => c.label === 'acme/tool') ? k : undefined;
  });
  assert.deepEqual(
    kids.filter((k) => k.item.contextValue?.startsWith('repository')).map((k) => k.label),
    hub.repositories,
  );
  const note = kids.find((k) => k.item.contextValue === 'message.hubNamespaces');
  assert.match(note?.label ?? '', /Namespace: acme/);
});

// The extension manifest: settings that decide where credentials go cannot come from a workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const props: Record<string, { scope?: string }> = pkg.contributes.configuration.properties;

test('registries, the Docker Hub API address, the clean-up rules and the token commands are user settings only (a cloned repository cannot redirect a login, decide what gets deleted or run a command)', () => {
  for (const key of ['registryExplorer.registries', 'registryExplorer.dockerHubApiUrl', 'registryExplorer.cleanupRules', 'registryExplorer.tokenCommands']) {
    assert.ok(props[key], `${key} is contributed`);
    assert.equal(props[key].scope, 'application', `${key} must have scope "application"`);
  }
});

test('every contributed command has the Registry Explorer category and a title', () => {
  for (const c of pkg.contributes.commands as { command: string; title?: string; category?: string }[]) {
    assert.ok(c.title, `${c.command} has a title`);
    assert.equal(c.category, 'Registry Explorer', `${c.command} is in the palette under Registry Explorer`);
  }
});

test('keybindings work in the Registries view only, on its selection, and name contributed commands', () => {
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  const keys = pkg.contributes.keybindings as { command: string; key: string; when: string; args?: unknown }[];
  assert.deepEqual(keys.map((k) => k.key).sort(), ['ctrl+c', 'delete', 'f2', 'f5']);
  for (const k of keys) {
    assert.ok(commands.has(k.command), `${k.command} is contributed`);
    assert.match(k.when, /^focusedView == registryExplorer\.registries && /, `${k.key} only where the view has the focus`);
    assert.match(k.when, /!inputFocus/, `${k.key} not while typing`);
    // commands/index.ts turns this argument into the view's selection (a keybinding gets no node).
    assert.equal(k.args, 'registryExplorer.fromSelection');
  }
});

test('menus name contributed commands, and no Refresh is an inline action', () => {
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  const menus = pkg.contributes.menus as Record<string, { command: string; group?: string }[]>;
  for (const [where, items] of Object.entries(menus)) for (const i of items) assert.ok(commands.has(i.command), `${where}: ${i.command} is contributed`);
  const inline = menus['view/item/context'].filter((i) => i.group?.startsWith('inline'));
  assert.ok(!inline.some((i) => i.command === 'registryExplorer.refreshNode'), 'a Refresh on every row');
});

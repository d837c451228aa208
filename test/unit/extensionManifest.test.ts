// The extension manifest: settings that decide where credentials go cannot come from a workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const props: Record<string, { scope?: string }> = pkg.contributes.configuration.properties;

test('registries, the Docker Hub API address and the clean-up rules are user settings only (a cloned repository cannot redirect a login or decide what gets deleted)', () => {
  for (const key of ['registryExplorer.registries', 'registryExplorer.dockerHubApiUrl', 'registryExplorer.cleanupRules']) {
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

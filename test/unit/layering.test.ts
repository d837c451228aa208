// The layering of src/, read from the sources: every import, `import type` and `export … from`
// (TypeScript's own pre-processor finds them), resolved to files.
//
//   registry/                      the client: imports nothing of ours
//   actions/  model/  log.ts       plain Node, no vscode: import only registry/
//   contracts.ts                   the shared interfaces: types from the layers above
//   config/ credentials/ tree/ documents/   services: the layers above, never one another
//   commands/                      everything above
//   extension.ts                   builds and wires it all; the only importer of commands/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const SRC = resolve(__dirname, '../../../src');

const PURE = ['registry', 'actions', 'model', 'log'];
const MAY_IMPORT: Record<string, string[]> = {
  registry: [],
  actions: ['registry'],
  model: ['registry'],
  log: ['registry'],
  contracts: ['registry', 'actions', 'model'],
  config: ['registry', 'actions', 'model', 'log', 'contracts'],
  credentials: ['registry', 'actions', 'model', 'log', 'contracts'],
  tree: ['registry', 'actions', 'model', 'log', 'contracts'],
  documents: ['registry', 'actions', 'model', 'log', 'contracts'],
  commands: ['registry', 'actions', 'model', 'log', 'contracts', 'config', 'credentials', 'tree', 'documents'],
  extension: ['registry', 'actions', 'model', 'log', 'contracts', 'config', 'credentials', 'tree', 'documents', 'commands'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `registry`, `model`, `log`, `extension`, … : the folder a file is in, or a root file's name. */
function layerOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split(/[\\/]/);
  return rest.length ? first : first.replace(/\.ts$/, '');
}

interface Imports {
  files: string[];
  packages: string[];
}

const graph = new Map<string, Imports>();
for (const file of sources(SRC)) {
  const found: Imports = { files: [], packages: [] };
  for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    if (!fileName.startsWith('.')) {
      found.packages.push(fileName);
      continue;
    }
    const target = resolve(dirname(file), fileName);
    const resolved = [`${target}.ts`, join(target, 'index.ts')].find((p) => existsSync(p));
    assert.ok(resolved, `${relative(SRC, file)} imports ${fileName}, which is no file`);
    found.files.push(resolved);
  }
  graph.set(file, found);
}
const name = (f: string) => relative(SRC, f);

test('the layers import only what the layering allows', () => {
  const wrong: string[] = [];
  for (const [file, { files }] of graph) {
    const from = layerOf(file);
    assert.ok(MAY_IMPORT[from], `${name(file)} is in no layer; add it to the layering`);
    for (const target of files) {
      const to = layerOf(target);
      if (to !== from && !MAY_IMPORT[from].includes(to)) wrong.push(`${name(file)} → ${name(target)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('registry/, actions/, model/ and log.ts run in plain Node: no vscode', () => {
  const wrong = [...graph].filter(([file, { packages }]) => PURE.includes(layerOf(file)) && packages.includes('vscode')).map(([file]) => name(file));
  assert.deepEqual(wrong, []);
});

test('no import cycle anywhere in src/, type-only imports included', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    path.push(file);
    for (const next of graph.get(file)!.files) {
      if (state.get(next) === 'visiting') cycles.push([...path.slice(path.indexOf(next)), next].map(name).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});

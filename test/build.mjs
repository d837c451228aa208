// Transpiles src/ and test/ to out/ (CommonJS, no bundling) so node's test runner can run them.
// Type checking is `npm run typecheck`; this only strips types, fast.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

rmSync('out', { recursive: true, force: true });
await esbuild.build({
  entryPoints: [...walk('src'), ...walk('test')],
  outdir: 'out',
  outbase: '.',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// Non-TypeScript fixtures (scripts, certificates, JSON) are copied beside the compiled tests.
for (const dir of ['test/fixtures/files']) {
  if (existsSync(dir)) {
    mkdirSync(join('out', dir), { recursive: true });
    cpSync(dir, join('out', dir), { recursive: true });
  }
}

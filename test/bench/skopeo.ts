// Runs skopeo (the peer client) against the test bed, with HOME and TMPDIR in a scratch directory.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestUser } from '../fixtures/tokenPolicy';
import { requireExecutable } from '../fixtures/tools';

export const SKOPEO = '/usr/bin/skopeo';

export interface Skopeo {
  run(args: string[]): Promise<string>;
  /** `docker://host/repo:tag` arguments with credentials for `user`. */
  creds(user: TestUser): string;
  dispose(): void;
}

export function createSkopeo(): Skopeo {
  requireExecutable(SKOPEO, 'apt-get install -y skopeo');
  const home = mkdtempSync(join(tmpdir(), 'registry-explorer-skopeo-'));
  return {
    creds: (user) => `${user.username}:${user.password}`,
    run: (args) =>
      new Promise((resolve, reject) => {
        execFile(
          SKOPEO,
          args,
          { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home }, maxBuffer: 16 << 20 },
          (error, stdout, stderr) => {
            // Never echo the arguments: they carry --creds.
            if (error) reject(new Error(`skopeo ${args[0]} failed: ${stderr.trim() || error.message}`));
            else resolve(stdout);
          },
        );
      }),
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}

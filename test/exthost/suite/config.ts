// What the outer test tells the suite: written as JSON by test/exthost/exthost.test.ts, found
// through $RE_EXTHOST_CONFIG (code-server passes its environment to the extension host).
import { readFileSync } from 'node:fs';

export interface ExtHostConfig {
  /** Where the suite writes its ExtHostResults JSON. */
  resultsFile: string;
  /** Test bed (see test/fixtures/testbed.ts), as far as the suite needs it. */
  testBed: {
    url: string;
    host: string;
    users: Record<string, { username: string; password: string }>;
    seeded: unknown;
  };
  /** The user whose credentials the extension finds outside VS Code (Docker config / keychain). */
  externalUser: string;
  /** Spec modules (file names in suite/, without extension) to load, in order. */
  specs: string[];
  /** `registryExplorer.pageSize` the outer test configured. */
  pageSize: number;
  /** The test bed behind https with a self-signed certificate (test/fixtures/tlsFront), when started. */
  tlsFront?: { url: string; host: string; caFile: string; repository: string; tags: string[] };
  /** The stand-in for Docker Hub's API (test/fixtures/hubApi) and the public repositories of its namespace acme. */
  hubApi?: { url: string; repositories: string[] };
}

export function readConfig(): ExtHostConfig {
  const path = process.env.RE_EXTHOST_CONFIG;
  if (!path) throw new Error('RE_EXTHOST_CONFIG is not set: the suite must be started by test/exthost/exthost.test.ts');
  return JSON.parse(readFileSync(path, 'utf8')) as ExtHostConfig;
}

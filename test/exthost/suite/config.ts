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
  /** The user whose credentials the scratch Docker config holds for the test bed. */
  dockerConfigUser: string;
}

export function readConfig(): ExtHostConfig {
  const path = process.env.RE_EXTHOST_CONFIG;
  if (!path) throw new Error('RE_EXTHOST_CONFIG is not set: the suite must be started by test/exthost/exthost.test.ts');
  return JSON.parse(readFileSync(path, 'utf8')) as ExtHostConfig;
}

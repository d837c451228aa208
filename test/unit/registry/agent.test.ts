import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import { createAgents } from '../../../src/registry/connection/agent';

// VS Code's proxy support may drop the agent of a request; the TLS settings must also be on the
// request's own options, which node-fetch v2 builds from the object it passes the agent function.
describe('connection agents', () => {
  it('https: skip verification and the CA go onto the request options and the agent', () => {
    const parsed: Record<string, unknown> = { protocol: 'https:', hostname: 'registry.example' };
    const agent = createAgents({ skipTlsVerify: true, ca: 'PEM' }).forUrl('https://registry.example/v2/')(parsed);
    assert.ok(agent instanceof https.Agent);
    assert.equal(parsed.rejectUnauthorized, false);
    assert.ok(Array.isArray(parsed.ca) && (parsed.ca as string[]).includes('PEM'), 'the CA is added to the roots');
    assert.equal((agent as https.Agent).options.rejectUnauthorized, false);
  });

  it('https without settings: verification stays on, nothing is added', () => {
    const parsed: Record<string, unknown> = {};
    createAgents({}).forUrl('https://registry.example/v2/')(parsed);
    assert.deepEqual(parsed, {});
  });

  it('http: no TLS options', () => {
    const parsed: Record<string, unknown> = {};
    const agent = createAgents({ skipTlsVerify: true }).forUrl('http://127.0.0.1:5000/v2/')(parsed);
    assert.ok(agent instanceof http.Agent && !(agent instanceof https.Agent));
    assert.deepEqual(parsed, {});
  });
});

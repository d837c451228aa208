import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import { createAgents } from '../../../src/registry/transport/connection/agent';

// VS Code's proxy support may drop the agent of a request; the TLS settings must also be on the
// request's own options, which node-fetch v2 builds from the object it passes the agent function.
describe('connection agents', () => {
  it('https: skip verification and the CA go onto the request options and the agent', () => {
    const parsed: Record<string, unknown> = { protocol: 'https:', hostname: 'registry.example' };
    const agent = createAgents({ skipTlsVerify: true, ca: 'PEM' }).forUrl('https://registry.example/v2/')(parsed);
    assert.equal(parsed.checkServerIdentity, undefined, 'nothing is checked when verification is skipped');
    assert.ok(agent instanceof https.Agent);
    assert.equal(parsed.rejectUnauthorized, false);
    assert.ok(Array.isArray(parsed.ca) && (parsed.ca as string[]).includes('PEM'), 'the CA is added to the roots');
    assert.equal((agent as https.Agent).options.rejectUnauthorized, false);
  });

  it("https without settings: verification stays on, against the request's own host", () => {
    const parsed: Record<string, unknown> = { hostname: '127.0.0.2' };
    createAgents({}).forUrl('https://127.0.0.2:5000/v2/')(parsed);
    assert.deepEqual(Object.keys(parsed).sort(), ['checkServerIdentity', 'hostname']);
    const check = parsed.checkServerIdentity as (name: string, cert: object) => Error | undefined;
    // A tunnel that dropped the server name asks about "localhost"; the check is about 127.0.0.2.
    const cert = { subject: { CN: '127.0.0.2' }, subjectaltname: 'IP Address:127.0.0.2' };
    assert.equal(check('localhost', cert), undefined);
    assert.match(String(check('localhost', { subject: { CN: 'other' }, subjectaltname: 'IP Address:10.0.0.1' })), /IP: 127\.0\.0\.2 is not in the cert's list/);
  });

  it('http: no TLS options', () => {
    const parsed: Record<string, unknown> = {};
    const agent = createAgents({ skipTlsVerify: true }).forUrl('http://127.0.0.1:5000/v2/')(parsed);
    assert.ok(agent instanceof http.Agent && !(agent instanceof https.Agent));
    assert.deepEqual(parsed, {});
  });
});

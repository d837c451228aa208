import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRequest, formatWait, requestLogLevel } from '../../src/log';

test('one line per request: method, redacted URL, status, time; token requests marked', () => {
  assert.equal(
    formatRequest({ target: 'registry', method: 'GET', url: 'http://127.0.0.1:5000/v2/_catalog?n=50', status: 200, durationMs: 12.4 }),
    'GET http://127.0.0.1:5000/v2/_catalog?n=50 200 12 ms',
  );
  assert.equal(
    formatRequest({ target: 'token', method: 'GET', url: 'http://127.0.0.1:5001/token?scope=repository%3Afoo%3Apull', status: 401, durationMs: 3 }),
    'token GET http://127.0.0.1:5001/token?scope=repository%3Afoo%3Apull 401 3 ms',
  );
  assert.equal(
    formatRequest({ target: 'registry', method: 'HEAD', url: 'https://r.example/v2/', durationMs: 30000, error: 'timeout' }),
    'HEAD https://r.example/v2/ failed (timeout) 30000 ms',
  );
});

test('warnings only for what needs attention', () => {
  const at = (status?: number) => requestLogLevel({ target: 'registry', method: 'GET', url: 'u', status, durationMs: 1 });
  assert.deepEqual([at(200), at(401), at(404), at(403), at(429), at(503), at(undefined)], ['info', 'info', 'info', 'warn', 'warn', 'warn', 'warn']);
});

test('a wait the registry asked for, or a backoff, is one line saying how long and what waits', () => {
  const base = { host: '127.0.0.1:5000', operation: 'list the tags of foo/bar', url: 'http://127.0.0.1:5000/v2/foo/bar/tags/list?n=1000' };
  assert.equal(
    formatWait({ ...base, ms: 20_000, reason: 'retry-after', status: 503 }),
    '127.0.0.1:5000 asked to wait 20 s (503) before retrying: list the tags of foo/bar',
  );
  assert.equal(formatWait({ ...base, ms: 1600, reason: 'backoff' }), '127.0.0.1:5000 failed; waiting 2 s before retrying: list the tags of foo/bar');
});

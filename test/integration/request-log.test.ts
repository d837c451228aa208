// The request log never carries a secret: across password and refresh-token grants, a blob
// redirect, an upload (whose Location carries upload state) and a delete, no log entry — as the
// client reports it and as the extension formats it — contains a password, a refresh token, an
// access token that went out in an Authorization header, or the header itself.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeHttpFetch } from '../../src/registry/transport/connection/nodeHttp';
import { formatRequest } from '../../src/log';
import { RegistryClient, type FetchLike, type RequestLogEntry } from '../../src/registry/index';
import { sha256 } from '../fixtures/images';
import { useTestBed } from '../fixtures/testbed';
import { issueRefreshToken } from '../fixtures/registryClient';

describe('request log (real docker-registry 2.8)', () => {
  const bed = useTestBed();

  it('no password, token or Authorization header reaches the log', async () => {
    const entries: RequestLogEntry[] = [];
    const sentSecrets = new Set<string>();
    // Wraps the real fetch only to see which credentials went out; the registry answers as usual.
    const fetch: FetchLike = (url, init) => {
      const auth = init.headers.authorization ?? init.headers.Authorization;
      if (auth) sentSecrets.add(auth.replace(/^(Bearer|Basic) /i, ''));
      if (typeof init.body === 'object' && Buffer.isBuffer(init.body)) {
        const refresh = new URLSearchParams(init.body.toString('utf8')).get('refresh_token');
        if (refresh) sentSecrets.add(refresh);
      }
      return nodeHttpFetch(url, init);
    };

    const alice = bed.users.alice;
    const withPassword = new RegistryClient({ registry: bed.url, credentials: { ...alice }, onRequest: (e) => entries.push(e), fetch });
    bed.quirks.redirectBlobs = true;
    try {
      const m = await withPassword.getManifest('foo/bar', 'qux');
      const layer = m.json.layers[0].digest as string;
      const blob = await withPassword.getBlob('foo/bar', layer);
      for await (const _ of blob.stream as AsyncIterable<Buffer>) void _;
      const bytes = Buffer.from(`log test ${Date.now()}`);
      const digest = sha256(bytes);
      await withPassword.uploadBlob('foo/log', digest, bytes.length, () => bytes);
      const del = await bed.pushImage('foo/log', 'gone', { seed: `log ${Date.now()}` });
      await withPassword.deleteManifest('foo/log', del.digest);
    } finally {
      bed.quirks.redirectBlobs = false;
    }

    const refreshToken = await issueRefreshToken(bed, 'alice', 'log-test');
    assert.ok(refreshToken, 'the token fixture issued a refresh token');
    sentSecrets.add(refreshToken);
    const withIdentity = new RegistryClient({
      registry: bed.url,
      credentials: { identityToken: refreshToken, username: alice.username },
      onRequest: (e) => entries.push(e),
      fetch,
    });
    await withIdentity.getManifest('foo/bar', 'qux');

    assert.ok(
      entries.some((e) => e.target === 'token' && e.method === 'POST'),
      'the refresh-token grant was logged',
    );
    assert.ok(
      entries.some((e) => e.status === 307),
      'the blob redirect was logged',
    );
    assert.ok(
      entries.some((e) => e.method === 'PUT' && e.url.includes('/blobs/uploads/')),
      'the upload was logged',
    );
    assert.ok(sentSecrets.size >= 3, `Basic, Bearer and refresh secrets went out: ${sentSecrets.size}`);

    const text = [JSON.stringify(entries), ...entries.map(formatRequest)].join('\n');
    for (const secret of [alice.password, ...sentSecrets]) {
      assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}…) reached the log`);
    }
    assert.ok(!/authorization|bearer |basic /i.test(text), 'no Authorization header in the log');
    // Basic credentials are base64 of user:password; their decoded form must not appear either.
    assert.ok(!text.includes(`${alice.username}:${alice.password}`));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextPageUrl, parseLinkHeader } from '../../../src/registry/operations/pagination';
import { redactUrl } from '../../../src/registry/redact';
import { parseRetryAfter, MAX_RETRY_WAIT_MS } from '../../../src/registry/transport/retryLayer';
import { parseRateLimit } from '../../../src/registry/transport/rateLimitLayer';
import { parseErrorBody, RegistryError } from '../../../src/registry/errors';
import { grantedScopes } from '../../../src/registry/transport/tokenClient';

describe('Link header', () => {
  it('finds rel="next" and resolves a relative URL against the request', () => {
    const req = 'https://r.example/v2/foo/tags/list?n=2';
    assert.equal(nextPageUrl('</v2/foo/tags/list?n=2&last=b>; rel="next"', req), 'https://r.example/v2/foo/tags/list?n=2&last=b');
    assert.equal(nextPageUrl('<list?n=2&last=b>; rel=next', req), 'https://r.example/v2/foo/tags/list?n=2&last=b');
    assert.equal(nextPageUrl('<https://r.example/v2/_catalog?last=x&n=5>; rel="next"', req), 'https://r.example/v2/_catalog?last=x&n=5');
  });

  it('reads several links and several relations', () => {
    const links = parseLinkHeader('</a>; rel="prev", </b>; title="x, y"; rel="next last"');
    assert.deepEqual(links, [
      { url: '/a', rels: ['prev'] },
      { url: '/b', rels: ['next', 'last'] },
    ]);
    assert.equal(nextPageUrl('</a>; rel="prev", </b>; rel="next"', 'https://r.example/v2/x'), 'https://r.example/b');
  });

  it('returns undefined on the last page and for garbage', () => {
    assert.equal(nextPageUrl(null, 'https://r.example/'), undefined);
    assert.equal(nextPageUrl('</a>; rel="prev"', 'https://r.example/'), undefined);
    assert.equal(nextPageUrl('garbage', 'https://r.example/'), undefined);
    assert.deepEqual(parseLinkHeader('<unterminated; rel=next'), []);
  });

  it('refuses a next page on another origin (the token would go there)', () => {
    assert.throws(
      () => nextPageUrl('<https://evil.example/v2/_catalog>; rel="next"', 'https://r.example/v2/_catalog'),
      (e: unknown) => e instanceof RegistryError && e.kind === 'protocol',
    );
  });
});

describe('redaction', () => {
  it('drops userinfo and masks secrets in the query, keeping the rest', () => {
    assert.equal(redactUrl('https://user:pw@r.example/v2/'), 'https://r.example/v2/');
    assert.equal(
      redactUrl('https://s3.example/b/k?X-Amz-Algorithm=AWS4&X-Amz-Signature=abc&x-amz-credential=AKIA&partNumber=1'),
      'https://s3.example/b/k?X-Amz-Algorithm=***&X-Amz-Signature=***&x-amz-credential=***&partNumber=***',
    );
    assert.equal(
      redactUrl('https://r.example/v2/foo/blobs/uploads/abc?_state=secretstate&digest=sha256:1'),
      'https://r.example/v2/foo/blobs/uploads/abc?_state=***&digest=sha256:1',
    );
    assert.equal(
      redactUrl('https://a.example/sas?sv=2020&sig=SIGNATURE&token=t&password=p&access_token=a&signature=s'),
      'https://a.example/sas?sv=***&sig=***&token=***&password=***&access_token=***&signature=***',
    );
    // Only parameters known to be harmless keep their values: signed URLs name their secrets in too many ways.
    assert.equal(
      redactUrl('https://gcs.example/o?X-Goog-Credential=c&Policy=p&Key-Pair-Id=k&n=100&last=b'),
      'https://gcs.example/o?X-Goog-Credential=***&Policy=***&Key-Pair-Id=***&n=100&last=b',
    );
    assert.equal(
      redactUrl('https://auth.example/token?service=s&scope=repository:a:pull&account=alice'),
      'https://auth.example/token?service=s&scope=repository:a:pull&account=alice',
    );
    assert.equal(redactUrl('not a url'), '<invalid url>');
  });
});

describe('Retry-After', () => {
  it("reads seconds and HTTP dates (the wait cap is the retry layer's)", () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('100000', now), 100_000_000);
    assert.ok(MAX_RETRY_WAIT_MS < 100_000_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});

describe('rate-limit headers', () => {
  it('reads Docker Hub figures', () => {
    const headers = new Map([
      ['ratelimit-limit', '100;w=21600'],
      ['ratelimit-remaining', '76;w=21600'],
      ['docker-ratelimit-source', '192.0.2.1'],
    ]);
    assert.deepEqual(parseRateLimit({ headers: { get: (n: string) => headers.get(n) ?? null } }), {
      limit: 100,
      remaining: 76,
      windowSeconds: 21600,
      source: '192.0.2.1',
    });
    assert.equal(parseRateLimit({ headers: { get: () => null } }), undefined);
  });
});

describe('error bodies and granted scopes', () => {
  it('parses registry error bodies and tolerates anything else', () => {
    assert.deepEqual(parseErrorBody('{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}'), [
      { code: 'UNSUPPORTED', message: 'The operation is unsupported.', detail: undefined },
    ]);
    assert.deepEqual(parseErrorBody('<html>nginx</html>'), []);
    assert.deepEqual(parseErrorBody(''), []);
    assert.deepEqual(parseErrorBody('{"errors":[null,{"code":5}]}'), []);
  });

  it('reads granted scopes from a JWT access claim, else assumes what was asked', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'ES256' })}.${b64({ access: [{ type: 'repository', name: 'foo/bar', actions: ['pull', 'push'] }] })}.sig`;
    assert.deepEqual(grantedScopes(jwt, ['repository:foo/bar:delete,pull,push']).toStrings(), ['repository:foo/bar:pull,push']);
    assert.deepEqual(grantedScopes('opaque-token', ['repository:foo/bar:pull']).toStrings(), ['repository:foo/bar:pull']);
  });
});

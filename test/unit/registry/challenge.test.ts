import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HEADER_CHARS, parseChallenges, selectChallenge } from '../../../src/registry/transport/challenge';
import { RegistryError } from '../../../src/registry/errors';

const ctx = { host: 'r.example', operation: 'test' };

describe('WWW-Authenticate tokenizer', () => {
  it('reads the distribution 2.8 challenge', () => {
    const [c] = parseChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:foo/bar:pull"');
    assert.equal(c.scheme, 'bearer');
    assert.deepEqual(c.params, { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:foo/bar:pull' });
    assert.deepEqual(c.scopes, ['repository:foo/bar:pull']);
  });

  it('reads the Keppel 403 challenge with insufficient_scope', () => {
    const h =
      'Bearer realm="https://keppel.example.com/keppel/v1/auth",\n        service="keppel.example.com",scope="repository:foo/bar:delete",error="insufficient_scope"';
    const sel = selectChallenge(parseChallenges(h.replace(/\n/g, '')), ctx);
    assert.deepEqual(sel, {
      scheme: 'bearer',
      realm: 'https://keppel.example.com/keppel/v1/auth',
      service: 'keppel.example.com',
      scopes: ['repository:foo/bar:delete'],
      error: 'insufficient_scope',
    });
  });

  it('accepts BASIC in capitals (Nexus) and bearer in lowercase', () => {
    assert.equal(parseChallenges('BASIC realm="Sonatype Nexus Repository Manager"')[0].scheme, 'basic');
    const [b] = parseChallenges('bearer REALM="https://a/token", SERVICE="s"');
    assert.equal(b.scheme, 'bearer');
    assert.equal(b.params.realm, 'https://a/token');
    assert.equal(b.params.service, 's');
  });

  it('accepts parameters in any order and white space around = and ,', () => {
    const [c] = parseChallenges('Bearer  scope = "repository:a:pull" ,  service= "svc" ,realm ="https://a/t"');
    assert.deepEqual(c.params, { scope: 'repository:a:pull', service: 'svc', realm: 'https://a/t' });
  });

  it('unescapes backslashes in quoted strings', () => {
    const [c] = parseChallenges('Bearer realm="https://a/t?x=\\"y\\"",service="a\\\\b"');
    assert.equal(c.params.realm, 'https://a/t?x="y"');
    assert.equal(c.params.service, 'a\\b');
  });

  it('does not split at a comma inside quotes', () => {
    const [c] = parseChallenges('Bearer realm="https://a/t",scope="repository:a:pull,push",service="s"');
    assert.deepEqual(c.scopes, ['repository:a:pull,push']);
    assert.equal(c.params.service, 's');
  });

  it('collects several scope parameters and space-joined scopes as a union', () => {
    const [c] = parseChallenges('Bearer realm="https://a/t",scope="repository:a:pull repository:b:pull",scope="repository:c:push",scope="repository:a:pull"');
    assert.deepEqual(c.scopes, ['repository:a:pull', 'repository:b:pull', 'repository:c:push']);
  });

  it('reads two challenges in one line', () => {
    const list = parseChallenges('Basic realm="r1", Bearer realm="https://a/t",service="s"');
    assert.deepEqual(
      list.map((c) => c.scheme),
      ['basic', 'bearer'],
    );
    assert.equal(list[0].params.realm, 'r1');
    assert.equal(list[1].params.service, 's');
  });

  it('reads challenges from two header lines, and node-fetch style joined lines', () => {
    const lines = ['Basic realm="r1"', 'Bearer realm="https://a/t",scope="repository:x:pull"'];
    assert.deepEqual(
      parseChallenges(lines).map((c) => c.scheme),
      ['basic', 'bearer'],
    );
    assert.deepEqual(
      parseChallenges(lines.join(', ')).map((c) => c.scheme),
      ['basic', 'bearer'],
    );
  });

  it('prefers Bearer with a realm over Basic and ignores Negotiate and Digest', () => {
    const sel = selectChallenge(
      parseChallenges(['Negotiate', 'Digest realm="d", nonce="n"', 'Basic realm="b"', 'Bearer realm="https://a/t",service="s"']),
      ctx,
    );
    assert.equal(sel?.scheme, 'bearer');
    const neg = parseChallenges('Negotiate, Bearer realm="https://a/t"');
    assert.deepEqual(
      neg.map((c) => c.scheme),
      ['negotiate', 'bearer'],
    );
    assert.equal(selectChallenge(parseChallenges('Negotiate, Digest realm="x"'), ctx), undefined);
  });

  it('reads a token68 challenge and the challenge after it', () => {
    const list = parseChallenges('Negotiate YIIHKAYGKwYBBQUCoIIHHDCC==, Bearer realm="https://a/t"');
    assert.equal(list[0].token68, 'YIIHKAYGKwYBBQUCoIIHHDCC==');
    assert.equal(list[1].params.realm, 'https://a/t');
  });

  it('reads unquoted values, including URLs that are not RFC tokens', () => {
    const [c] = parseChallenges('Bearer realm=https://a.example/token,service=registry.example,scope=repository:foo:pull');
    assert.equal(c.params.realm, 'https://a.example/token');
    assert.equal(c.params.service, 'registry.example');
    assert.deepEqual(c.scopes, ['repository:foo:pull']);
  });

  it('treats Bearer without a realm as an error, but falls back to Basic when offered', () => {
    assert.throws(
      () => selectChallenge(parseChallenges('Bearer service="s",scope="repository:a:pull"'), ctx),
      (e: unknown) => e instanceof RegistryError && e.kind === 'protocol' && /realm/.test(e.message),
    );
    assert.equal(selectChallenge(parseChallenges('Bearer service="s", Basic realm="x"'), ctx)?.scheme, 'basic');
  });

  it('handles an unterminated quote and empty values', () => {
    const [c] = parseChallenges('Bearer realm="https://a/t,service="s');
    assert.equal(c.params.realm, 'https://a/t,service=');
    const [d] = parseChallenges('Bearer realm=,service=""');
    assert.equal(d.params.realm, '');
    assert.equal(d.params.service, '');
  });

  it('never throws or hangs on garbage and hostile input', () => {
    const samples = [
      '',
      ',,,,',
      '=',
      '"',
      '\\',
      '=====',
      'Bearer ====',
      'Bearer realm',
      'Bearer realm"x"',
      'Bearer , , realm="a"',
      '"quoted" Bearer realm="a"',
      '\u0000\u0001Bearer\tr=1',
      'Bearer realm="a",,,,,service="s"',
      'Bearer realm="a" junk junk, service="s"',
      ' '.repeat(10_000),
      '"'.repeat(50_000),
      'a,'.repeat(100_000),
      'Bearer ' + 'x="y",'.repeat(50_000),
      'Bearer realm="' + '\\'.repeat(100_001),
    ];
    for (const s of samples) {
      const start = Date.now();
      const out = parseChallenges(s);
      assert.ok(Array.isArray(out));
      assert.ok(Date.now() - start < 500, `too slow on ${JSON.stringify(s.slice(0, 30))}`);
      assert.ok(out.length <= 32);
    }
    assert.deepEqual(parseChallenges([undefined as unknown as string, 42 as unknown as string]), []);
    assert.deepEqual(parseChallenges(null), []);
    // Input beyond the cap is ignored.
    const far = ' '.repeat(MAX_HEADER_CHARS) + 'Bearer realm="https://a/t"';
    assert.deepEqual(parseChallenges(far), []);
  });

  it('keeps the first value of a repeated parameter other than scope', () => {
    const [c] = parseChallenges('Bearer realm="https://first/t",realm="https://second/t"');
    assert.equal(c.params.realm, 'https://first/t');
  });

  it('unions scopes over several Bearer challenges and keeps the error', () => {
    const sel = selectChallenge(
      parseChallenges([
        'Bearer realm="https://a/t",scope="repository:a:pull"',
        'Bearer realm="https://a/t",scope="repository:b:push",error="insufficient_scope"',
      ]),
      ctx,
    );
    assert.deepEqual(sel, {
      scheme: 'bearer',
      realm: 'https://a/t',
      service: undefined,
      scopes: ['repository:a:pull', 'repository:b:push'],
      error: 'insufficient_scope',
    });
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScopeSet, formatScope, parseScope, repositoryScope } from '../../../src/registry/transport/scope';

describe('scopes', () => {
  it('splits at the first and the last colon, so names may hold host:port', () => {
    assert.deepEqual(parseScope('repository:localhost:5000/foo:pull'), { type: 'repository', name: 'localhost:5000/foo', actions: ['pull'] });
    assert.deepEqual(parseScope('repository:foo/bar:pull,push'), { type: 'repository', name: 'foo/bar', actions: ['pull', 'push'] });
    assert.deepEqual(parseScope('registry:catalog:*'), { type: 'registry', name: 'catalog', actions: ['*'] });
  });

  it('keeps a type with a resource class verbatim', () => {
    assert.deepEqual(parseScope('repository(plugin):vieux/sshfs:pull'), { type: 'repository(plugin)', name: 'vieux/sshfs', actions: ['pull'] });
    const set = new ScopeSet(['repository(plugin):a:pull', 'repository:a:push']);
    assert.deepEqual(set.toStrings(), ['repository(plugin):a:pull', 'repository:a:push']);
  });

  it('rejects scopes with fewer than two colons', () => {
    assert.equal(parseScope('repository:foo'), undefined);
    assert.equal(parseScope(':foo:pull'), undefined);
    assert.equal(parseScope(''), undefined);
  });

  it('merges actions per resource, sorted, in first-seen order of resources', () => {
    const s = new ScopeSet(['repository:foo/bar:push,pull', 'repository:other:pull', 'repository:foo/bar:delete']);
    assert.deepEqual(s.toStrings(), ['repository:foo/bar:delete,pull,push', 'repository:other:pull']);
    assert.equal(formatScope('repository', 'a', ['push', 'pull', 'push']), 'repository:a:pull,push');
    assert.equal(repositoryScope('a', 'pull', '*'), 'repository:a:*');
  });

  it('tests coverage per action, with * covering everything', () => {
    const granted = new ScopeSet(['repository:foo/bar:pull,push', 'registry:catalog:*']);
    assert.ok(granted.covers(['repository:foo/bar:pull']));
    assert.ok(granted.covers(['repository:foo/bar:push,pull']));
    assert.ok(!granted.covers(['repository:foo/bar:delete']));
    assert.ok(!granted.covers(['repository:other:pull']));
    assert.ok(granted.covers(['registry:catalog:*']));
    assert.ok(granted.covers(['registry:catalog:search']));
    assert.ok(granted.covers([]));
    assert.ok(!new ScopeSet(['repository:a:pull']).covers(['repository:a:*']));
    assert.ok(new ScopeSet(['repository:localhost:5000/a:*']).covers(['repository:localhost:5000/a:delete']));
  });

  it('says what another set adds, and has an order-independent key', () => {
    const sent = new ScopeSet(['repository:foo/bar:pull,push']);
    assert.deepEqual(sent.missingFrom(new ScopeSet(['repository:foo/bar:delete,pull'])), ['repository:foo/bar:delete']);
    assert.deepEqual(new ScopeSet(['repository:a:*']).missingFrom(new ScopeSet(['repository:a:delete'])), []);
    assert.equal(new ScopeSet(['repository:b:pull', 'repository:a:push,pull']).key(), new ScopeSet(['repository:a:pull,push', 'repository:b:pull']).key());
  });

  it('knows which resources a set touches', () => {
    const s = new ScopeSet(['repository:foo/bar:pull']);
    assert.ok(s.touches('repository', 'foo/bar'));
    assert.ok(!s.touches('repository', 'foo/baz'));
  });
});

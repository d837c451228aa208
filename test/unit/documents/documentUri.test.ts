import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSpec } from '../../../src/contracts';
import { contentKey, documentTitle, documentUriParts, parseDocumentQuery } from '../../../src/documents/documentUri';
import { prettyJson } from '../../../src/documents/documentContent';

const D = 'sha256:' + '0123456789abcdef'.repeat(4);

test('titles name repository, tag or short digest, and the kind', () => {
  assert.equal(documentTitle({ kind: 'manifest', registryId: 'h:5000', repository: 'foo/bar', digest: D, tag: 'qux' }), 'foo/bar:qux · manifest');
  assert.equal(documentTitle({ kind: 'config', registryId: 'h', repository: 'foo/bar', digest: D, tag: 'qux' }), 'foo/bar:qux · config');
  assert.equal(
    documentTitle({ kind: 'manifest', registryId: 'h', repository: 'foo/multi', digest: D, tag: 'latest', qualifier: 'linux/arm/v7' }),
    'foo/multi:latest · linux/arm/v7 · manifest',
  );
  assert.equal(documentTitle({ kind: 'manifest', registryId: 'h', repository: 'a', digest: D }), 'a@0123456789ab · manifest');
});

test('the URI path is the title with look-alike slashes (one segment), the query round-trips', () => {
  const spec: DocumentSpec = { kind: 'manifest', registryId: '127.0.0.1:5000', repository: 'foo/bar', digest: D, tag: 'qux', qualifier: 'linux/amd64' };
  const parts = documentUriParts(spec);
  assert.equal(parts.scheme, 'registry-explorer');
  assert.equal(parts.path, '/foo\u2215bar:qux · linux\u2215amd64 · manifest');
  assert.equal(parts.path.lastIndexOf('/'), 0, 'a single path segment');
  assert.deepEqual(parseDocumentQuery(parts.query), spec);
  assert.equal(parseDocumentQuery('kind=other&registry=h&repository=r&digest=d'), undefined);
  assert.equal(parseDocumentQuery(''), undefined);
});

test('the cache key is content addressed: the title does not matter', () => {
  const a: DocumentSpec = { kind: 'manifest', registryId: 'h', repository: 'r', digest: D, tag: 'x' };
  assert.equal(contentKey(a), contentKey({ ...a, tag: 'y', qualifier: 'q' }));
  assert.notEqual(contentKey(a), contentKey({ ...a, kind: 'config' }));
});

test('prettyJson indents compact JSON, keeps formatted JSON byte for byte, leaves other bytes alone', () => {
  assert.equal(prettyJson(Buffer.from('{"a":[1,{"b":"c"}]}')), '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}\n');
  const docker = '{\n   "schemaVersion": 2,\n   "layers": []\n}';
  assert.equal(prettyJson(Buffer.from(docker)), docker, "docker's 3-space manifest is shown exactly");
  assert.equal(prettyJson(Buffer.from('not json')), 'not json');
});

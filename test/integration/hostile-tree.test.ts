// What the tree shows when a registry answers its listings with failures that echo the request's
// secrets (the Bearer token, the password, the Basic pair, a signed storage URL): every error node,
// its description and its tooltip, as the Registries view would render them, quote the registry's
// words without any of the secrets. The registry is the real one behind the fault layer.
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { afterEach, before, describe, it } from 'node:test';
import { custom, on } from '../fixtures/faults';
import { assertNoSecrets } from '../fixtures/hostileChecks';
import { useTestBed, type TestBed } from '../fixtures/testbed';
import { treeHarness, type TreeHarness } from '../fixtures/treeModel';
import { describeNode } from '../../src/tree/describe';
import type { TreeNode } from '../../src/model/nodes';

const SIGNED_URL = 'https://storage.example.com/blob?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=5ecre7516na7ure';

/** The request's Authorization value, its credential alone, alice's password and Basic pair, and a signed URL, in one sentence. */
function echo(bed: TestBed, req: http.IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  const { username, password } = bed.users.alice;
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  return `refused ${auth} (${auth.replace(/^\S+ /, '')}) for ${username}:${password}, Basic ${basic}; see ${SIGNED_URL}`;
}

/** Everything the view shows for the nodes under `parent` (and `parent`), as text. */
function shown(h: TreeHarness, nodes: TreeNode[]): string {
  return nodes
    .map((n) => describeNode(n, { registry: (id) => h.model.registryInfo(id), now: Date.now(), tagSort: h.settings.tagSort }))
    .map((d) => [d.label, d.description, d.tooltip, d.accessibilityLabel].join('\n'))
    .join('\n');
}

describe('hostile secrets in the tree (real docker-registry 2.8 behind the fault layer)', () => {
  const bed = useTestBed({ seed: false });
  before(async () => {
    await bed.pushImage('foo/t-echo', 'v1');
  });
  afterEach(() => {
    bed.quirks.fault = undefined;
  });

  for (const status of [403, 500]) {
    it(`a catalog and a tag list answered ${status} with the secrets echoed: the error nodes quote the registry, and show no secret`, async () => {
      const fault = (bed.quirks.fault = custom((req, ctx, hit) => {
        if (!req.headers.authorization) return false;
        if (!on('GET', /\/_catalog$/)(req, ctx.url) && !on('GET', /\/tags\/list$/)(req, ctx.url)) return false;
        hit();
        const body = JSON.stringify({
          errors: [{ code: status === 403 ? 'DENIED' : 'UNKNOWN', message: echo(bed, req), detail: { authorization: req.headers.authorization } }],
        });
        ctx.send({ status, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) });
        return true;
      }));
      const h = treeHarness(bed, bed.users.alice, { repositories: ['foo/t-echo'] });
      const [registry] = await h.model.getChildren();
      const children = await h.model.getChildren(registry);
      const repo = children.find((c) => c.kind === 'repository');
      assert.ok(repo, JSON.stringify(children));
      const tags = await h.model.getChildren(repo);
      const failures = [...children, ...tags].filter((c) => c.kind === 'message');

      assert.ok(fault.hits >= 2, `the catalog and the tag list were both answered by the fault (${fault.hits})`);
      assert.ok(failures.length >= 2, `a failure node for the catalog and for the tags: ${JSON.stringify([...children, ...tags])}`);
      const text = shown(h, [registry, ...children, ...tags]);
      assert.match(text, /refused Bearer (\\?\*){3}/, `the registry's words are quoted, masked:\n${text}`);
      assertNoSecrets(bed, { other: text }, ['X-Amz-Signature=5ecre7516na7ure', '5ecre7516na7ure', 'AKIAEXAMPLE']);
    });
  }
});

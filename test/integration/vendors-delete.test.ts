// Delete… through a vendor's API, the product path (planDeleteSelection → the confirm's words →
// executeDeleteSelection), on the Harbor and Quay stand-ins (test/fixtures/vendors/, written from
// the vendors' published references) in front of the real docker-registry 2.8 of the test bed. The
// stand-ins remove a tag in the real registry (its tag link, as the login's user), so what is left
// is read back from the registry itself: tags/list and a HEAD of each remaining tag.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { RegistryClient, type VendorApi, type VendorKind } from '../../src/registry';
import { previewRepository } from '../../src/actions/cleanup/preview';
import { parseRules } from '../../src/actions/cleanup/rules';
import { runCleanup } from '../../src/actions/cleanup/run';
import { untaggerFor } from '../../src/actions/cleanup/untagger';
import { compareTagsByVersion } from '../../src/model/tagSort';
import { describeDeletePlan } from '../../src/actions/deleteConfirm';
import { tagsThatGo } from '../../src/actions/deletePlan';
import { executeDeleteSelection, planDeleteSelection, type KnownTags } from '../../src/actions/deleteSelection';
import { startTestBed, type TestBed } from '../fixtures/testbed';
import { RealRegistry } from '../fixtures/vendors/realRegistry';
import { startHarborApi } from '../fixtures/vendors/harborApi';
import { startQuayApi } from '../fixtures/vendors/quayApi';
import type { StandIn } from '../fixtures/vendors/standInServer';
import { allPages, close, listen } from '../fixtures/tools';

const ROBOT = { username: 'robot$foo+ci', password: 'robot-secret-1' };
const QUAY_TOKEN = 'quay-oauth-token-of-alice-0123456789';
const QUAY_CAROL = 'quay-oauth-token-of-carol-0123456789';

describe('Delete… through the vendor API (Harbor, Quay stand-ins) over the real docker-registry 2.8', () => {
  let bed: TestBed;
  let real: RealRegistry;
  let harbor: StandIn;
  let quay: StandIn;

  before(async () => {
    bed = await startTestBed();
    real = new RealRegistry(bed);
    harbor = await startHarborApi(real, {
      [ROBOT.username]: { password: ROBOT.password, user: 'alice', projects: ['foo'] },
      carol: { password: bed.users.carol.password, user: 'carol', projects: ['foo'] },
    });
    quay = await startQuayApi(real, { [QUAY_TOKEN]: { user: 'alice', namespaces: ['foo'] }, [QUAY_CAROL]: { user: 'carol', namespaces: ['foo'] } });
  });
  after(async () => {
    await harbor?.stop();
    await quay?.stop();
    await bed?.stop();
  });

  const nothingShown: KnownTags = { knownDigest: () => undefined, knownReferrerCount: () => undefined };

  /** The product's client (signed in as alice) and its vendor API with the given login, as the pool hands them out. */
  function session(kind: VendorKind, apiUrl: string, credentials: { username: string; password: string }) {
    const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice }, retries: 0 });
    const vendor: VendorApi = client.vendor(kind, { apiUrl, credentials });
    return { client, vendor, clients: { get: () => client, vendor: () => vendor } };
  }

  /** What the real registry has left of a repository: every tag and the digest a HEAD finds for it. */
  async function left(repository: string): Promise<Record<string, string | undefined>> {
    const admin = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.admin }, retries: 0 });
    const out: Record<string, string | undefined> = {};
    for (const tag of (await allPages(admin.tags(repository))).flat().sort()) out[tag] = (await admin.headManifest(repository, tag))?.digest;
    return out;
  }

  const cases: {
    kind: VendorKind;
    name: string;
    api: () => string;
    login: { username: string; password: string };
    denied: () => { username: string; password: string };
  }[] = [
    { kind: 'harbor', name: 'Harbor', api: () => harbor.url, login: ROBOT, denied: () => ({ username: 'carol', password: bed.users.carol.password }) },
    {
      kind: 'quay',
      name: 'Quay',
      api: () => quay.url,
      login: { username: '$oauthtoken', password: QUAY_TOKEN },
      denied: () => ({ username: '$oauthtoken', password: QUAY_CAROL }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: one tag of three sharing a digest goes alone; the confirm listed exactly that tag; the other two stay on the digest`, async () => {
      const repository = `foo/${c.kind}-del-one`;
      const pushed = await real.push(repository, ['one', 'two', 'three']);
      const { clients } = session(c.kind, c.api(), c.login);
      const [{ plan }] = await planDeleteSelection([{ registryId: bed.host, repository, tag: 'one' }], nothingShown, clients);
      assert.equal(plan.mode, 'vendor');
      assert.deepEqual(tagsThatGo(plan), [{ repository, tag: 'one' }]);
      const text = describeDeletePlan(plan);
      assert.equal(text.message, `Delete the tag ${repository}:one?`);
      assert.match(text.detail, new RegExp(`^${c.name}'s API removes the tag only; the image ${pushed.digest.slice(7, 19)} and its other tags stay\\.`));
      assert.doesNotMatch(text.detail, /two|three/);

      bed.resetLogs();
      const removed: string[] = [];
      const [result] = await executeDeleteSelection([{ registryId: bed.host, plan }], clients, { removeTags: (_id, _repo, tags) => removed.push(...tags) });
      assert.equal(result.outcome, 'untagged', result.message);
      assert.deepEqual(removed, ['one']);
      assert.ok(!bed.registryRequests.some((r) => r.method === 'DELETE' && r.path.includes('/manifests/sha256:')), 'no digest was deleted');
      assert.deepEqual(await left(repository), { three: pushed.digest, two: pushed.digest });
    });

    it(`${c.name}: a vendor untag that is refused deletes nothing else: the digest and all three tags stay`, async () => {
      const repository = `foo/${c.kind}-del-refused`;
      const pushed = await real.push(repository, ['one', 'two', 'three']);
      const { clients } = session(c.kind, c.api(), c.denied());
      const plans = await planDeleteSelection([{ registryId: bed.host, repository, tag: 'one' }], nothingShown, clients);
      bed.resetLogs();
      const [result] = await executeDeleteSelection(plans, clients, { removeTags: () => assert.fail('nothing may leave the view') });
      assert.equal(result.outcome, 'failed');
      assert.match(result.message, new RegExp(`^${repository}:one was not deleted: ${c.name}'s API .* Nothing else was deleted`));
      assert.ok(!result.message.includes(QUAY_CAROL) && !result.message.includes(bed.users.carol.password), 'no secret in the message');
      assert.ok(!bed.registryRequests.some((r) => r.method === 'DELETE' && r.path.includes('/manifests/sha256:')), 'no digest delete after the refusal');
      assert.deepEqual(await left(repository), { one: pushed.digest, three: pushed.digest, two: pushed.digest });
    });
  }

  it('a vendor API that cannot be reached deletes nothing: no digest delete, the tags stay', async () => {
    const repository = 'foo/harbor-del-unreachable';
    const pushed = await real.push(repository, ['one', 'two', 'three']);
    const server = http.createServer();
    const port = await listen(server, '127.0.0.1');
    await close(server);
    const { clients } = session('harbor', `http://127.0.0.1:${port}`, ROBOT);
    const plans = await planDeleteSelection([{ registryId: bed.host, repository, tag: 'one' }], nothingShown, clients);
    assert.equal(plans[0].plan.mode, 'vendor');
    bed.resetLogs();
    const [result] = await executeDeleteSelection(plans, clients, { removeTags: () => assert.fail('nothing may leave the view') });
    assert.equal(result.outcome, 'failed', result.message);
    assert.match(result.message, /Nothing else was deleted/);
    assert.ok(!result.message.includes(ROBOT.password));
    assert.deepEqual(
      bed.registryRequests.filter((r) => r.method === 'DELETE'),
      [],
    );
    assert.deepEqual(await left(repository), { one: pushed.digest, three: pushed.digest, two: pushed.digest });
  });

  it('the same selection without a vendor API: the registry path names all three tags, as before', async () => {
    const repository = 'foo/plain-del-one';
    await real.push(repository, ['one', 'two', 'three']);
    const client = new RegistryClient({ registry: bed.url, credentials: { ...bed.users.alice }, retries: 0 });
    const [{ plan }] = await planDeleteSelection([{ registryId: bed.host, repository, tag: 'one' }], nothingShown, { get: () => client });
    assert.notEqual(plan.mode, 'vendor');
    assert.deepEqual(
      tagsThatGo(plan).map((t) => t.tag),
      ['one', 'three', 'two'],
    );
    assert.match(describeDeletePlan(plan).detail, /two/);
  });

  it("clean-up by rules: a tag shared with a kept tag is removed alone through Harbor's API, known at the preview; the image that goes whole is deleted by digest", async () => {
    const repository = 'foo/harbor-cleanup';
    const shared = await real.push(repository, ['old', 'stable'], { seed: 'cleanup shared' });
    const whole = await real.push(repository, ['gone'], { seed: 'cleanup whole' });
    const { client, vendor } = session('harbor', harbor.url, ROBOT);
    const untagger = untaggerFor(client, vendor);
    const p = await previewRepository(client, bed.host, repository, parseRules('include=old,gone').rules!, {
      known: { digest: () => undefined },
      untagger,
      versionOrder: compareTagsByVersion,
      now: Date.now(),
    });
    assert.equal(p.untag, true, 'known before the preview: no probe needed');
    assert.equal(p.untagBy, "Harbor's API");
    assert.deepEqual(Object.fromEntries(p.tags.map((t) => [t.tag, t.removal ?? 'kept'])), { gone: 'delete', old: 'untag', stable: 'kept' });
    bed.resetLogs();
    const vendorBefore = harbor.log.length;
    const report = await runCleanup(client, p, { untagger });
    assert.deepEqual(report.removedTags.sort(), ['gone', 'old']);
    assert.deepEqual(
      harbor.log.slice(vendorBefore).map((r) => r.method),
      ['DELETE'],
    );
    const deletes = bed.registryRequests.filter((r) => r.method === 'DELETE' && r.status < 300 && r.path.includes('/manifests/sha256:'));
    assert.deepEqual(
      deletes.map((r) => r.path.split('/manifests/')[1]),
      [whole.digest],
    );
    assert.deepEqual(await left(repository), { stable: shared.digest });
  });
});

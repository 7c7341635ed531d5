import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { ObjectStoreTarget, bucketCluster } from '../../../electron/core/backup/targets/object-store-target.js';
import { createObjectStoreLab, type ObjectStoreLab } from '../../support/backup/object-store-lab.js';
import { checkTargetContract, packName, refused } from '../../support/backup/target-contract.js';
import { teardownAfterSuite } from '../../support/teardown.js';

describe('object-store target on a real nats-server (TLS, NKEY, the official permitted the bucket only)', () => {
  const teardown = teardownAfterSuite();
  let store: ObjectStoreLab;
  before(async () => {
    store = await createObjectStoreLab(teardown, { nodes: 1, bucket: 'airlock-backup-r1' });
  });

  it('keeps the target contract; a second writer of a name is refused by the server; a removed name can be written again', async () => {
    const target = new ObjectStoreTarget({ connection: await store.official(), bucket: store.bucket });
    const { name, pack } = await checkTargetContract(target, 700_000);
    // A second writer of the same name (another target, another connection) is refused by the server too.
    const other = new ObjectStoreTarget({ connection: await store.official(), bucket: store.bucket });
    await refused(other.put(name, randomBytes(10)), 'exists');
    assert.deepEqual(await target.get(name), pack);
    await target.remove(name);
    assert.deepEqual(await target.list('data/'), []);
    await target.put(name, pack);
    assert.deepEqual(await other.get(name), pack);
  });

  it("an official without the bucket in their permissions is refused; a bucket name outside the rule is not accepted", async () => {
    const stranger = new ObjectStoreTarget({ connection: await store.official('binh'), bucket: store.bucket, timeoutMs: 3000 });
    await refused(stranger.list(''), 'refused');
    const pack = randomBytes(1000);
    await refused(stranger.put(packName(pack), pack), 'refused');
    assert.throws(() => new ObjectStoreTarget({ connection: undefined as never, bucket: 'OBJ_x' }), RangeError);
  });
});

describe('object-store target on a 3-node cluster, the bucket replicated R3', () => {
  const teardown = teardownAfterSuite();
  let store: ObjectStoreLab;
  before(async () => {
    store = await createObjectStoreLab(teardown, { nodes: 3, bucket: 'airlock-backup-r3' });
  });

  it('the node leading the bucket killed mid-put: the put ends whole or not at all, then reads and writes go on', async (t) => {
    const admin = await store.lab.admin();
    const target = new ObjectStoreTarget({ connection: await store.official(), bucket: store.bucket, timeoutMs: 5000, retryForMs: 30_000 });
    const earlier = new Map<string, Buffer>();
    for (let i = 0; i < 3; i++) {
      const pack = randomBytes(200_000);
      await target.put(packName(pack), pack);
      earlier.set(packName(pack), pack);
    }
    const cluster = await bucketCluster(admin, store.bucket);
    assert.equal(cluster.replicas.length, 2, 'R3: a leader and two replicas');
    const leader = store.lab.servers.find((server) => server.name === cluster.leader);
    assert.ok(leader !== undefined, `leader ${cluster.leader}`);

    const pack = randomBytes(4 * 1024 * 1024);
    const name = packName(pack);
    const putting = target.put(name, pack).then(
      () => 'stored',
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const killedAt = performance.now();
    await leader.kill();
    const outcome = await putting;
    t.diagnostic(`put during the kill: ${outcome instanceof Error ? outcome.message : outcome}, after ${Math.round(performance.now() - killedAt)} ms`);
    // Whole or nothing: never a partial object under its name.
    if (outcome === 'stored') assert.deepEqual(await target.get(name), pack);
    else assert.equal(await target.exists(name), false);

    for (const [earlierName, bytes] of earlier) assert.deepEqual(await target.get(earlierName), bytes);
    const after = randomBytes(300_000);
    await target.put(packName(after), after);
    assert.deepEqual(await target.get(packName(after)), after);
    t.diagnostic(`reads and a new write done ${Math.round(performance.now() - killedAt)} ms after the kill`);
    const now = await bucketCluster(admin, store.bucket);
    assert.notEqual(now.leader, leader.name);
    assert.deepEqual((await target.list('data/')).map((entry) => entry.name).sort(), [...earlier.keys(), packName(after), ...(outcome === 'stored' ? [name] : [])].sort());
  });
});

// A 3-node cluster on loopback with R3 attachment buckets: the leader of An's bucket is SIGKILLed
// and Bình still downloads An's attachment, whole, from the two servers left; An can still upload.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { ObjectStoreAttachments } from '../../../electron/core/messaging/object-store-attachments.js';
import { attachmentStream } from '../../../electron/core/messaging/subjects.js';
import { containerLike } from '../../support/container-like.js';
import { retrying } from '../../support/retrying.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';

/** Generous, as in cluster.test.ts: a new leader is elected within seconds. */
const FAILOVER_BOUND_MS = 30_000;

describe('attachments on a 3-node cluster with R3 buckets (real nats-server 2.9.10)', () => {
  const teardown = teardownAfterSuite();
  let lab: MessagingLab;

  before(async () => {
    lab = await createMessagingLab(teardown, { nodes: 3, attachments: true, users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1'] }] });
  });

  it('keeps an attachment whole after its bucket’s leader is killed', async (t) => {
    const dir = await teardown.tempDir('airlock-attachments-cluster-');
    const jsm = await jetstreamManager(await lab.admin(), { checkAPI: false });
    const info = await jsm.streams.info(attachmentStream('an'));
    assert.equal(info.config.num_replicas, 3);
    const leader = lab.servers.find((server) => server.name === info.cluster?.leader);
    assert.ok(leader, `leader ${String(info.cluster?.leader)} is one of the lab's servers`);

    const anConnection = lab.connectAs('an');
    const binhConnection = lab.connectAs('binh');
    await anConnection.until((state) => state.kind === 'connected');
    await binhConnection.until((state) => state.kind === 'connected');
    const an = new ObjectStoreAttachments(anConnection, { requestTimeoutMs: 3000, stallMs: 3000 });
    const binh = new ObjectStoreAttachments(binhConnection, { requestTimeoutMs: 3000, stallMs: 3000 });
    const content = containerLike(4 * 1024 * 1024);
    const file = path.join(dir, 'công văn.alc');
    await writeFile(file, content);
    const ref = await an.upload(file);

    const killedAt = Date.now();
    await leader.kill();
    const target = path.join(dir, 'received.alc');
    await retrying(() => binh.download(ref, target), FAILOVER_BOUND_MS);
    t.diagnostic(`downloaded ${String(Date.now() - killedAt)} ms after the bucket's leader was killed`);
    assert.equal(createHash('sha256').update(await readFile(target)).digest('hex'), createHash('sha256').update(content).digest('hex'));
    const again = await retrying(() => an.upload(file), FAILOVER_BOUND_MS);
    assert.equal(again.sha256, ref.sha256);
    assert.notEqual((await jsm.streams.info(attachmentStream('an'))).cluster?.leader, leader.name);
  });
});

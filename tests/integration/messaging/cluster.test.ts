// A 3-node cluster on loopback (routes over TLS, R3 inbox stream): the stream leader is SIGKILLed
// and the inbox keeps taking and delivering messages through the two servers left.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { Inbox, type InboxMessage } from '../../../electron/core/messaging/inbox.js';
import { INBOX_STREAM } from '../../../electron/core/messaging/subjects.js';
import { retrying } from '../../support/retrying.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';

/** Generous: a new leader is elected in a few seconds (measured ~3 s, reported in docs/messaging.md). */
const FAILOVER_BOUND_MS = 30_000;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('3-node cluster with an R3 inbox stream (real nats-server 2.9.10)', () => {
  const teardown = teardownAfterSuite();
  let lab: MessagingLab;

  before(async () => {
    lab = await createMessagingLab(teardown, { nodes: 3, users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1'] }] });
  });

  it('keeps every message and keeps delivering after the stream leader is killed', async (t) => {
    const jsm = await jetstreamManager(await lab.admin(), { checkAPI: false });
    const info = await jsm.streams.info(INBOX_STREAM);
    assert.equal(info.config.num_replicas, 3);
    assert.equal(info.cluster?.replicas?.length, 2, 'two followers beside the leader');
    const leader = lab.servers.find((server) => server.name === info.cluster?.leader);
    assert.ok(leader, `leader ${String(info.cluster?.leader)} is one of the lab's servers`);

    // Bình's device has its durables (R3 like the stream) before the kill.
    const binh = lab.connectAs('binh');
    await binh.until((state) => state.kind === 'connected');
    const inbox = new Inbox(binh);
    assert.deepEqual(await inbox.fetch(10), []);

    const an = lab.connectAs('an');
    await an.until((state) => state.kind === 'connected');
    const outbox = new Inbox(an);
    await outbox.publish('binh', 'thuongKhan', 'before-1', bytes('trước'));
    await outbox.publish('binh', 'thuong', 'before-2', bytes('trước'));

    const killedAt = Date.now();
    await leader.kill();
    await retrying(() => outbox.publish('binh', 'hoaToc', 'after-1', bytes('sau')), FAILOVER_BOUND_MS);
    const publishedAfterMs = Date.now() - killedAt;

    const fetched: InboxMessage[] = [];
    await retrying(async () => {
      fetched.push(...(await inbox.fetch(10)));
      if (fetched.length < 3) throw new Error(`only ${fetched.length} fetched`);
    }, FAILOVER_BOUND_MS);
    assert.deepEqual(fetched.map((m) => m.msgId), ['after-1', 'before-1', 'before-2']);
    for (const message of fetched) await message.ack();

    const after = await jsm.streams.info(INBOX_STREAM);
    assert.notEqual(after.cluster?.leader, leader.name);
    assert.ok(publishedAfterMs < FAILOVER_BOUND_MS);
    t.diagnostic(`first publish accepted ${publishedAfterMs} ms after the stream leader was killed; new leader ${String(after.cluster?.leader)}`);
  });
});

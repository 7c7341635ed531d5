import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Inbox } from '../../../electron/core/messaging/inbox.js';
import type { MessagingConnection } from '../../../electron/core/messaging/connection.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';

const connected = (connection: MessagingConnection): Promise<unknown> => connection.until((state) => state.kind === 'connected');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('inbox on a real nats-server 2.9.10 (TLS, NKEY users, JetStream file storage)', () => {
  const teardown = teardownAfterSuite();
  let lab: MessagingLab;

  before(async () => {
    lab = await createMessagingLab(teardown, { users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1', 'laptop'] }] });
  });

  it('delivers to a recipient who was not connected at publish, most urgent first, and an acked message is not fetched again', async () => {
    const an = lab.connectAs('an');
    await connected(an);
    const sent = new Inbox(an);
    await sent.publish('binh', 'thuong', 'offline-1', bytes('thường 1'));
    await sent.publish('binh', 'hoaToc', 'offline-2', bytes('hỏa tốc'));
    await sent.publish('binh', 'thuong', 'offline-3', bytes('thường 2'));
    await sent.publish('binh', 'khan', 'offline-4', bytes('khẩn'));

    const binh = lab.connectAs('binh', 'pc1');
    await connected(binh);
    const inbox = new Inbox(binh);
    const fetched = await inbox.fetch(10);
    assert.deepEqual(
      fetched.map((m) => [m.precedence, m.msgId, text(m.data)]),
      [['hoaToc', 'offline-2', 'hỏa tốc'], ['khan', 'offline-4', 'khẩn'], ['thuong', 'offline-1', 'thường 1'], ['thuong', 'offline-3', 'thường 2']],
    );
    for (const message of fetched) await message.ack();
    assert.deepEqual(await inbox.fetch(10), [], 'acked messages are not delivered again to the same device');

    // The other device has its own durables: it still gets every message.
    const laptop = lab.connectAs('binh', 'laptop');
    await connected(laptop);
    assert.equal((await new Inbox(laptop).fetch(10)).length, 4);
  });

  it('stores a message sent twice with the same Nats-Msg-Id once', async () => {
    const an = lab.connectAs('an');
    await connected(an);
    const outbox = new Inbox(an);
    const first = await outbox.publish('binh', 'thuongKhan', 'dup-1', bytes('một lần'));
    const again = await outbox.publish('binh', 'thuongKhan', 'dup-1', bytes('một lần'));
    assert.equal(first.duplicate, false);
    assert.equal(again.duplicate, true);
    assert.equal(again.seq, first.seq);
    const binh = lab.connectAs('binh', 'pc1');
    await connected(binh);
    const fetched = await new Inbox(binh).fetch(10);
    assert.deepEqual(fetched.map((m) => m.msgId), ['dup-1']);
    for (const message of fetched) await message.ack();
  });

  it('keeps queued messages across a server restart (file storage)', async () => {
    const an = lab.connectAs('an');
    await connected(an);
    await new Inbox(an).publish('binh', 'khan', 'restart-1', bytes('trước khi khởi động lại'));
    await an.close();
    const [server] = lab.servers;
    assert.ok(server);
    await server.stop();
    await server.start();
    const binh = lab.connectAs('binh', 'pc1');
    await connected(binh);
    const fetched = await new Inbox(binh).fetch(10);
    assert.deepEqual(fetched.map((m) => [m.msgId, text(m.data)]), [['restart-1', 'trước khi khởi động lại']]);
    for (const message of fetched) await message.ack();
  });

  it('says the server is down while it is, and connects again when it is back', async () => {
    const an = lab.connectAs('an');
    await connected(an);
    const [server] = lab.servers;
    assert.ok(server);
    await server.kill();
    assert.deepEqual(await an.until((state) => state.kind === 'serverDown'), { kind: 'serverDown', reason: 'messaging.unreachable' });
    await assert.rejects(new Inbox(an).publish('binh', 'thuong', 'down-1', bytes('x')), (error: unknown) => error instanceof DomainError && error.code === 'messaging.notConnected');
    await server.start();
    await connected(an);
    await an.close();
    assert.deepEqual(an.state, { kind: 'disconnected' });
  });
});

// The server itself refuses what an official may not do: a client crafted to read or consume
// another official's inbox (raw subscriptions and raw JetStream API requests, bypassing Inbox)
// gets a permissions violation from nats-server, and nothing of the other inbox is consumed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { createUser } from '@nats-io/nkeys';
import { connect, PermissionViolationError, type NatsConnection } from '@nats-io/transport-node';
import { Inbox } from '../../../electron/core/messaging/inbox.js';
import { isPermissionViolation } from '../../../electron/core/messaging/connection-failure.js';
import { nkeySeedAuthenticator } from '../../../electron/core/messaging/nkey-auth.js';
import { replyPrefix } from '../../../electron/core/messaging/subjects.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';

const STILL_SUBSCRIBED_MS = 3000;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('server-side permissions and login (real nats-server 2.9.10)', () => {
  const teardown = teardownAfterSuite();
  let lab: MessagingLab;
  let crafted: NatsConnection;

  before(async () => {
    lab = await createMessagingLab(teardown, { users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1'] }] });
    // Bình's durables exist (he connected once) and a message waits for him.
    const binh = lab.connectAs('binh');
    await binh.until((state) => state.kind === 'connected');
    assert.deepEqual(await new Inbox(binh).fetch(10), []);
    const an = lab.connectAs('an');
    await an.until((state) => state.kind === 'connected');
    await new Inbox(an).publish('binh', 'hoaToc', 'secret-1', bytes('chỉ Bình được đọc'));
    // An's own credentials, but not through Inbox: what a modified client could send.
    const anSeed = lab.users.get('an')?.seed;
    assert.ok(anSeed);
    crafted = await connect({ servers: [...lab.urls], tls: { ca: lab.pki.rootPem }, authenticator: nkeySeedAuthenticator(() => anSeed), inboxPrefix: replyPrefix('an') });
    teardown.defer(() => crafted.close());
  });

  for (const subject of ['airlock.inbox.binh.hoaToc', 'airlock.inbox.binh.>', 'airlock.inbox.>', 'airlock.reply.binh.>', '_INBOX.>', '$JS.API.>']) {
    it(`refuses a subscription to ${subject}`, async () => {
      const sub = crafted.subscribe(subject);
      const ended = await Promise.race([sub.closed, new Promise((resolve) => setTimeout(() => resolve('still subscribed'), STILL_SUBSCRIBED_MS))]);
      assert.ok(ended instanceof PermissionViolationError, `subscription to ${subject} ended with ${String(ended)}`);
      assert.equal(ended.operation, 'subscription');
    });
  }

  const binhFlash = { durable_name: 'binh_pc1_hoaToc', filter_subject: 'airlock.inbox.binh.hoaToc', ack_policy: 'explicit' };
  const refusedRequests: readonly (readonly [string, string, unknown])[] = [
    ['a durable on Bình’s inbox under his name', '$JS.API.CONSUMER.CREATE.AIRLOCK_INBOX.binh_pc1_hoaToc.airlock.inbox.binh.hoaToc', { stream_name: 'AIRLOCK_INBOX', config: binhFlash }],
    ['a durable on Bình’s inbox under An’s name', '$JS.API.CONSUMER.CREATE.AIRLOCK_INBOX.an_pc1_hoaToc.airlock.inbox.binh.hoaToc', { stream_name: 'AIRLOCK_INBOX', config: { ...binhFlash, durable_name: 'an_pc1_hoaToc' } }],
    ['a durable through the old API (no filter in the subject)', '$JS.API.CONSUMER.DURABLE.CREATE.AIRLOCK_INBOX.an_pc1_hoaToc', { stream_name: 'AIRLOCK_INBOX', config: { ...binhFlash, durable_name: 'an_pc1_hoaToc' } }],
    ['an ephemeral consumer', '$JS.API.CONSUMER.CREATE.AIRLOCK_INBOX', { stream_name: 'AIRLOCK_INBOX', config: { filter_subject: 'airlock.inbox.binh.hoaToc', ack_policy: 'explicit' } }],
    ['the next message of Bình’s durable', '$JS.API.CONSUMER.MSG.NEXT.AIRLOCK_INBOX.binh_pc1_hoaToc', { batch: 1 }],
    ['the info of Bình’s durable', '$JS.API.CONSUMER.INFO.AIRLOCK_INBOX.binh_pc1_hoaToc', {}],
    ['deleting Bình’s durable', '$JS.API.CONSUMER.DELETE.AIRLOCK_INBOX.binh_pc1_hoaToc', {}],
    ['an ack on Bình’s durable', '$JS.ACK.AIRLOCK_INBOX.binh_pc1_hoaToc.1.1.1.0.0', {}],
    ['a stored message by sequence', '$JS.API.STREAM.MSG.GET.AIRLOCK_INBOX', { seq: 1 }],
    ['a direct get', '$JS.API.DIRECT.GET.AIRLOCK_INBOX', { seq: 1 }],
    ['deleting the stream', '$JS.API.STREAM.DELETE.AIRLOCK_INBOX', {}],
    ['creating a stream', '$JS.API.STREAM.CREATE.SPY', { name: 'SPY', subjects: ['airlock.inbox.binh.*'] }],
  ];
  for (const [what, subject, body] of refusedRequests) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(crafted.request(subject, JSON.stringify(body), { timeout: 3000 }), (error: unknown) => {
        assert.ok(isPermissionViolation(error), `${subject}: ${String(error)}`);
        return true;
      });
    });
  }

  it('refuses An’s own durable name with a filter on Bình’s inbox (the server checks the body against the API subject)', async () => {
    const reply = await crafted.request('$JS.API.CONSUMER.CREATE.AIRLOCK_INBOX.an_pc1_hoaToc.airlock.inbox.an.hoaToc', JSON.stringify({ stream_name: 'AIRLOCK_INBOX', config: { ...binhFlash, durable_name: 'an_pc1_hoaToc' } }), { timeout: 3000 });
    const answer = reply.json<{ error?: { err_code: number } }>();
    assert.equal(answer.error?.err_code, 10131, JSON.stringify(answer));
  });

  it('left Bình’s message unread by any of it', async () => {
    const binh = lab.connectAs('binh');
    await binh.until((state) => state.kind === 'connected');
    const fetched = await new Inbox(binh).fetch(10);
    assert.deepEqual(fetched.map((m) => [m.msgId, new TextDecoder().decode(m.data)]), [['secret-1', 'chỉ Bình được đọc']]);
  });

  it('refuses a server whose certificate is not from the pinned roots', async () => {
    const pinnedElsewhere = lab.connectAs('an', 'pc1', { rootsPem: await readFile(lab.pki.untrustedServer.rootFile, 'utf8') });
    assert.deepEqual(await pinnedElsewhere.until((state) => state.kind === 'serverDown'), { kind: 'serverDown', reason: 'messaging.serverUntrusted' });
  });

  it('refuses a login with an NKEY the server does not list', async () => {
    const stranger = lab.connectAs('an', 'pc1', { seed: createUser().getSeed() });
    assert.deepEqual(await stranger.until((state) => state.kind === 'serverDown'), { kind: 'serverDown', reason: 'messaging.authRefused' });
  });
});

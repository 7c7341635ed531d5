// Messaging's connection lives in the zone that allows it (#15): a real nats-server on the cipher
// network's side of the zone lab (inside that zone's namespace, on its gateway address), the app on
// the workstation's side. The core's sockets must leave through the workstation namespace's zone
// links, so the suite runs itself again inside that namespace (`ip netns exec`, as the training
// workstation runs the app); the outer run only makes and removes the lab. Root, SoftHSM token.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { createUser } from '@nats-io/nkeys';
import { connect as natsConnect } from '@nats-io/transport-node';
import { MessagingConnection } from '../../../electron/core/messaging/connection.js';
import { Inbox } from '../../../electron/core/messaging/inbox.js';
import { provisionInbox } from '../../../electron/core/messaging/inbox-stream.js';
import { nkeySeedAuthenticator } from '../../../electron/core/messaging/nkey-auth.js';
import { SealedOutbox } from '../../../electron/core/messaging/sealed-outbox.js';
import { ADMIN_REPLY_PREFIX } from '../../../electron/core/messaging/server-config.js';
import type { Core } from '../../../electron/core/core.js';
import type { MessagingStatus } from '../../../shared/domain/message.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { startServer } from '../../support/nats/nats-server.js';
import { SealedTestCredentials, testCredentialParts, testHandOver, testOutboxFlushFor, testReceiver } from '../../support/nats/sealed-test-credentials.js';
import { createServerPki } from '../../support/nats/server-pki.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { suiteInsideWorkstation } from '../../support/zone-lab-rerun.js';
import type { ZoneLab } from '../../support/zone-lab.js';
import { startLabHelper, startZoneCore } from '../../support/zone-core.js';

const INSIDE = 'AIRLOCK_MESSAGING_ZONES_LAB';
const NATS_PORT = 4222;
const MONITOR_PORT = 8222;

suiteInsideWorkstation(import.meta.filename, INSIDE, { suite: 'messaging in the zones (the app inside the zone lab’s workstation namespace)', test: 'runs the suite inside the workstation namespace, against a nats-server only the cipher network reaches' }, inside);

function inside(lab: ZoneLab): void {
  const cipher = lab.zone('co-yeu');

  describe('messaging follows the live zone: connects where allowed, closes when the zone is left or on lock', () => {
    const teardown = teardownAfterSuite();
    let token: SoftHsmToken;
    let core: Core;
    let api: AirlockApi;
    let handOver: string;
    const statuses: MessagingStatus[] = [];
    const admin = createUser();
    let binhSeed: Uint8Array;
    let rootsPem: string;
    /** Message ids the receive loop handed to the stand-in receiver (fetched and acked). */
    const received: string[] = [];

    before(async () => {
      const [madeToken, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.tempDir('airlock-msg-zones-')]);
      token = madeToken;
      const zones = await startLabHelper(teardown, token, lab, path.join(dir, 'helper'));

      // The server: on the cipher network's gateway address, inside that zone's namespace.
      const natsDir = path.join(dir, 'nats');
      const pki = await createServerPki(await teardown.tempDir('airlock-msg-pki-'), [cipher.gateway]);
      rootsPem = pki.rootPem;
      const official = createUser();
      const colleague = createUser();
      binhSeed = colleague.getSeed();
      await startServer(teardown, natsDir, {
        serverName: 'cipher1',
        host: cipher.gateway,
        port: NATS_PORT,
        netns: cipher.ns,
        monitorPort: MONITOR_PORT,
        tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.rootFile },
        adminNkey: admin.getPublicKey(),
        users: [
          { id: 'an', devices: ['pc1'], nkey: official.getPublicKey() },
          { id: 'binh', devices: ['pc1'], nkey: colleague.getPublicKey() },
        ],
      });
      handOver = path.join(dir, 'hand-over.json');
      await writeFile(handOver, testHandOver({ user: 'an', device: 'pc1', seed: official.getSeed(), servers: [`tls://${cipher.gateway}:${NATS_PORT}`], rootsPem: pki.rootPem }));

      ({ core, api } = await startZoneCore(teardown, token, path.join(dir, 'data'), zones, {
        messaging: { parts: { ...testCredentialParts, outbox: testOutboxFlushFor, receiver: () => testReceiver(received) }, retryMs: 250 },
        beforeStart: (made) =>
          made.services.events.subscribe((name, payload) => {
            if (name === 'messages.status') statuses.push(payload as MessagingStatus);
          }),
      }));
    });

    const ref = () => ({ serial: token.serial, label: token.label });
    const unlock = async () => assert.ok((await api.session.unlock({ token: ref(), pin: token.userPin })).ok);
    const switchTo = async (zone: string) => {
      const reply = await api.zones.switch({ zone, reason: 'Trao đổi công văn mật', token: ref(), pin: token.userPin });
      assert.ok(reply.ok, JSON.stringify(reply));
    };
    const status = async () => {
      const reply = await api.messages.status({});
      assert.ok(reply.ok, JSON.stringify(reply));
      return reply.value;
    };
    const waitFor = async (accept: (value: MessagingStatus) => boolean, what: string) => {
      const deadline = Date.now() + 15_000;
      for (let value = await status(); !accept(value); value = await status()) {
        if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    /** Who the server itself says is connected (its monitoring port, inside the cipher network's namespace). */
    const serverClients = async (): Promise<string[]> => {
      const connz = JSON.parse(await lab.exec(cipher.ns, ['curl', '-s', '--max-time', '5', `http://127.0.0.1:${MONITOR_PORT}/connz`])) as { connections?: { name?: string }[] };
      return (connz.connections ?? []).map((connection) => connection.name ?? '');
    };
    const untilServerClients = async (expected: string[], what: string) => {
      const deadline = Date.now() + 10_000;
      // The app's own connection (the test's admin and colleague connections aside).
      const ours = async () => (await serverClients()).filter((name) => name.startsWith('airlock an/'));
      for (let clients = await ours(); JSON.stringify(clients) !== JSON.stringify(expected); clients = await ours()) {
        if (Date.now() > deadline) assert.fail(`${what}: the server lists ${JSON.stringify(clients)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    /** A raw TCP connection to the server from the app's side (this process, the workstation namespace). */
    const reachesServer = (): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = tcpConnect({ host: cipher.gateway, port: NATS_PORT, timeout: 3000 });
        const settle = (reached: boolean) => {
          socket.destroy();
          resolve(reached);
        };
        socket.once('connect', () => settle(true));
        socket.once('error', () => settle(false));
        socket.once('timeout', () => settle(false));
      });
    const label = (value: MessagingStatus) => value.unavailable ?? value.connection.kind;
    const waitUntil = async (condition: () => boolean, what: string) => {
      const deadline = Date.now() + 15_000;
      while (!condition()) {
        if (Date.now() > deadline) assert.fail(what);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    it('unlocked with no zone live: noZone, and the server is out of reach', async () => {
      await unlock();
      await waitFor((value) => value.unavailable === 'noZone', 'noZone');
      assert.equal(await reachesServer(), false);
    });

    it('in the cipher network without credentials: noCredentials; after the hand-over is imported it connects, and the server sees the client', async () => {
      await switchTo('co-yeu');
      await unlock();
      await waitFor((value) => value.unavailable === 'noCredentials', 'noCredentials');
      assert.equal((await status()).ceiling, 'tuyetMat');
      assert.deepEqual(await serverClients(), []);
      const imported = await api.messages.importCredentials({ path: handOver });
      assert.ok(imported.ok, JSON.stringify(imported));
      assert.deepEqual(imported.value, { user: 'an', servers: [`tls://${cipher.gateway}:${NATS_PORT}`] });
      await waitFor((value) => value.available && value.connection.kind === 'connected', 'connected');
      await untilServerClients(['airlock an/pc1'], 'the app’s connection');
      assert.equal(await reachesServer(), true, 'the cipher network reaches the server');
      const handed = SealedTestCredentials.handedOut.at(-1);
      assert.ok(handed !== undefined && handed.seed.length > 0 && handed.seed.every((byte) => byte === 0), 'the seed read from the store is zeroed once the connection took its copy');
      const audit = await api.audit.query({ kind: 'messaging.connected', limit: 5 });
      assert.ok(audit.ok);
      assert.equal(audit.value[0]?.details.zone, 'co-yeu');
    });

    it('switching to a zone without messaging closes the connection (the server sees it gone) and the server cannot be reached from there', async () => {
      await switchTo('internet');
      await untilServerClients([], 'the connection closed by the switch');
      await unlock();
      await waitFor((value) => value.unavailable === 'zoneWithoutMessaging', 'zoneWithoutMessaging');
      const value = await status();
      assert.deepEqual(value.connection, { kind: 'disconnected' });
      assert.equal(value.ceiling, 'unclassified');
      assert.equal(await reachesServer(), false, 'a raw TCP connect from the app’s side fails in the Internet zone');
      const inbox = await api.messages.inbox({});
      assert.equal(!inbox.ok && inbox.error.code, 'messaging.zoneWithoutMessaging');
      const closed = await api.audit.query({ kind: 'messaging.disconnected', limit: 5 });
      assert.ok(closed.ok);
      assert.equal(closed.value[0]?.details.zone, 'co-yeu');
    });

    it('status went (locked at start) → noZone → (switch) → noCredentials → connecting → connected → (switch) → zoneWithoutMessaging, each pushed as messages.status', () => {
      const labels = statuses.map(label).filter((item, index, all) => item !== all[index - 1]);
      assert.deepEqual(labels, ['locked', 'noZone', 'locked', 'noCredentials', 'connecting', 'connected', 'locked', 'zoneWithoutMessaging']);
    });

    it('back in the cipher network it connects with the sealed credentials; a lock closes the connection and zeroes the seed read', async () => {
      await switchTo('co-yeu');
      await unlock();
      await waitFor((value) => value.connection.kind === 'connected', 'connected again from the sealed credentials');
      await untilServerClients(['airlock an/pc1'], 'connected again');
      const handed = SealedTestCredentials.handedOut.at(-1);
      assert.ok(handed?.seed.every((byte) => byte === 0));
      assert.ok((await api.session.lock({})).ok);
      await untilServerClients([], 'the connection closed by the lock');
      const last = statuses.at(-1);
      assert.equal(last?.unavailable, 'locked');
      assert.deepEqual(last?.connection, { kind: 'disconnected' });
      await unlock();
      const closed = await api.audit.query({ kind: 'messaging.disconnected', limit: 5 });
      assert.ok(closed.ok);
      assert.equal(closed.value[0]?.details.reason, 'manual');
    });

    it('on every connection the outbox is flushed, and while connected the receive loop fetches; closed, it fetches nothing', async () => {
      const server = `tls://${cipher.gateway}:${NATS_PORT}`;
      const nc = await natsConnect({ servers: [server], tls: { ca: rootsPem }, authenticator: nkeySeedAuthenticator(() => admin.getSeed()), inboxPrefix: ADMIN_REPLY_PREFIX });
      teardown.defer(() => nc.close());
      await provisionInbox(nc, { replicas: 1 });
      const binh = new MessagingConnection({ servers: [server], rootsPem, user: 'binh', device: 'pc1', seed: binhSeed, retryMs: 250 });
      teardown.defer(() => binh.close());
      binh.open();
      await binh.until((state) => state.kind === 'connected');
      const binhInbox = new Inbox(binh);

      // Sent to an while connected: the receive loop fetches it.
      await binhInbox.publish('an', 'hoaToc', 'm1@airlock.test', new TextEncoder().encode('Hỏa tốc 1'));
      await waitUntil(() => received.includes('m1@airlock.test'), 'm1 fetched by the receive loop');

      // Queued in the zone's sealed outbox: the next connection sends it, once.
      const outbox = new SealedOutbox(await core.services.zones.activeStore());
      outbox.enqueue({ messageId: 'q1@airlock.test', message: new TextEncoder().encode('Gửi khi kết nối lại'), recipients: ['binh'], precedence: 'khan', queuedAt: new Date().toISOString() });
      assert.equal((await status()).outbox, 1);
      const before = received.filter((id) => id === 'released').length;
      assert.ok((await api.session.lock({})).ok);
      await untilServerClients([], 'an’s connection closed by the lock');
      assert.equal(received.filter((id) => id === 'released').length, before + 1, 'the receiver released what it held while the connection still lived');
      // While locked nothing fetches: a message sent now waits on the server.
      await binhInbox.publish('an', 'thuong', 'm2@airlock.test', new TextEncoder().encode('Thường 2'));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(received.includes('m2@airlock.test'), false, 'nothing fetched while the connection is closed');
      await unlock();
      await waitUntil(() => received.includes('m2@airlock.test'), 'm2 fetched after the reconnection');
      await waitFor((value) => value.outbox === 0, 'the outbox sent');
      const delivered = (await binhInbox.fetch(10)).map((message) => message.msgId);
      assert.deepEqual(delivered, ['q1@airlock.test']);
      assert.deepEqual(received.filter((id) => id === 'm1@airlock.test'), ['m1@airlock.test'], 'acked: fetched once');
    });
  });
}

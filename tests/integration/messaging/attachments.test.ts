// Attachments over the JetStream object store (real nats-server 2.9.10): a 20 MiB file uploaded by
// An to his own bucket and downloaded by Bình with its digest checked, progress, cancellation that
// leaves nothing, a replaced object refused, the server itself refusing writes and deletes in
// another's bucket, and a server lost mid-way. The files stand in for containers: the container's
// first line, then random bytes (the transfer checks only that line; the composer encrypts).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DomainError } from '../../../electron/core/domain-error.js';
import type { MessagingConnection } from '../../../electron/core/messaging/connection.js';
import { isPermissionViolation } from '../../../electron/core/messaging/connection-failure.js';
import type { AttachmentRef } from '../../../electron/core/messaging/messaging-ports.js';
import { nkeySeedAuthenticator } from '../../../electron/core/messaging/nkey-auth.js';
import { ObjectStoreAttachments } from '../../../electron/core/messaging/object-store-attachments.js';
import { attachmentStream, replyPrefix } from '../../../electron/core/messaging/subjects.js';
import { containerLike } from '../../support/container-like.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'accepted';
  } catch (error) {
    return error instanceof DomainError ? error.code : `other: ${String(error)}`;
  }
}

async function connected(lab: MessagingLab, user: string): Promise<MessagingConnection> {
  const connection = lab.connectAs(user);
  await connection.until((state) => state.kind === 'connected');
  return connection;
}

describe('attachments in the object store (real nats-server 2.9.10)', () => {
  const teardown = teardownAfterSuite();
  let lab: MessagingLab;
  let dir: string;
  let an: ObjectStoreAttachments;
  let binh: ObjectStoreAttachments;
  let big: Uint8Array;
  let bigPath: string;
  let bigRef: AttachmentRef;

  const chunkCount = async (user: string): Promise<number> => {
    const jsm = await jetstreamManager(await lab.admin(), { checkAPI: false });
    return (await jsm.streams.info(attachmentStream(user))).state.messages;
  };

  before(async () => {
    lab = await createMessagingLab(teardown, { attachments: true, users: [{ id: 'an', devices: ['pc1'] }, { id: 'binh', devices: ['pc1'] }] });
    dir = await teardown.tempDir('airlock-attachments-');
    an = new ObjectStoreAttachments(await connected(lab, 'an'), { stallMs: 3000, requestTimeoutMs: 3000 });
    binh = new ObjectStoreAttachments(await connected(lab, 'binh'), { stallMs: 3000, requestTimeoutMs: 3000 });
    big = containerLike(20 * MiB);
    bigPath = path.join(dir, 'Báo cáo quý IV.pdf.alc');
    await writeFile(bigPath, big);
  });

  it('round-trips a 20 MiB container: An uploads to his bucket, Bình downloads it with the size and SHA-256 the reference names, both with progress', async (t) => {
    const upProgress: number[] = [];
    const started = Date.now();
    bigRef = await an.upload(bigPath, { onProgress: (done, total) => upProgress.push(done / total) });
    const uploadedMs = Date.now() - started;
    assert.deepEqual({ ...bigRef, object: 'uuid' }, { fileName: 'Báo cáo quý IV.pdf.alc', size: 20 * MiB, sha256: sha256(big), bucket: 'ATT_an', object: 'uuid' });
    assert.match(bigRef.object, /^[0-9a-f-]{36}$/);
    assert.ok(upProgress.length >= 100, `${String(upProgress.length)} progress reports`);
    assert.ok(upProgress.every((value, index) => index === 0 || value > (upProgress[index - 1] ?? 0)), 'upload progress only grows');
    assert.equal(upProgress.at(-1), 1);

    const downProgress: number[] = [];
    const target = path.join(dir, 'received.alc');
    const downloadStarted = Date.now();
    await binh.download(bigRef, target, { onProgress: (done) => downProgress.push(done) });
    t.diagnostic(`20 MiB: upload ${String(uploadedMs)} ms, download ${String(Date.now() - downloadStarted)} ms (loopback, one server)`);
    assert.equal(sha256(await readFile(target)), sha256(big));
    assert.ok(downProgress.length >= 100 && downProgress.at(-1) === 20 * MiB, `${String(downProgress.length)} progress reports, last ${String(downProgress.at(-1))}`);
  });

  it('a cancelled upload leaves no chunk of it in the bucket', async () => {
    const before = await chunkCount('an');
    const controller = new AbortController();
    const cancelled = an.upload(bigPath, { signal: controller.signal, onProgress: (done) => done >= 5 * MiB && controller.abort() });
    assert.equal(await codeOf(cancelled), 'messaging.transferCancelled');
    assert.equal(await chunkCount('an'), before);
  });

  it('a cancelled download leaves no file, neither the target nor a part', async () => {
    const controller = new AbortController();
    const target = path.join(dir, 'cancelled', 'x.alc');
    await mkdir(path.dirname(target));
    assert.equal(await codeOf(binh.download(bigRef, target, { signal: controller.signal, onProgress: (done) => done >= 5 * MiB && controller.abort() })), 'messaging.transferCancelled');
    assert.deepEqual(await readdir(path.dirname(target)), []);
  });

  it('refuses an object that is not the one the message signed (replaced in the store, or another digest), and removes what it downloaded', async () => {
    const small = containerLike(300 * 1024);
    const smallPath = path.join(dir, 'small.alc');
    await writeFile(smallPath, small);
    const ref = await an.upload(smallPath);
    const folder = path.join(dir, 'tampered');
    await mkdir(folder);
    assert.equal(await codeOf(binh.download({ ...ref, sha256: sha256(randomBytes(8)) }, path.join(folder, 'a.alc'))), 'messaging.attachmentDamaged');
    // The owner (or anyone holding his key) replaces the object with other bytes of the same size.
    const store = await new Objm(jetstream((await connected(lab, 'an')).connection(), { checkAPI: false })).open('ATT_an', false);
    const other = Uint8Array.from(small);
    other[1000] = (other[1000] ?? 0) ^ 1;
    await store.putBlob({ name: ref.object }, other);
    assert.equal(await codeOf(binh.download(ref, path.join(folder, 'b.alc'))), 'messaging.attachmentDamaged');
    assert.deepEqual(await readdir(folder), []);
    assert.equal(await codeOf(binh.download({ ...ref, object: 'no-such-object' }, path.join(folder, 'c.alc'))), 'messaging.attachmentMissing');
  });

  it('refuses to send what is not a container (nothing reaches the bucket), a file that does not exist, and a download into a folder that does not exist', async () => {
    const before = await chunkCount('an');
    const plain = path.join(dir, 'Báo cáo chưa mã hóa.pdf');
    await writeFile(plain, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(400 * 1024)]));
    assert.equal(await codeOf(an.upload(plain)), 'messaging.attachmentNotContainer');
    await writeFile(plain, '');
    assert.equal(await codeOf(an.upload(plain)), 'messaging.attachmentNotContainer');
    // docs/container.md: versions 1 and 2 are containers; a version no reader knows is not.
    await writeFile(plain, Buffer.concat([Buffer.from('airlock-container/3\n'), randomBytes(1024)]));
    assert.equal(await codeOf(an.upload(plain)), 'messaging.attachmentNotContainer');
    assert.equal(await chunkCount('an'), before);
    const versionOne = path.join(dir, 'version-1.alc');
    await writeFile(versionOne, Buffer.concat([Buffer.from('airlock-container/1\n'), randomBytes(1024)]));
    assert.ok((await an.upload(versionOne)).object.length > 0, 'a version 1 container is still sent');
    assert.equal(await codeOf(an.upload(path.join(dir, 'missing.alc'))), 'document.invalidPath');
    assert.equal(await codeOf(binh.download(bigRef, path.join(dir, 'no-such-folder', 'x.alc'))), 'document.folderNotWritable');
  });

  describe('the server itself refuses, to a raw client with An’s credentials', () => {
    let crafted: NatsConnection;
    let binhRef: AttachmentRef;

    before(async () => {
      const seed = lab.users.get('an')?.seed;
      assert.ok(seed);
      crafted = await connect({ servers: [...lab.urls], tls: { ca: lab.pki.rootPem }, authenticator: nkeySeedAuthenticator(() => seed), inboxPrefix: replyPrefix('an') });
      teardown.defer(() => crafted.close());
      const file = path.join(dir, 'của Bình.alc');
      await writeFile(file, containerLike(50_000));
      binhRef = await binh.upload(file);
    });

    const refused: readonly (readonly [string, string])[] = [
      ['a chunk into Bình’s bucket', '$O.ATT_binh.C.forged'],
      ['a metadata record into Bình’s bucket (replacing or deleting his object)', '$O.ATT_binh.M.Zm9yZ2Vk'],
      ['purging Bình’s bucket', '$JS.API.STREAM.PURGE.OBJ_ATT_binh'],
      ['deleting one of Bình’s stored records', '$JS.API.STREAM.MSG.DELETE.OBJ_ATT_binh'],
      ['deleting his own bucket', '$JS.API.STREAM.DELETE.OBJ_ATT_an'],
      ['creating a bucket', '$JS.API.STREAM.CREATE.OBJ_ATT_spy'],
      ['changing his own bucket', '$JS.API.STREAM.UPDATE.OBJ_ATT_an'],
      ['reading the inbox stream through the attachments’ message get', '$JS.API.STREAM.MSG.GET.AIRLOCK_INBOX'],
    ['reading another object store’s metadata (Bình’s backup bucket)', '$JS.API.DIRECT.GET.OBJ_airlock-backup-binh.$O.airlock-backup-binh.M.eA=='],
    ['a consumer on another object store’s chunks (Bình’s backup bucket)', '$JS.API.CONSUMER.CREATE.OBJ_airlock-backup-binh.spy.$O.airlock-backup-binh.C.x'],
    ['a consumer on a bucket of someone the configuration does not list', '$JS.API.CONSUMER.CREATE.OBJ_ATT_stranger.spy.$O.ATT_stranger.C.x'],
    ];
    for (const [what, subject] of refused) {
      it(`refuses ${what}`, async () => {
        await assert.rejects(crafted.request(subject, JSON.stringify({ filter: '$O.ATT_binh.C.>', seq: 1 }), { timeout: 3000 }), (error: unknown) => {
          assert.ok(isPermissionViolation(error), `${subject}: ${String(error)}`);
          return true;
        });
      });
    }

    it('the read permissions cannot reach the inbox stream: a consumer there filtered on an object subject, a direct get', async () => {
      const body = JSON.stringify({ stream_name: 'AIRLOCK_INBOX', config: { name: 'spy', filter_subject: 'airlock.inbox.binh.hoaToc', deliver_subject: 'airlock.reply.an.spy', ack_policy: 'none' } });
      await assert.rejects(crafted.request('$JS.API.CONSUMER.CREATE.AIRLOCK_INBOX.spy.$O.ATT_binh.C.x', body, { timeout: 3000 }), (error: unknown) => isPermissionViolation(error));
      await assert.rejects(crafted.request('$JS.API.DIRECT.GET.AIRLOCK_INBOX.$O.ATT_binh.M.x', '', { timeout: 3000 }), (error: unknown) => isPermissionViolation(error));
    });

    it('refuses the object store’s own delete of Bình’s object, which stays whole', async () => {
      const store = await new Objm(jetstream(crafted, { checkAPI: false, timeout: 3000 })).open('ATT_binh', false);
      await assert.rejects(store.delete(binhRef.object), (error: unknown) => isPermissionViolation(error));
      const target = path.join(dir, 'binh-still-there.alc');
      await an.download(binhRef, target);
      assert.equal(sha256(await readFile(target)), binhRef.sha256);
    });
  });

  it('a server lost mid-upload: the upload fails as interrupted, no object exists, and the next upload sweeps its chunks; lost mid-download: interrupted, no file', async () => {
    const [server] = lab.servers;
    assert.ok(server);
    const store = async (): Promise<Map<string, number>> => {
      const jsm = await jetstreamManager(await lab.admin(), { checkAPI: false });
      const info = await jsm.streams.info(attachmentStream('an'), { subjects_filter: '$O.ATT_an.>' });
      return new Map(Object.entries(info.state.subjects ?? {}));
    };
    const chunkSubjectsBefore = [...(await store()).keys()].filter((subject) => subject.includes('.C.'));
    let killing: Promise<void> | undefined;
    const upload = an.upload(bigPath, { onProgress: (done) => (killing ??= done >= 5 * MiB ? server.kill() : undefined) });
    assert.equal(await codeOf(upload), 'messaging.transferInterrupted');
    await killing;
    await server.start();
    const anAgain = new ObjectStoreAttachments(await connected(lab, 'an'), { orphanAgeMs: 0 });
    const binhAgain = new ObjectStoreAttachments(await connected(lab, 'binh'), { stallMs: 2000 });
    const left = [...(await store()).keys()].filter((subject) => subject.includes('.C.'));
    assert.equal(left.length, chunkSubjectsBefore.length + 1, 'the interrupted upload left chunks, and no metadata names them');
    const after = path.join(dir, 'after-restart.alc');
    await writeFile(after, containerLike(1000));
    await anAgain.upload(after);
    const swept = [...(await store()).keys()].filter((subject) => subject.includes('.C.'));
    assert.deepEqual(swept.filter((subject) => !chunkSubjectsBefore.includes(subject)).length, 1, 'only the new upload’s chunks are new');

    const folder = path.join(dir, 'lost');
    await mkdir(folder);
    killing = undefined;
    const download = binhAgain.download(bigRef, path.join(folder, 'x.alc'), { onProgress: (done) => (killing ??= done >= 5 * MiB ? server.kill() : undefined) });
    assert.equal(await codeOf(download), 'messaging.transferInterrupted');
    await killing;
    assert.deepEqual(await readdir(folder), []);
    await server.start();
  });
});

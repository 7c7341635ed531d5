import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { MAX_VIEW_BYTES } from '../../../electron/core/documents/document-service.js';
import { createAirlockStore, type AirlockStore } from '../../../renderer/src/store.js';
import { buildApi, channelIndexOf } from '../../../shared/ipc/api.js';
import { contract } from '../../../shared/ipc/contract.js';
import { TRUSTED } from '../../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { startedTokenCore, tokenKeyPair, until } from '../../support/token-core.js';

/**
 * Two long jobs at once, as a user runs them: a large container decrypting to a file while a file
 * is encrypted. Both send documents.progress / documents.finished; each panel must take only its
 * own job's events. The renderer's real store on the real core with a SoftHSM token; the bridge is
 * the shells' buildApi(), held back only to put the decryption's end inside the encryption's start.
 */
describe('two document jobs at once: each panel shows its own job (real store, real core, SoftHSM token)', { timeout: 180_000 }, () => {
  let token: SoftHsmToken;
  let core: Core;
  let dir: string;
  let store: AirlockStore;
  let decryptionEnded: Promise<void>;
  let colleague = '';
  /** Run just before a request reaches main, by channel. */
  const beforeDispatch = new Map<string, (payload: unknown) => void>();
  /** Holds a request back until the promise settles, by channel. */
  const gates = new Map<string, Promise<unknown>>();

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-job-panels-'));
    ({ core } = await startedTokenCore(token, path.join(dir, 'data')));
    let ended = () => {};
    decryptionEnded = new Promise((resolve) => (ended = resolve));
    // The encryption's request reaches main only once the decryption has ended: its events all
    // arrive while the encryption panel waits for its own start's reply.
    const invoke = async (channel: string, payload: unknown) => {
      if (channel === 'documents.encrypt') await decryptionEnded;
      await gates.get(channel);
      beforeDispatch.get(channel)?.(payload);
      return core.dispatcher.dispatch(channel, payload, TRUSTED);
    };
    const api = buildApi(channelIndexOf(contract), { invoke, listen: (listener) => void core.services.events.subscribe(listener) });
    store = createAirlockStore(api);
    store.getState().start();
    // Until the encryption reaches main, the decryption is the only job that can end.
    core.services.events.subscribe((name) => name === 'documents.finished' && ended());
    await store.getState().unlock({ serial: token.serial, label: token.label }, token.userPin);
    assert.equal(store.getState().session?.locked, false, JSON.stringify(store.getState().lastError));
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  it('an encryption started while a decryption runs never takes the decryption\'s end or progress, and shows its own', async () => {
    const { rsa, ec } = await tokenKeyPair(core, token);
    const large = path.join(dir, 'ban-do.alc');
    const plaintext = randomBytes(MAX_VIEW_BYTES + 1024 * 1024);
    await encryptContainer({ source: { kind: 'stream', stream: Readable.from([plaintext]) }, output: large, label: { level: 'unclassified', caveats: [], originator: 'Sở Tài nguyên', date: '2026-11-25', declassifyOn: null }, metadata: { fileName: 'Bản đồ.tif', mediaType: 'image/tiff' }, recipients: [rsa.certificateDer], signer: ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))], sizeHint: plaintext.length });
    const imported = await core.dispatcher.dispatch('directory.import', { certificate: Buffer.from(token.pki.rsaLeafPem).toString('base64') }, TRUSTED);
    assert.ok(imported.ok);
    colleague = (imported.value as { entry: { fingerprint: string } }).entry.fingerprint;
    const source = path.join(dir, 'Tờ trình.txt');
    await writeFile(source, 'Tờ trình về việc mua sắm thiết bị.\n'.repeat(1000));
    const encrypted = path.join(dir, 'to-trinh.alc');
    const decrypted = path.join(dir, 'ban-do.tif');

    // Every state either panel shows, in order.
    const shownEncryption: unknown[] = [];
    const shownDecryption: unknown[] = [];
    store.subscribe((state, previous) => {
      if (state.encryption.encryption !== previous.encryption.encryption) shownEncryption.push(state.encryption.encryption);
      if (state.documents.decryption !== previous.documents.decryption) shownDecryption.push(state.documents.decryption);
    });

    await store.getState().openDocument(large);
    assert.equal(store.getState().documents.tooLarge, large);
    await store.getState().decryptDocumentToFile({ path: decrypted });
    assert.equal(store.getState().documents.decryption?.status, 'running');
    const encrypting = store.getState().encryptDocument({ source, output: encrypted, recipients: [colleague], level: 'unclassified', caveats: [], declassifyOn: null });
    await encrypting;
    await until(() => store.getState().encryption.encryption?.status !== 'running', 'the encryption panel to end', 60_000);

    assert.deepEqual(store.getState().documents.decryption, { status: 'done', output: decrypted });
    assert.deepEqual(store.getState().encryption.encryption, { status: 'done', output: encrypted }, 'the encryption panel shows its own file');
    assert.ok(!shownEncryption.some((shown) => JSON.stringify(shown).includes(decrypted)), 'the encryption panel never showed the decrypted file');
    const progressed = shownEncryption.filter((shown): shown is { status: 'running'; total: number } => (shown as { status?: string } | null)?.status === 'running');
    assert.ok(progressed.every((shown) => shown.total === 0 || shown.total < plaintext.length), 'no decryption count on the encryption panel');
    assert.ok(!shownDecryption.some((shown) => JSON.stringify(shown).includes(encrypted)), 'the decryption panel never showed the encrypted file');
  });

  it('main refuses a start under the id of a job still running, and the running job goes on', async () => {
    const job = 'a1'.repeat(16);
    const source = path.join(dir, 'ban-do.alc');
    const first = await core.dispatcher.dispatch('documents.decrypt', { source, output: path.join(dir, 'mot.tif'), job }, TRUSTED);
    assert.deepEqual(first, { ok: true, value: { job } });
    const second = await core.dispatcher.dispatch('documents.decrypt', { source, output: path.join(dir, 'hai.tif'), job }, TRUSTED);
    assert.equal(!second.ok && second.error.code, 'job.idInUse');
    const finished: unknown[] = [];
    const off = core.services.events.subscribe((name, payload) => name === 'documents.finished' && finished.push(payload));
    await until(() => finished.length > 0, 'the first job to end', 60_000);
    off();
    assert.deepEqual(finished, [{ job, ok: true, output: path.join(dir, 'mot.tif') }]);
  });

  it('a Cancel pressed before main has the job does not leave the panel stuck on "cancelling"; the job then ends as its own', async () => {
    const source = path.join(dir, 'Tờ trình.txt');
    const output = path.join(dir, 'to-trinh-2.alc');
    let release = () => {};
    gates.set('documents.encrypt', new Promise<void>((resolve) => (release = resolve)));
    const encrypting = store.getState().encryptDocument({ source, output, recipients: [colleague], level: 'unclassified', caveats: [], declassifyOn: null });
    await store.getState().cancelEncryption();
    const shown = store.getState().encryption.encryption;
    assert.ok(shown?.status === 'running' && !shown.cancelling, JSON.stringify(shown));
    release();
    gates.delete('documents.encrypt');
    await encrypting;
    await until(() => store.getState().encryption.encryption?.status !== 'running', 'the encryption to end', 60_000);
    assert.deepEqual(store.getState().encryption.encryption, { status: 'done', output });
  });

  // Last: a rotation leaves the directory unfindable by fingerprint (key-rotation-lookup.test.ts).
  it('the key rotation panel counts only its own rotation: every store.rotation event names the id the window chose', async () => {
    const sent: unknown[] = [];
    const rotations: { job: string }[] = [];
    const off = core.services.events.subscribe((name, payload) => name === 'store.rotation' && rotations.push(payload as { job: string }));
    // Another window's count, arriving while this window's rotation is about to start.
    beforeDispatch.set('store.rotateDataKey', (payload) => {
      sent.push(payload);
      core.services.events.emit('store.rotation', { job: 'b2'.repeat(16), done: 99, total: 100 });
      const shown = store.getState().keyRotation;
      assert.ok(shown?.status === 'running' && shown.progress === null, 'another job\'s count is not shown');
    });
    await store.getState().rotateDataKey();
    off();
    assert.equal(store.getState().keyRotation?.status, 'finished');
    const [request] = sent as { job: string }[];
    assert.match(request?.job ?? '', /^[0-9a-f]{32}$/);
    const own = rotations.filter((event) => event.job === request?.job);
    assert.ok(own.length > 0, 'the rotation announced its progress under the window\'s id');
    assert.deepEqual(rotations.filter((event) => event.job !== request?.job).map((event) => event.job), ['b2'.repeat(16)], 'no other id');
  });
});

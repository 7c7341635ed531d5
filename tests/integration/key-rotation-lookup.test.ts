import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../electron/core/domain-error.js';
import { rotateDataKey } from '../../electron/core/store/data-key-rotation.js';
import { SealedStore, type StoreRecipient } from '../../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../support/software-recipient.js';

// Found while testing #12's job ids: after "rotate the data key", encrypting to a colleague listed
// as valid was refused (document.recipientInvalid). rotateDataKey re-sealed each body under the new
// generation but kept its `lookup` column, the blind index made with the old generation's key, so
// find() (the directory, the language setting, the recent list, the crash journal) found nothing.
describe('sealed store: records are still found by their lookup after the data key rotated (real SQLite file)', () => {
  let dir: string;
  let recipients: StoreRecipient[];
  const fingerprint = 'ab'.repeat(32);
  const lookups = { directory: (value: unknown) => (value as { fingerprint: string }).fingerprint, settings: () => 'user' };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-rotate-lookup-'));
    const user = await softwareRecipient('rsa', 'Nguyễn Văn An');
    recipients = [{ certificateDer: user.certificateDer, role: 'user' }];
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds every record by the same lookup before, during (a cancelled rotation) and after the rotation', async () => {
    const store = SealedStore.create(path.join(dir, 'found.db'), recipients);
    try {
      for (let i = 0; i < 5; i++) store.put('directory', { name: `Đồng nghiệp ${i}`, fingerprint: `${i}`.repeat(64) }, `${i}`.repeat(64));
      store.put('directory', { name: 'Trần Thị Bình', fingerprint }, fingerprint);
      store.put('settings', { language: 'vi' }, 'user');
      store.put('notes', { text: 'no lookup' });
      const generation = store.generation;
      // Cancelled after the first batch: half the records under each generation, all still found.
      const controller = new AbortController();
      const first = await rotateDataKey(store, recipients, { lookups, batch: 3, signal: controller.signal, onProgress: () => controller.abort() });
      assert.equal(first.finished, false);
      assert.equal(store.find('directory', fingerprint).length, 1, 'found while two generations are live');
      assert.deepEqual(await rotateDataKey(store, recipients, { lookups }), { finished: true });
      assert.equal(store.generation, generation + 1);
      assert.equal(store.find<{ name: string }>('directory', fingerprint)[0]?.value.name, 'Trần Thị Bình', 'found after the rotation');
      for (let i = 0; i < 5; i++) assert.equal(store.find('directory', `${i}`.repeat(64)).length, 1);
      assert.deepEqual(store.find('settings', 'user')[0]?.value, { language: 'vi' });
      assert.equal(store.list('notes').length, 1);
      // A second rotation, from the new generation: still found.
      assert.deepEqual(await rotateDataKey(store, recipients, { lookups }), { finished: true });
      assert.equal(store.find('directory', fingerprint).length, 1);
    } finally {
      store.close();
    }
  });

  it('refuses, changing nothing, to rotate a store holding indexed records it cannot index again', async () => {
    const store = SealedStore.create(path.join(dir, 'refused.db'), recipients);
    try {
      store.put('directory', { name: 'Trần Thị Bình', fingerprint }, fingerprint);
      store.put('recentDocuments', { path: '/home/an/to-trinh.alc' }, '/home/an/to-trinh.alc');
      const generation = store.generation;
      await assert.rejects(rotateDataKey(store, recipients, { lookups }), (error: unknown) => error instanceof DomainError && error.code === 'store.rotationUnsupported');
      assert.equal(store.generation, generation, 'no new key generation');
      assert.equal(store.meta('rotation.target'), undefined, 'no rotation begun');
      assert.equal(store.find('recentDocuments', '/home/an/to-trinh.alc').length, 1);
      assert.equal(store.find('directory', fingerprint).length, 1);
    } finally {
      store.close();
    }
  });
});

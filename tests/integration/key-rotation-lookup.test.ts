import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { rotateDataKey } from '../../electron/core/store/data-key-rotation.js';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../support/software-recipient.js';

// Found while testing #12's job ids: after "rotate the data key", encrypting to a colleague listed
// as valid is refused (document.recipientInvalid). rotateDataKey re-seals each body under the new
// generation but leaves its `lookup` column, the blind index made with the old generation's key,
// so find() (the directory's get, the recent list's path) no longer finds any record. Marked todo:
// it fails today and is left to the store's owner (the fix needs the index key kept across
// generations, or the lookup re-derived from the body).
describe('sealed store: a record is still found by its lookup after the data key rotated (real SQLite file)', () => {
  it('finds the record by the same lookup before and after the rotation', { todo: 'found in #12: rotation keeps the old blind index' }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-rotate-lookup-'));
    try {
      const user = await softwareRecipient('rsa', 'Nguyễn Văn An');
      const recipients = [{ certificateDer: user.certificateDer, role: 'user' as const }];
      const store = SealedStore.create(path.join(dir, 'settings.db'), recipients);
      store.put('directory', { name: 'Trần Thị Bình' }, 'ab'.repeat(32));
      assert.equal(store.find('directory', 'ab'.repeat(32)).length, 1);
      assert.deepEqual(await rotateDataKey(store, recipients), { finished: true });
      assert.equal(store.find('directory', 'ab'.repeat(32)).length, 1, 'found after the rotation');
      store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

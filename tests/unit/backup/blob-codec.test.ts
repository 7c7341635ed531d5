import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { blobAad, blobIdOf, openBlob } from '../../../electron/core/backup/blob-codec.js';
import { generationKeys } from '../../../electron/core/backup/repository-keys.js';
import { seal } from '../../../electron/core/backup/sealing.js';

// openBlob's check of a sealed blob's padding (docs/backup-repository.md, "Blobs"): zeros only, at
// any length; one other byte anywhere in it is a malformed blob. The blobs are sealed here by hand
// (the key is known), as only a writer with the key could make them.
describe('blob padding', () => {
  const keys = generationKeys(1, randomBytes(32));
  const chunk = randomBytes(3000);
  const id = blobIdOf(keys, chunk);
  /** A stored blob (encoding 0, length, bytes) followed by `padding`. */
  const sealedWith = (padding: Buffer) => {
    const head = Buffer.alloc(5);
    head.writeUInt32LE(chunk.length, 1);
    return seal(keys.sealKey, blobAad('data', id), Buffer.concat([head, chunk, padding]));
  };

  it('zeros of any length open, also past 64 KiB', () => {
    for (const length of [0, 1, 65_535, 65_536, 65_537, 200_000]) assert.deepEqual(openBlob(keys, 'data', id, sealedWith(Buffer.alloc(length)), 'data/ab/x'), chunk);
  });

  it('one non-zero byte of padding, first, last or past 64 KiB, is malformed and names the object', () => {
    for (const [length, at] of [[1, 0], [100, 99], [200_000, 0], [200_000, 65_536], [200_000, 199_999]] as const) {
      const padding = Buffer.alloc(length);
      padding[at] = 1;
      assert.throws(() => openBlob(keys, 'data', id, sealedWith(padding), 'data/ab/x'), (error) => error instanceof BackupFormatError && error.problem === 'malformed' && error.object === 'data/ab/x', `${length}@${at}`);
    }
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { chunksOf } from '../../../electron/core/documents/chunker.js';
import { CHUNK_SIZE } from '../../../electron/core/documents/container-format.js';

async function collect(pieces: Buffer[]) {
  const out: { bytes: Buffer; last: boolean }[] = [];
  for await (const chunk of chunksOf((async function* () {
    yield* pieces;
  })())) out.push({ bytes: Buffer.from(chunk.bytes), last: chunk.last });
  return out;
}

describe('chunker: exact 64 KiB chunks, the last one flagged, the caller’s buffers untouched', () => {
  for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 17]) {
    for (const pieceSize of [1000, CHUNK_SIZE, 16 * CHUNK_SIZE, 77_777]) {
      it(`${size} bytes in pieces of ${pieceSize}`, async () => {
        const data = randomBytes(size);
        const pieces: Buffer[] = [];
        for (let offset = 0; offset < size; offset += pieceSize) pieces.push(data.subarray(offset, offset + pieceSize));
        const before = Buffer.from(data);
        const chunks = await collect(pieces);
        assert.deepEqual(Buffer.concat(chunks.map((chunk) => chunk.bytes)), data);
        assert.deepEqual(chunks.map((chunk) => chunk.last), chunks.map((_, index) => index === chunks.length - 1));
        assert.ok(chunks.slice(0, -1).every((chunk) => chunk.bytes.length === CHUNK_SIZE));
        assert.equal(chunks.length, Math.max(1, Math.ceil(size / CHUNK_SIZE)));
        assert.deepEqual(data, before, 'the source buffers are not wiped or changed');
      });
    }
  }
});

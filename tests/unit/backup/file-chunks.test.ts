import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deriveChunkerKeys } from '../../../electron/core/backup/chunker-keys.js';
import { smallFileChunks, streamedFileChunks } from '../../../electron/core/backup/file-chunks.js';
import { blobIdOf } from '../../../electron/core/backup/blob-codec.js';

// A small file read whole (file-chunks.ts) gives the keyed chunker's chunks of the streamed file,
// also when it is not the size lstat said. Real files.
describe('small files read in one piece', () => {
  let dir: string;
  const text = Buffer.from('công văn số 12\n'.repeat(1000));
  const keys = deriveChunkerKeys(randomBytes(32));
  const at = (name: string) => Buffer.from(path.join(dir, name));
  const all = async (chunks: AsyncGenerator<{ id: Buffer; bytes: Buffer }>) => {
    const found: { id: string; bytes: Buffer }[] = [];
    for await (const chunk of chunks) found.push({ id: chunk.id.toString('hex'), bytes: Buffer.from(chunk.bytes) });
    return found;
  };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-smallf-'));
    await writeFile(at('nhỏ.txt'), text);
    await writeFile(at('rỗng'), Buffer.alloc(0));
    await writeFile(at('lớn.bin'), randomBytes(3 * 1024 * 1024));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('one chunk of the whole file, its id the HMAC of the bytes; an empty file none', async () => {
    const small = await all(smallFileChunks(at('nhỏ.txt'), text.length, keys));
    assert.deepEqual(small, await all(streamedFileChunks(at('nhỏ.txt'), keys)));
    assert.equal(small.length, 1);
    assert.equal(small[0]?.id, blobIdOf({ chunker: keys, sealKey: Buffer.alloc(32) }, small[0]?.bytes ?? Buffer.alloc(0)).toString('hex'));
    assert.deepEqual(await all(smallFileChunks(at('rỗng'), 0, keys)), []);
  });

  it('a file that grew or shrank since lstat gives the chunks of what is there now', async () => {
    // Grew: lstat said 1000 bytes, the file holds 3 MiB (several chunks).
    const grown = await all(smallFileChunks(at('lớn.bin'), 1000, keys));
    assert.ok(grown.length >= 2, `chunked: ${grown.length}`);
    assert.deepEqual(grown, await all(streamedFileChunks(at('lớn.bin'), keys)));
    // Shrank: lstat said more than there is.
    assert.deepEqual(await all(smallFileChunks(at('nhỏ.txt'), text.length + 5000, keys)), await all(streamedFileChunks(at('nhỏ.txt'), keys)));
    // Grew by a few bytes, still under the minimum: one chunk of all of it.
    const partly = await all(smallFileChunks(at('nhỏ.txt'), text.length - 7, keys));
    assert.deepEqual(partly, await all(streamedFileChunks(at('nhỏ.txt'), keys)));
    assert.equal(partly[0]?.bytes.length, text.length);
  });
});

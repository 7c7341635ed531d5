import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ChunkerKeys } from './chunker-keys.js';
import { KeyedChunker, keyedChunks, type Chunk } from './keyed-chunker.js';

// Reads of 1 MiB: a chunk (about 1 MiB) is then mostly one or two pieces.
export const READ_BYTES = 1024 * 1024;

/** The chunks of a file read through 1 MiB stream pieces on this thread. */
export const streamedFileChunks = (file: Buffer, keys: ChunkerKeys): AsyncGenerator<Chunk> => keyedChunks(createReadStream(file, { highWaterMark: READ_BYTES }), keys);

/**
 * The chunks of a file that was shorter than the chunker's minimum at lstat (`expected` bytes: one
 * chunk), read in one piece of its own size rather than through 1 MiB stream buffers — most files
 * of a folder are small, and those buffers were most of the main thread's garbage. The chunker
 * still decides, and a file that grew since is streamed whole.
 */
export async function* smallFileChunks(file: Buffer, expected: number, keys: ChunkerKeys): AsyncGenerator<Chunk> {
  const bytes = Buffer.allocUnsafeSlow(expected);
  let filled = 0;
  let grew: boolean;
  const handle = await open(file, 'r');
  try {
    for (let read = -1; filled < expected && read !== 0; filled += read) read = (await handle.read(bytes, filled, expected - filled, filled)).bytesRead;
    grew = filled === expected && (await handle.read(Buffer.alloc(1), 0, 1, expected)).bytesRead > 0;
  } finally {
    await handle.close();
  }
  if (grew) {
    yield* streamedFileChunks(file, keys);
    return;
  }
  const chunker = new KeyedChunker(keys);
  yield* chunker.push(bytes.subarray(0, filled));
  yield* chunker.finish();
}

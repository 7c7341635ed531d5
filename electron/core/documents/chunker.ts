import { CHUNK_SIZE } from './container-format.js';

/**
 * Regroups a byte stream into the container's chunks: exactly CHUNK_SIZE bytes each, except the
 * last, which is known to be last only when the stream ends (one chunk of look-ahead). An empty
 * stream yields one empty last chunk. Whole chunks inside a piece are handed out as views, without
 * a copy (a file read in 1 MiB pieces never copies); only a chunk that straddles two pieces is
 * assembled; those assembled copies are wiped once the consumer has moved on. The caller's own
 * buffers are never written to.
 */
export async function* chunksOf(source: AsyncIterable<Uint8Array>): AsyncGenerator<{ readonly bytes: Buffer; readonly last: boolean }> {
  let partial: Buffer | undefined;
  let filled = 0;
  let held: Buffer | undefined;
  const owned = new WeakSet<Buffer>();
  function* hand(chunk: Buffer): Generator<{ readonly bytes: Buffer; readonly last: boolean }> {
    const previous = held;
    held = chunk;
    if (previous === undefined) return;
    yield { bytes: previous, last: false };
    if (owned.has(previous)) previous.fill(0);
  }
  for await (const input of source) {
    const piece = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    let offset = 0;
    if (filled > 0 && partial !== undefined) {
      const take = Math.min(CHUNK_SIZE - filled, piece.length);
      piece.copy(partial, filled, 0, take);
      filled += take;
      offset = take;
      if (filled < CHUNK_SIZE) continue;
      yield* hand(partial);
      partial = undefined;
      filled = 0;
    }
    for (; piece.length - offset >= CHUNK_SIZE; offset += CHUNK_SIZE) yield* hand(piece.subarray(offset, offset + CHUNK_SIZE));
    if (offset < piece.length) {
      partial = Buffer.allocUnsafe(CHUNK_SIZE);
      owned.add(partial);
      filled = piece.copy(partial, 0, offset);
    }
  }
  if (filled > 0 && partial !== undefined) {
    yield* hand(partial.subarray(0, filled));
    yield { bytes: partial.subarray(0, filled), last: true };
    partial.fill(0);
    return;
  }
  yield { bytes: held ?? Buffer.alloc(0), last: true };
  if (held !== undefined && owned.has(held)) held.fill(0);
}

import { CHUNK_SIZE } from './container-format.js';

/**
 * Regroups a byte stream into the container's chunks: exactly CHUNK_SIZE bytes each, except the
 * last, which is known to be last only when the stream ends (one chunk of look-ahead). An empty
 * stream yields one empty last chunk.
 */
export async function* chunksOf(source: AsyncIterable<Uint8Array>): AsyncGenerator<{ readonly bytes: Buffer; readonly last: boolean }> {
  let buffer = Buffer.allocUnsafe(CHUNK_SIZE);
  let filled = 0;
  let held: Buffer | undefined;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(CHUNK_SIZE - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === CHUNK_SIZE) {
        if (held !== undefined) yield { bytes: held, last: false };
        held = buffer;
        buffer = Buffer.allocUnsafe(CHUNK_SIZE);
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    if (held !== undefined) yield { bytes: held, last: false };
    yield { bytes: buffer.subarray(0, filled), last: true };
  } else {
    yield { bytes: held ?? Buffer.alloc(0), last: true };
  }
}

/**
 * The checks a reader makes of a blob's zstd payload before decompressing it
 * (docs/backup-repository.md, "Compression"): exactly one zstd frame (RFC 8878 §3.1.1), no
 * dictionary, and an upper bound on what it decompresses to, read from its block headers alone:
 * a raw or RLE block gives its size, a compressed block at most Block_Maximum_Size (≤ 128 KiB,
 * RFC 8878 §3.1.1.2.4); the content size, when the header declares it, is reported beside it. The binding decompresses whole frames and accepts trailing frames, so these are
 * the checks that keep a decompression bomb or a second frame out, even inside an authenticated blob.
 */
const MAGIC = 0xfd2fb528;
const BLOCK_MAXIMUM = 128 * 1024;
const FCS_BYTES = [0, 2, 4, 8] as const;

export interface ZstdFrameFacts {
  /** What the frame decompresses to at most, from its block headers. */
  readonly bound: number;
  /** Frame_Content_Size when the header declares it. */
  readonly contentSize: number | undefined;
}

/** The frame's facts, or the reason `payload` is not exactly one acceptable zstd frame. */
export function zstdFrameFacts(payload: Uint8Array): ZstdFrameFacts | string {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (bytes.length < 5 || bytes.readUInt32LE(0) !== MAGIC) return 'not a zstd frame';
  const descriptor = bytes[4] ?? 0;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  if ((descriptor & 0x08) !== 0) return 'reserved bit set';
  if ((descriptor & 0x03) !== 0) return 'a dictionary id';
  const checksum = (descriptor & 0x04) !== 0;
  const fcsBytes = fcsFlag === 0 && singleSegment ? 1 : FCS_BYTES[fcsFlag as 0 | 1 | 2 | 3];
  let at = 5 + (singleSegment ? 0 : 1);
  if (at + fcsBytes > bytes.length) return 'truncated header';
  let contentSize: number | undefined;
  if (fcsBytes === 1) contentSize = bytes[at];
  else if (fcsBytes === 2) contentSize = bytes.readUInt16LE(at) + 256;
  else if (fcsBytes === 4) contentSize = bytes.readUInt32LE(at);
  else if (fcsBytes === 8) contentSize = Number(bytes.readBigUInt64LE(at));
  at += fcsBytes;
  let bound = 0;
  for (let last = false; !last; ) {
    if (at + 3 > bytes.length) return 'truncated block header';
    const header = bytes.readUIntLE(at, 3);
    at += 3;
    last = (header & 1) !== 0;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) return 'reserved block type';
    if (size > BLOCK_MAXIMUM) return 'block larger than 128 KiB';
    bound += type === 2 ? BLOCK_MAXIMUM : size;
    at += type === 1 ? 1 : size;
  }
  at += checksum ? 4 : 0;
  if (at > bytes.length) return 'truncated frame';
  if (at < bytes.length) return 'bytes after the frame';
  return { bound, contentSize };
}

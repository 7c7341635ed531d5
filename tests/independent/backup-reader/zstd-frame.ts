// "Encoding 2, exactly": walk one zstd frame's headers (RFC 8878 §3.1.1) without decompressing it,
// refuse anything but one dictionary-less frame filling the payload, and return its bound.
import { fail } from './errors.js';

export const MAX_CHUNK = 8 * 1024 * 1024;
const BLOCK_MAXIMUM = 128 * 1024;
const MAGIC = 0xfd2fb528;

export interface FrameFacts {
  /** The most the frame can decode to, from its block headers alone. */
  readonly bound: number;
  /** Frame_Content_Size when the header declares it. */
  readonly contentSize: number | null;
}

export function walkFrame(payload: Buffer): FrameFacts {
  const bad = (why: string): never => fail('malformed', `zstd payload: ${why}`);
  if (payload.length < 5 || payload.readUInt32LE(0) !== MAGIC) bad('does not start with the zstd frame magic');
  const descriptor = payload[4] as number;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  if ((descriptor >> 3) & 1) bad('the reserved bit is set');
  const checksum = (descriptor >> 2) & 1;
  if ((descriptor & 3) !== 0) bad('a dictionary id is present');
  let at = 5 + (singleSegment ? 0 : 1);
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag] as number;
  if (at + fcsBytes > payload.length) bad('the frame header is cut short');
  let contentSize: number | null = null;
  if (fcsBytes === 1) contentSize = payload[at] as number;
  if (fcsBytes === 2) contentSize = payload.readUInt16LE(at) + 256;
  if (fcsBytes === 4) contentSize = payload.readUInt32LE(at);
  if (fcsBytes === 8) contentSize = Number(payload.readBigUInt64LE(at));
  at += fcsBytes;
  let bound = 0;
  for (let last = false; !last; ) {
    if (at + 3 > payload.length) bad('a block header is cut short');
    const header = (payload[at] as number) | ((payload[at + 1] as number) << 8) | ((payload[at + 2] as number) << 16);
    at += 3;
    last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) bad('a block of the reserved type 3');
    if (size > BLOCK_MAXIMUM) bad(`a Block_Size of ${size} is over 128 KiB`);
    if (type === 0) { bound += size; at += size; }
    if (type === 1) { bound += size; at += 1; }
    if (type === 2) { bound += BLOCK_MAXIMUM; at += size; }
    if (at > payload.length) bad('a block runs past the payload');
  }
  if (checksum) at += 4;
  if (at !== payload.length) bad(at > payload.length ? 'the checksum is cut short' : `${payload.length - at} bytes after the frame`);
  if (bound > MAX_CHUNK) bad(`the frame's bound ${bound} is over 8 MiB`);
  if (contentSize !== null && contentSize > MAX_CHUNK) bad(`Frame_Content_Size ${contentSize} is over 8 MiB`);
  return { bound, contentSize };
}

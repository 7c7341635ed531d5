// The TimeStampReq the signing sends (docs/signing.md "Timestamps"): its nonce is always a minimal,
// positive DER INTEGER, whatever the random bytes — `openssl ts -query` (the outside reader) parses
// the request made from the random bytes that once gave a leading zero byte, and every other edge.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { timestampNonce, timestampQuery } from '../../../electron/core/document-signing/timestamp-authority.js';

const run = promisify(execFile);
const filled = (first: number, rest: number) => (size: number) => Uint8Array.from({ length: size }, (_, index) => (index === 0 ? first : rest));

describe('the timestamp request: a nonce DER and OpenSSL read as sent', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(path.join(tmpdir(), 'airlock-tsq-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  // 0x00 then 0x00 was the old encoding's leading zero (refused by openssl as "Bad request format").
  const edges: Array<[string, (size: number) => Uint8Array]> = [
    ['all zero', filled(0x00, 0x00)],
    ['0x80 first (would be negative)', filled(0x80, 0x00)],
    ['0x00 first, 0x7f after', filled(0x00, 0x7f)],
    ['all 0xff', filled(0xff, 0xff)],
  ];

  for (const [name, random] of edges) {
    it(`${name}: openssl ts -query parses it and prints the nonce we keep`, async () => {
      const { der, nonce } = timestampQuery(new Uint8Array(256).fill(7), random);
      assert.equal(nonce.length, 9);
      assert.ok(nonce[0] !== undefined && nonce[0] >= 0x40 && nonce[0] <= 0x7f, nonce.toString('hex'));
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.tsq`);
      await writeFile(file, der);
      const { stdout } = await run('openssl', ['ts', '-query', '-in', file, '-text']);
      assert.match(stdout, new RegExp(`Nonce: 0x${nonce.toString('hex').toUpperCase()}`), stdout);
    });
  }

  it('10 000 nonces: each first byte 0x40–0x7F and no two alike', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 10_000; index += 1) {
      const nonce = timestampNonce();
      assert.ok(nonce[0] !== undefined && nonce[0] >= 0x40 && nonce[0] <= 0x7f);
      seen.add(nonce.toString('hex'));
    }
    assert.equal(seen.size, 10_000);
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keyedHmac, nativeKeyedHmac, nodeKeyedHmac } from '../../electron/core/crypto/keyed-hmac.js';
import { nativeAead } from '../../electron/core/crypto/native-aead.js';

const hex = (text: string) => Buffer.from(text, 'hex');
/** @noble/hashes, the independent cross-check: HMAC-SHA256 over the text's UTF-8 as Buffer.from writes it. */
const noble = (key: Uint8Array, text: string, length: number) => Buffer.from(hmac(sha256, key, Buffer.from(text, 'utf8'))).subarray(0, length);

// RFC 4231, the cases whose data is text: 1, 2, 6 (a key longer than the block) and 7.
const RFC_4231 = [
  { key: Buffer.alloc(20, 0x0b), text: 'Hi There', mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  { key: Buffer.from('Jefe'), text: 'what do ya want for nothing?', mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  { key: Buffer.alloc(131, 0xaa), text: 'Test Using Larger Than Block-Size Key - Hash Key First', mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' },
  {
    key: Buffer.alloc(131, 0xaa),
    text: 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

// ASCII, Vietnamese precomposed and decomposed, a surrogate pair, a lone surrogate (UTF-8 writes U+FFFD for it), the empty text, and texts past the addon's 1 KiB stack buffer.
const TEXTS = ['', 'k1', 'Nguyễn Văn An', 'Nguyễn Văn An'.normalize('NFD'), 'thư 📨', 'a\ud800b', 'ư'.repeat(400), 'x'.repeat(5000)];

describe('keyed HMAC-SHA256: OpenSSL through native/field-aead and node:crypto give identical bytes, checked against @noble/hashes', () => {
  // The native one is built by npm run setup (build:native); without it these tests fail, never skip.
  const implementations = [nativeKeyedHmac, nodeKeyedHmac];

  it('each reproduces the RFC 4231 vectors', () => {
    for (const make of implementations) {
      for (const vector of RFC_4231) {
        const mac = make(vector.key);
        assert.deepEqual(mac.digest(vector.text, 32), hex(vector.mac), `${mac.implementation}: ${vector.text}`);
        assert.deepEqual(mac.digest(vector.text, 16), hex(vector.mac).subarray(0, 16));
        mac.destroy();
      }
    }
  });

  it('agrees with @noble/hashes for random keys, every text and every length, the same key used again and again', () => {
    for (let round = 0; round < 20; round++) {
      const key = randomBytes(1 + (round % 4) * 21);
      const macs = implementations.map((make) => make(key));
      for (const text of TEXTS) {
        for (const length of [1, 16, 32]) {
          for (const mac of macs) assert.deepEqual(mac.digest(text, length), noble(key, text, length), `${mac.implementation}, ${text.length} units, ${length} bytes`);
        }
      }
      for (const mac of macs) mac.destroy();
    }
  });

  it('refuses a digest length outside 1…32 and an empty key', () => {
    for (const make of implementations) {
      const mac = make(randomBytes(32));
      for (const length of [0, 33, 1.5]) assert.throws(() => mac.digest('a', length), RangeError, `${mac.implementation}, ${length}`);
      mac.destroy();
    }
    const status = nativeAead();
    assert.ok(status.available);
    assert.throws(() => status.addon.macCreate(Buffer.alloc(0)), { code: 'AIRLOCK_AEAD_ARGUMENT' });
  });

  it('cannot be used after destroy(), and a destroyed native context fails closed in the addon itself', () => {
    for (const make of implementations) {
      const mac = make(randomBytes(32));
      mac.digest('a', 16);
      mac.destroy();
      assert.throws(() => mac.digest('a', 16), /destroyed/, mac.implementation);
      mac.destroy(); // twice is harmless (lock after lock)
    }
    const status = nativeAead();
    assert.ok(status.available);
    const context = status.addon.macCreate(randomBytes(32));
    status.addon.macDestroy(context);
    assert.throws(() => status.addon.mac(context, 'a', 16), { code: 'AIRLOCK_AEAD_DESTROYED' });
  });

  it('the store takes the native path when the addon loaded, node:crypto under AIRLOCK_NATIVE_AEAD=off', () => {
    assert.equal(keyedHmac(randomBytes(32)).implementation, 'native');
    process.env.AIRLOCK_NATIVE_AEAD = 'off';
    try {
      assert.equal(keyedHmac(randomBytes(32)).implementation, 'node');
      assert.throws(() => nativeKeyedHmac(randomBytes(32)), /native HMAC unavailable: AIRLOCK_NATIVE_AEAD=off/);
    } finally {
      delete process.env.AIRLOCK_NATIVE_AEAD;
    }
  });
});

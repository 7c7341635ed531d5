import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { associatedData, associatedDataAround, nativeFieldCipher, nobleFieldCipher, nodeFieldCipher, SealOpenError, storeFieldCipher } from '../../electron/core/crypto/field-cipher.js';
import { nativeAead } from '../../electron/core/crypto/native-aead.js';

const hex = (text: string) => Buffer.from(text, 'hex');

// AES-256-GCM, test case 16 of McGrew & Viega, "The Galois/Counter Mode of Operation" (the GCM spec's vectors).
const VECTOR = {
  key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
  nonce: hex('cafebabefacedbaddecaf888'),
  plaintext: hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39'),
  aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
  ciphertext: hex('522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662'),
  tag: hex('76fc6ece0f4e1768cddf8853bb2d551b'),
};

describe('field cipher: OpenSSL through native/field-aead, node:crypto and @noble/ciphers give identical bytes', () => {
  // The native one is built by npm run setup (build:native); without it these tests fail, never skip.
  const implementations = [nativeFieldCipher, nodeFieldCipher, nobleFieldCipher];

  it('each reproduces the GCM specification vector exactly', () => {
    for (const make of implementations) {
      const sealed = make(VECTOR.key).seal(VECTOR.plaintext, VECTOR.aad, VECTOR.nonce);
      assert.deepEqual(Buffer.from(sealed), Buffer.concat([Buffer.of(1), VECTOR.nonce, VECTOR.ciphertext, VECTOR.tag]), make.name);
    }
  });

  it('seal with one, open with the other, for many random sizes', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const plaintext = randomBytes(Math.floor(Math.random() * 3000));
      const ad = associatedData(['records', 'body', i, 'messages', 1]);
      const [native, node, noble] = [nativeFieldCipher(key), nodeFieldCipher(key), nobleFieldCipher(key)];
      const sealed = node.seal(plaintext, ad, nonce);
      assert.deepEqual(Buffer.from(noble.seal(plaintext, ad, nonce)), Buffer.from(sealed));
      assert.deepEqual(Buffer.from(native.seal(plaintext, ad, nonce)), Buffer.from(sealed));
      assert.deepEqual(Buffer.from(noble.open(sealed, ad)), plaintext);
      assert.deepEqual(Buffer.from(native.open(noble.seal(plaintext, ad), ad)), plaintext);
      assert.deepEqual(native.read(noble.seal(plaintext, ad), ad, (opened) => Buffer.from(opened)), plaintext);
      assert.deepEqual(Buffer.from(node.open(native.seal(plaintext, ad), ad)), plaintext);
      assert.deepEqual(Buffer.from(noble.open(native.seal(plaintext, ad), ad)), plaintext);
    }
  });

  it('refuses any flipped bit, other associated data, a wrong key or a truncated value', () => {
    const key = randomBytes(32);
    const ad = associatedData(['records', 'body', 7, 'messages', 1]);
    for (const make of implementations) {
      const cipher = make(key);
      const sealed = Buffer.from(cipher.seal(Buffer.from('Tối mật'), ad));
      for (let bit = 0; bit < sealed.length * 8; bit += 3) {
        const damaged = Buffer.from(sealed);
        damaged[bit >> 3] = (damaged[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        assert.throws(() => cipher.open(damaged, ad), SealOpenError);
        assert.throws(() => cipher.read(damaged, ad, () => assert.fail('damaged plaintext handed out')), SealOpenError);
      }
      assert.throws(() => cipher.open(sealed, associatedData(['records', 'body', 8, 'messages', 1])), SealOpenError);
      assert.throws(() => make(randomBytes(32)).open(sealed, ad), SealOpenError);
      assert.throws(() => cipher.open(sealed.subarray(0, 20), ad), SealOpenError);
    }
  });

  it('keeps associated data unambiguous: ("ab","c") is not ("a","bc")', () => {
    assert.notDeepEqual(Buffer.from(associatedData(['ab', 'c'])), Buffer.from(associatedData(['a', 'bc'])));
  });

  it('encodes associated data exactly as docs/store.md says: each part UTF-8, after its byte length as 4 bytes big-endian', () => {
    // The store's values on disk depend on these bytes: a faster encoder must give the same ones.
    assert.equal(
      Buffer.from(associatedData(['records', 'body', 42, 'tin nhắn', 3n])).toString('hex'),
      '000000077265636f726473' + '00000004626f6479' + '000000023432' + '0000000a74696e206e68e1baaf6e' + '0000000133',
    );
    assert.equal(Buffer.from(associatedData([])).length, 0);
    assert.equal(Buffer.from(associatedData([''])).toString('hex'), '00000000');
  });

  it('draws a fresh random nonce for every seal, across the refills of its nonce pool; the nonce is inside the value it opens with', () => {
    const ad = associatedData(['records', 'body', 1, 'messages', 1]);
    for (const make of implementations) {
      const cipher = make(randomBytes(32));
      const seen = new Set<string>();
      // 1 000 seals: the pool (340 nonces a draw) is refilled twice on the way.
      for (let i = 0; i < 1000; i++) {
        const sealed = Buffer.from(cipher.seal(Buffer.from(`value ${i}`), ad));
        seen.add(sealed.subarray(1, 13).toString('hex'));
        assert.equal(Buffer.from(cipher.open(sealed, ad)).toString(), `value ${i}`, make.name);
      }
      assert.equal(seen.size, 1000, `${make.name}: no nonce repeated`);
      cipher.destroy();
    }
  });

  it('cannot be used after destroy()', () => {
    for (const make of implementations) {
      const cipher = make(randomBytes(32));
      const sealed = cipher.seal(Buffer.from('x'), new Uint8Array(0));
      cipher.destroy();
      assert.throws(() => cipher.seal(Buffer.from('x'), new Uint8Array(0)), /destroyed/);
      assert.throws(() => cipher.open(sealed, new Uint8Array(0)), /destroyed/);
      assert.throws(() => cipher.read(sealed, new Uint8Array(0), () => assert.fail('opened after destroy')), /destroyed/);
    }
  });

  it('read() hands out the plaintext only while `use` runs: the reused buffer is zeros afterwards', () => {
    const ad = associatedData(['records', 'body', 1, 'messages', 1]);
    for (const make of implementations) {
      const cipher = make(randomBytes(32));
      const text = Buffer.from('{"subject":"Tối mật"}');
      let seen: Buffer | undefined;
      const parsed = cipher.read(cipher.seal(text, ad), ad, (plaintext) => {
        seen = plaintext;
        return JSON.parse(plaintext.toString('utf8')) as unknown;
      });
      assert.deepEqual(parsed, { subject: 'Tối mật' }, make.name);
      assert.ok(seen !== undefined && seen.length === text.length && seen.every((byte) => byte === 0), `${make.name}: wiped after use`);
      // A read inside a read (the reused buffer busy) and a value larger than it (64 KiB) still open.
      const big = randomBytes(100_000);
      const nested = cipher.read(cipher.seal(text, ad), ad, () => cipher.read(cipher.seal(big, ad), ad, (plaintext) => Buffer.from(plaintext)));
      assert.deepEqual(nested, big, make.name);
      assert.deepEqual(cipher.read(cipher.seal(Buffer.alloc(0), ad), ad, (plaintext) => plaintext.length), 0, `${make.name}: empty value`);
    }
  });

  it('openText() gives the text Buffer.toString would, invalid UTF-8 replaced alike, and opens nothing damaged, mis-bound or after destroy()', () => {
    const key = randomBytes(32);
    const ad = associatedData(['records', 'body', 9, 'tin nhắn', 1]);
    const ciphers = implementations.map((make) => make(key));
    // Vietnamese text, an empty value, bytes that are not UTF-8 (a lone continuation byte, a cut sequence), one past the addon's 4 KiB scratch.
    const plaintexts = [Buffer.from('{"subject":"Tối mật — Hoả tốc"}'), Buffer.alloc(0), Buffer.from([0x7b, 0x80, 0xe1, 0xba, 0x7d]), Buffer.from('ắ'.repeat(20_000))];
    for (const plaintext of plaintexts) {
      for (const sealer of ciphers) {
        const sealed = sealer.seal(plaintext, ad);
        for (const cipher of ciphers) assert.equal(cipher.openText(sealed, ad), plaintext.toString('utf8'), `${sealer.implementation} → ${cipher.implementation}, ${plaintext.length} bytes`);
      }
    }
    for (const cipher of ciphers) {
      const sealed = Buffer.from(cipher.seal(Buffer.from('Tối mật'), ad));
      for (let bit = 0; bit < sealed.length * 8; bit += 5) {
        const damaged = Buffer.from(sealed);
        damaged[bit >> 3] = (damaged[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        assert.throws(() => cipher.openText(damaged, ad), SealOpenError, cipher.implementation);
      }
      assert.throws(() => cipher.openText(sealed, associatedData(['records', 'body', 10, 'tin nhắn', 1])), SealOpenError);
      assert.throws(() => cipher.openText(sealed.subarray(0, 28), ad), SealOpenError);
      cipher.destroy();
      assert.throws(() => cipher.openText(sealed, ad), /destroyed/);
    }
  });
});

describe('field cipher: the store takes the native path when it loads, node:crypto otherwise', () => {
  it('the addon loaded here and passed its known-answer test, so the store uses it', () => {
    const status = nativeAead();
    assert.ok(status.available, status.available ? '' : status.reason);
    assert.equal(storeFieldCipher(randomBytes(32)).implementation, 'native');
  });

  it('AIRLOCK_NATIVE_AEAD=off chooses node:crypto, and says why the native path is not used', () => {
    process.env.AIRLOCK_NATIVE_AEAD = 'off';
    try {
      assert.equal(storeFieldCipher(randomBytes(32)).implementation, 'node');
      assert.deepEqual(nativeAead(), { available: false, reason: 'AIRLOCK_NATIVE_AEAD=off' });
      assert.throws(() => nativeFieldCipher(randomBytes(32)), /native AES-GCM unavailable: AIRLOCK_NATIVE_AEAD=off/);
    } finally {
      delete process.env.AIRLOCK_NATIVE_AEAD;
    }
  });

  it('a destroyed native context fails closed in the addon itself, not only in its JavaScript wrapper', () => {
    const status = nativeAead();
    assert.ok(status.available);
    const { addon } = status;
    const context = addon.create(randomBytes(32));
    const ad = associatedData(['records', 'body', 1, 'messages', 1]);
    const value = Buffer.concat([randomBytes(12), addon.seal(context, Buffer.alloc(12), ad, Buffer.from('x'))]);
    addon.destroy(context);
    assert.throws(() => addon.seal(context, Buffer.alloc(12), ad, Buffer.from('x')), { code: 'AIRLOCK_AEAD_DESTROYED' });
    assert.throws(() => addon.open(context, value, 0, ad), { code: 'AIRLOCK_AEAD_DESTROYED' });
    assert.throws(() => addon.openInto(context, value, 0, ad, Buffer.alloc(64)), { code: 'AIRLOCK_AEAD_DESTROYED' });
    assert.throws(() => addon.openText(context, value, 0, ad), { code: 'AIRLOCK_AEAD_DESTROYED' });
    assert.throws(() => addon.openTextAround(context, value, 0, ad, 1, ad), { code: 'AIRLOCK_AEAD_DESTROYED' });
    assert.throws(() => addon.sealValue(context, 1, Buffer.alloc(12), ad, Buffer.from('x')), { code: 'AIRLOCK_AEAD_DESTROYED' });
    assert.throws(() => addon.create(randomBytes(16)), /32-byte key/);
  });

  it('openTextAround() opens under exactly the bytes associatedDataAround() gives for the id, in every implementation, and under no other id', () => {
    const key = randomBytes(32);
    const binding = associatedDataAround(['records', 'body'], ['tin nhắn', 1]);
    const ciphers = [nativeFieldCipher, nodeFieldCipher, nobleFieldCipher].map((make) => make(key));
    const text = Buffer.from('{"subject":"Tối mật"}');
    // Digits of every width the addon writes, the largest safe integer, a negative one; 1.5 and a bigint take the encoder's bytes.
    for (const id of [0, 1, 42, 16_384, 2 ** 40, Number.MAX_SAFE_INTEGER, -7, 1.5]) {
      for (const sealer of ciphers) {
        const sealed = sealer.seal(text, associatedData(['records', 'body', id, 'tin nhắn', 1]));
        for (const cipher of ciphers) {
          assert.equal(cipher.openTextAround(sealed, binding, id), text.toString('utf8'), `${sealer.implementation} → ${cipher.implementation}, id ${id}`);
          assert.throws(() => cipher.openTextAround(sealed, binding, id + 1), SealOpenError);
          assert.throws(() => cipher.openTextAround(sealed, associatedDataAround(['records', 'body'], ['tin nhan', 1]), id), SealOpenError);
        }
      }
    }
    for (const cipher of ciphers) {
      cipher.destroy();
      assert.throws(() => cipher.openTextAround(Buffer.alloc(40, 1), binding, 1), /destroyed/);
    }
  });

  it('openTextsAround() opens a page as openTextAround() opens each value, in every implementation; the first value that does not open is named by its index and nothing of the page is returned', () => {
    const key = randomBytes(32);
    const binding = associatedDataAround(['records', 'body'], ['tin nhắn', 1]);
    const ciphers = [nativeFieldCipher, nodeFieldCipher, nobleFieldCipher].map((make) => make(key));
    // Ids of every width the addon writes, negative and the largest safe integer; texts past the 4 KiB scratch, a lone surrogate.
    const ids = [1, 0, 42, 16_384, 2 ** 40, Number.MAX_SAFE_INTEGER, -7, 9, 10, 11];
    const texts = ids.map((id, index) => (index === 3 ? 'ư'.repeat(5_000) : index === 4 ? 'a\ud800b' : index === 5 ? '' : `{"n":${id},"subject":"Tối mật"}`));
    for (const sealer of ciphers) {
      const page = ids.map((id, index) => sealer.sealTextAround(texts[index] ?? '', binding, id));
      for (const cipher of ciphers) {
        const expected = page.map((value, index) => cipher.openTextAround(value, binding, ids[index] ?? 0));
        assert.deepEqual(cipher.openTextsAround(page, binding, ids), expected, `${sealer.implementation} → ${cipher.implementation}`);
        assert.deepEqual(expected, texts.map((text) => Buffer.from(text, 'utf8').toString('utf8')));
        assert.deepEqual(cipher.openTextsAround([], binding, []), []);
        // Damage at 6 (a flipped ciphertext bit), a value moved to another id at 2, a wrong version byte, a value too short, a value that is not bytes.
        const damaged = (at: number, value: Uint8Array) => page.map((original, index) => (index === at ? value : original));
        const flipped = Buffer.from(page[6] ?? []);
        flipped[20] = (flipped[20] ?? 0) ^ 1;
        const otherVersion = Buffer.from(page[8] ?? []);
        otherVersion[0] = 2;
        const cases: [number, Uint8Array[]][] = [
          [6, damaged(6, flipped)],
          [2, damaged(2, page[1] ?? Buffer.alloc(0))],
          [8, damaged(8, otherVersion)],
          [9, damaged(9, Buffer.alloc(28, 1))],
          [0, damaged(0, 'not bytes' as unknown as Uint8Array)],
        ];
        for (const [index, values] of cases) {
          assert.throws(() => cipher.openTextsAround(values, binding, ids), (error: unknown) => error instanceof SealOpenError && error.index === index, `${cipher.implementation}, value ${index}`);
        }
        assert.throws(() => cipher.openTextsAround(page, binding, ids.slice(1)), /one id per value/);
      }
    }
    for (const cipher of ciphers) {
      cipher.destroy();
      assert.throws(() => cipher.openTextsAround([Buffer.alloc(40, 1)], binding, [1]), /destroyed/);
    }
  });

  it("the addon's openTextsAround returns the failing value's index instead of an array, refuses ids that are not safe integers, and nothing after destroy", () => {
    const status = nativeAead();
    assert.ok(status.available);
    const { addon } = status;
    const context = addon.create(VECTOR.key);
    const binding = associatedDataAround(['records', 'body'], ['tin nhắn', 1]);
    const page = [3, 4, 5].map((id) => addon.sealTextAround(context, 1, randomBytes(12), binding.head, id, binding.tail, `thư ${id}`));
    assert.deepEqual(addon.openTextsAround?.(context, 1, page, binding.head, [3, 4, 5], binding.tail), ['thư 3', 'thư 4', 'thư 5']);
    assert.equal(addon.openTextsAround?.(context, 1, page, binding.head, [3, 5, 4], binding.tail), 1);
    assert.equal(addon.openTextsAround?.(context, 2, page, binding.head, [3, 4, 5], binding.tail), 0, 'another version byte');
    for (const id of [1.5, 2 ** 53, Number.NaN]) assert.throws(() => addon.openTextsAround?.(context, 1, page, binding.head, [3, id, 5], binding.tail), { code: 'AIRLOCK_AEAD_ARGUMENT' }, String(id));
    assert.throws(() => addon.openTextsAround?.(context, 1, page, binding.head, [3, 4], binding.tail), { code: 'AIRLOCK_AEAD_ARGUMENT' });
    assert.throws(() => addon.openTextsAround?.(context, 1, page[0] as unknown as Uint8Array[], binding.head, [3], binding.tail), { code: 'AIRLOCK_AEAD_ARGUMENT' });
    addon.destroy(context);
    assert.throws(() => addon.openTextsAround?.(context, 1, page, binding.head, [3, 4, 5], binding.tail), { code: 'AIRLOCK_AEAD_DESTROYED' });
  });

  it('sealTextAround() seals the text\'s UTF-8 under the bytes associatedDataAround() gives for the id: every implementation opens what every other sealed', () => {
    const key = randomBytes(32);
    const binding = associatedDataAround(['records', 'body'], ['tin nhắn', 1]);
    const ciphers = [nativeFieldCipher, nodeFieldCipher, nobleFieldCipher].map((make) => make(key));
    // ASCII, Vietnamese, a surrogate pair, a lone surrogate (Buffer.from writes U+FFFD), empty, and past the addon's 4 KiB scratch.
    const texts = ['{"subject":"Tối mật"}', 'thư 📨', 'a\ud800b', '', 'ư'.repeat(30_000)];
    for (const text of texts) {
      for (const id of [0, 7, 16_384, Number.MAX_SAFE_INTEGER, -7, 1.5]) {
        for (const sealer of ciphers) {
          const sealed = sealer.sealTextAround(text, binding, id);
          assert.equal(sealed.length, 29 + Buffer.byteLength(text, 'utf8'), 'version ‖ nonce ‖ ciphertext ‖ tag, the text as UTF-8');
          for (const cipher of ciphers) {
            const ad = associatedData(['records', 'body', id, 'tin nhắn', 1]);
            assert.deepEqual(Buffer.from(cipher.open(sealed, ad)), Buffer.from(text, 'utf8'), `${sealer.implementation} → ${cipher.implementation}, id ${id}`);
            assert.throws(() => cipher.openTextAround(sealed, binding, id + 1), SealOpenError);
          }
        }
      }
    }
    for (const cipher of ciphers) {
      cipher.destroy();
      assert.throws(() => cipher.sealTextAround('x', binding, 1), /destroyed/);
    }
  });

  it("the addon's sealTextAround is sealValue() of Buffer.from(text) under head ‖ part(id) ‖ tail, byte for byte; it refuses what is not a safe integer, and nothing after destroy", () => {
    const status = nativeAead();
    assert.ok(status.available);
    const { addon } = status;
    const context = addon.create(VECTOR.key);
    const binding = associatedDataAround(['records', 'body'], ['tin nhắn', 1]);
    for (const text of ['{"subject":"Tối mật"}', 'a\ud800b', '', 'x'.repeat(9000)]) {
      for (const id of [0, 42, Number.MAX_SAFE_INTEGER, -3]) {
        assert.deepEqual(addon.sealTextAround(context, 1, VECTOR.nonce, binding.head, id, binding.tail, text), addon.sealValue(context, 1, VECTOR.nonce, binding(id), Buffer.from(text, 'utf8')), `${text.length} units, id ${id}`);
      }
    }
    for (const id of [1.5, 2 ** 53, Number.NaN]) assert.throws(() => addon.sealTextAround(context, 1, VECTOR.nonce, binding.head, id, binding.tail, 'x'), { code: 'AIRLOCK_AEAD_ARGUMENT' }, String(id));
    assert.throws(() => addon.sealTextAround(context, 1, VECTOR.nonce.subarray(0, 8), binding.head, 1, binding.tail, 'x'), { code: 'AIRLOCK_AEAD_ARGUMENT' });
    assert.throws(() => addon.sealTextAround(context, 1, VECTOR.nonce, binding.head, 1, binding.tail, Buffer.from('x') as unknown as string), { code: 'AIRLOCK_AEAD_ARGUMENT' });
    addon.destroy(context);
    assert.throws(() => addon.sealTextAround(context, 1, VECTOR.nonce, binding.head, 1, binding.tail, 'x'), { code: 'AIRLOCK_AEAD_DESTROYED' });
  });

  it("the addon's sealValue is version ‖ nonce ‖ its seal(), and refuses a version that is not a byte", () => {
    const status = nativeAead();
    assert.ok(status.available);
    const { addon } = status;
    const context = addon.create(VECTOR.key);
    assert.deepEqual(addon.sealValue(context, 1, VECTOR.nonce, VECTOR.aad, VECTOR.plaintext), Buffer.concat([Buffer.of(1), VECTOR.nonce, VECTOR.ciphertext, VECTOR.tag]));
    assert.throws(() => addon.sealValue(context, 256, VECTOR.nonce, VECTOR.aad, VECTOR.plaintext), { code: 'AIRLOCK_AEAD_ARGUMENT' });
    assert.throws(() => addon.sealValue(context, 1, VECTOR.nonce.subarray(0, 8), VECTOR.aad, VECTOR.plaintext), { code: 'AIRLOCK_AEAD_ARGUMENT' });
    // The addon's own number check: what is not a safe integer is refused, never rounded into another id's bytes.
    const value = addon.sealValue(context, 1, VECTOR.nonce, VECTOR.aad, VECTOR.plaintext);
    for (const id of [1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => addon.openTextAround(context, value, 1, VECTOR.aad, id, VECTOR.aad), { code: 'AIRLOCK_AEAD_ARGUMENT' }, String(id));
    addon.destroy(context);
  });
});

describe('associated data with its constant parts encoded once', () => {
  it('gives the same bytes as associatedData() for the whole list, and its head and tail are the parts before and after', () => {
    const encode = associatedDataAround(['records', 'body'], ['tin nhắn', 3]);
    assert.deepEqual(Buffer.from(encode.head), Buffer.from(associatedData(['records', 'body'])));
    assert.deepEqual(Buffer.from(encode.tail), Buffer.from(associatedData(['tin nhắn', 3])));
    for (const id of [0, 1, 42, 2 ** 40, 123456789n, 'ưu tiên']) {
      assert.deepEqual(Buffer.from(encode(id)), Buffer.from(associatedData(['records', 'body', id, 'tin nhắn', 3])));
    }
  });
});

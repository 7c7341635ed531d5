import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The field cipher's native path: native/field-aead, a small N-API addon over the EVP AES-256-GCM of
 * Debian's OpenSSL, linked into it statically with its symbols hidden (docs/store.md "Sealed values"),
 * so it loads the same under Node and Electron. One EVP context per unlock holds the key
 * schedule, so a value costs an IV, the associated data, one update and the tag — not a new
 * node:crypto Decipheriv object. It is optional: when it cannot load (not built, not shipped) or
 * fails its known-answer test, the field cipher is node:crypto's, and `AIRLOCK_NATIVE_AEAD=off` chooses node:crypto outright.
 */
export interface FieldAeadAddon {
  /** A context holding the key schedule; the caller wipes its own copy of the key. */
  create(key: Uint8Array): object;
  /** ciphertext ‖ 16-byte tag. */
  seal(context: object, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Buffer;
  /** The value as stored, in one buffer: version (1 byte) ‖ nonce ‖ ciphertext ‖ 16-byte tag. */
  sealValue(context: object, version: number, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Buffer;
  /**
   * value[offset…] = nonce (12) ‖ ciphertext ‖ tag (16). The plaintext, or null when the value does
   * not authenticate (nothing of it is handed out).
   */
  open(context: object, value: Uint8Array, offset: number, associatedData: Uint8Array): Buffer | null;
  /** open() into `out`: the plaintext's length, or -1 (out then cleansed). No Buffer made per value. */
  openInto(context: object, value: Uint8Array, offset: number, associatedData: Uint8Array, out: Buffer): number;
  /**
   * open() decoded as UTF-8 text (invalid sequences replaced, as Buffer.toString does), or null. The
   * plaintext bytes live only in the addon's scratch memory, cleansed before it returns.
   */
  openText(context: object, value: Uint8Array, offset: number, associatedData: Uint8Array): string | null;
  /**
   * openText() with the associated data head ‖ [number, encoded as associatedData() encodes a part] ‖
   * tail, given to GCM in pieces: no buffer of it per value. `number` is a safe integer.
   */
  openTextAround(context: object, value: Uint8Array, offset: number, head: Uint8Array, number: number, tail: Uint8Array): string | null;
  /**
   * A page of stored values (version ‖ nonce ‖ ciphertext ‖ tag each) opened in one call, value i
   * under openTextAround()'s associated data for numbers[i] (safe integers): their texts, or the index
   * of the first value that does not open (not bytes, too short, another version, does not
   * authenticate) and no array. Missing from an addon built before it (the caller then opens value by value).
   */
  openTextsAround?(context: object, version: number, values: readonly unknown[], head: Uint8Array, numbers: readonly number[], tail: Uint8Array): string[] | number;
  /**
   * sealValue() of `text`'s UTF-8 bytes (as Buffer.from(text) writes them) under openTextAround()'s
   * associated data: the bytes exist only in the addon's scratch memory, cleansed before it returns.
   */
  sealTextAround(context: object, version: number, nonce: Uint8Array, head: Uint8Array, number: number, tail: Uint8Array, text: string): Buffer;
  /** Frees the context's key schedule (OpenSSL cleanses it); every later call throws. */
  destroy(context: object): void;
  /** HMAC-SHA256 keyed once (OpenSSL's EVP_MAC: the key's inner and outer states computed here); the caller wipes its key. */
  macCreate(key: Uint8Array): object;
  /** The first `length` (1…32) bytes of HMAC-SHA256(key, UTF-8 of `text`), restarted from the states macCreate() made. */
  mac(context: object, text: string, length: number): Buffer;
  /** Frees the MAC context (OpenSSL cleanses the key and both states); every later call throws. */
  macDestroy(context: object): void;
  /**
   * The container's version 2 chunks (docs/container.md "Implementation notes"): `count` chunks laid
   * out every 65 552 bytes of `batch` (65 536 plaintext bytes, `lastLength` for the final one) sealed in
   * place under the payload key, each tag written after its ciphertext, iv u88(first + i) ‖ flag (1
   * only for the final chunk when `endsLast`), and leaf i = SHA-256(iv ‖ sealed chunk) into
   * `leaves[32·i…]`. Missing from an addon built before it (the caller then uses node:crypto).
   */
  sealChunks?(key: Uint8Array, batch: Uint8Array, count: number, first: number, endsLast: boolean, lastLength: number, leaves: Uint8Array): void;
  /**
   * The reverse: chunk i read at `batch[65 552·i…]` (`lastLength` bytes for the final one, at least
   * 16), leaf i computed over the sealed bytes, then opened in place (flag 1 for chunk `lastIndex`).
   * 0: all opened; 2i + 1: chunk i does not authenticate; 2i + 2: chunk i, the file's last, opens
   * only with flag 0 (a file cut short). On either the batch is cleansed.
   */
  openChunks?(key: Uint8Array, batch: Uint8Array, count: number, first: number, lastIndex: number, lastLength: number, leaves: Uint8Array): number;
}

export type NativeAeadStatus = { readonly available: true; readonly addon: FieldAeadAddon } | { readonly available: false; readonly reason: string };

/** The addon's place in the repository, and in the package (electron-builder.yml `files`, `asarUnpack`). */
export const ADDON_FILE = 'native/field-aead/build/Release/field_aead.node';

/**
 * The addon's file, found upwards from `moduleFolder` (this module's folder: the sources are three
 * folders below the root, dist/ four). In the packaged app this module is inside `app.asar`, which
 * the operating system cannot load a library from: electron-builder unpacks the addon beside it into
 * `app.asar.unpacked` (asarUnpack), and that real file is the one taken at the archive's own level.
 */
export function findAddon(moduleFolder: string): string | undefined {
  let folder = moduleFolder;
  for (let depth = 0; depth < 6; depth++) {
    const places = folder.endsWith('.asar') ? [`${folder}.unpacked`, folder] : [folder];
    for (const place of places) {
      const candidate = path.join(place, ...ADDON_FILE.split('/'));
      if (existsSync(candidate)) return candidate;
    }
    folder = path.dirname(folder);
  }
  return undefined;
}
// The GCM specification's test case 16 (also in tests/unit/field-cipher.test.ts): checked once at
// load, so a runtime whose exported EVP functions behave differently is never used for the store.
const hex = (text: string) => Buffer.from(text, 'hex');
const KNOWN_ANSWER = {
  key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
  nonce: hex('cafebabefacedbaddecaf888'),
  aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
  plaintext: hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39'),
  sealed: hex('522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' + '76fc6ece0f4e1768cddf8853bb2d551b'),
};

// RFC 4231 test case 2 (HMAC-SHA256, a key shorter than the block), checked the same way.
const MAC_KNOWN_ANSWER = { key: Buffer.from('Jefe'), text: 'what do ya want for nothing?', mac: hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843') };

function passesKnownAnswer(addon: FieldAeadAddon): boolean {
  const context = addon.create(KNOWN_ANSWER.key);
  const mac = addon.macCreate(MAC_KNOWN_ANSWER.key);
  try {
    const sealed = addon.seal(context, KNOWN_ANSWER.nonce, KNOWN_ANSWER.aad, KNOWN_ANSWER.plaintext);
    const value = Buffer.concat([KNOWN_ANSWER.nonce, KNOWN_ANSWER.sealed]);
    const opened = addon.open(context, value, 0, KNOWN_ANSWER.aad);
    const damaged = Buffer.from(value);
    damaged[20] = (damaged[20] ?? 0) ^ 1;
    return (
      sealed.equals(KNOWN_ANSWER.sealed) &&
      opened !== null &&
      opened.equals(KNOWN_ANSWER.plaintext) &&
      addon.open(context, damaged, 0, KNOWN_ANSWER.aad) === null &&
      addon.mac(mac, MAC_KNOWN_ANSWER.text, 32).equals(MAC_KNOWN_ANSWER.mac)
    );
  } finally {
    addon.destroy(context);
    addon.macDestroy(mac);
  }
}

/** Loads the addon at `file` and runs the known-answer tests (GCM, HMAC); the store uses it only when all succeed. */
export function loadAddon(file: string | undefined): NativeAeadStatus {
  if (file === undefined) return { available: false, reason: `${ADDON_FILE} not built (npm run build:native)` };
  try {
    const addon = createRequire(import.meta.url)(file) as FieldAeadAddon;
    if (!passesKnownAnswer(addon)) return { available: false, reason: 'the addon failed the AES-256-GCM known-answer test' };
    return { available: true, addon };
  } catch (error) {
    return { available: false, reason: `the addon did not load: ${error instanceof Error ? error.message : String(error)}` };
  }
}

let status: NativeAeadStatus | undefined;

/** Loaded (and checked) once per process; `AIRLOCK_NATIVE_AEAD=off` is read at every call, so a test can turn it off. */
export function nativeAead(): NativeAeadStatus {
  if (process.env.AIRLOCK_NATIVE_AEAD === 'off') return { available: false, reason: 'AIRLOCK_NATIVE_AEAD=off' };
  status ??= loadAddon(findAddon(path.dirname(fileURLToPath(import.meta.url))));
  return status;
}

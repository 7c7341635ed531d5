import pkcs11js from 'pkcs11js';
import type { PinTries, TokenRef, TokenSummary } from '../../shared/domain/token.js';
import type { CertificateObject, KeyObject } from '../core/token/protocol.js';
import { TokenOperationError, toTokenError } from './failures.js';

type Handle = Buffer;

// PKCS#11 session states (pkcs11js does not export them).
const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

interface FoundKey {
  readonly session: Handle;
  readonly handle: Handle;
  readonly info: KeyObject;
}

interface OpenToken {
  readonly slot: Handle;
  session: Handle | undefined;
  /** Key lookups of this session: a signature then costs one C_SignInit + C_Sign, not six calls. */
  readonly keys: Map<string, FoundKey>;
}

export function pinTriesOf(flags: number): PinTries {
  if (flags & pkcs11js.CKF_USER_PIN_LOCKED) return 'locked';
  if (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) return 'lastTry';
  if (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) return 'fewLeft';
  return 'ok';
}

/** A CK_ULONG attribute: 8 bytes on 64-bit Linux, 4 on Windows; native (little-endian) order. */
function ulong(value: unknown): number {
  if (!Buffer.isBuffer(value) || value.length === 0) return -1;
  return value.length === 8 ? Number(value.readBigUInt64LE()) : value.readUIntLE(0, Math.min(value.length, 6));
}

const refKey = (ref: TokenRef): string => `${ref.serial}\u0000${ref.label}`;

/**
 * One loaded PKCS#11 module and the tokens in its slots. Runs only inside the token process.
 * Tokens are found by serial + label on every call (a slot can change hands between calls), and
 * a session that the module says is gone is forgotten, never retried.
 */
export class Pkcs11Tokens {
  readonly #module: pkcs11js.PKCS11;
  readonly #open = new Map<string, OpenToken>();

  private constructor(module: pkcs11js.PKCS11) {
    this.#module = module;
  }

  /** Tries each module path in order; the first that loads and initialises wins. */
  static load(paths: readonly string[]): { tokens: Pkcs11Tokens; modulePath: string } {
    const failures: string[] = [];
    for (const path of paths) {
      const module = new pkcs11js.PKCS11();
      try {
        module.load(path);
        module.C_Initialize();
        return { tokens: new Pkcs11Tokens(module), modulePath: path };
      } catch (error) {
        failures.push(`${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    throw new Error(`No PKCS#11 module could be loaded:\n${failures.join('\n')}`);
  }

  close(): void {
    try {
      this.#module.C_Finalize();
    } finally {
      this.#module.close();
    }
  }

  list(): TokenSummary[] {
    const present = new Set<string>();
    const summaries: TokenSummary[] = [];
    for (const slot of this.#module.C_GetSlotList(true)) {
      let info: pkcs11js.TokenInfo;
      try {
        info = this.#module.C_GetTokenInfo(slot);
      } catch {
        continue; // pulled between the two calls
      }
      const ref = { serial: info.serialNumber.trim(), label: info.label.trim() };
      if (ref.serial === '' || ref.label === '') continue;
      const key = refKey(ref);
      present.add(key);
      const open = this.#open.get(key);
      if (open === undefined || !open.slot.equals(slot)) this.#open.set(key, { slot, session: undefined, keys: new Map() });
      summaries.push({
        ref,
        manufacturer: info.manufacturerID.trim(),
        model: info.model.trim(),
        pinTries: pinTriesOf(info.flags),
        protectedAuthPath: (info.flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
        pinMustChange: (info.flags & pkcs11js.CKF_USER_PIN_TO_BE_CHANGED) !== 0,
        loggedIn: this.#isLoggedIn(key),
      });
    }
    for (const key of [...this.#open.keys()]) if (!present.has(key)) this.#open.delete(key);
    return summaries;
  }

  login(ref: TokenRef, pin: string | undefined): void {
    const session = this.#session(ref);
    if (this.#isLoggedIn(refKey(ref))) return;
    // No PIN means the reader's PIN pad (protected authentication path); the module asks for it.
    this.#call(ref, () => (pin === undefined ? this.#module.C_Login(session, pkcs11js.CKU_USER) : this.#module.C_Login(session, pkcs11js.CKU_USER, pin)));
  }

  logout(ref: TokenRef): void {
    const key = refKey(ref);
    const open = this.#open.get(key);
    if (open?.session === undefined) return;
    try {
      this.#module.C_Logout(open.session);
    } catch (error) {
      if (toTokenError(error).ckr !== 'CKR_USER_NOT_LOGGED_IN') throw toTokenError(error);
    } finally {
      this.#dropSession(key);
    }
  }

  changePin(ref: TokenRef, oldPin: string, newPin: string): void {
    const session = this.#session(ref);
    this.#call(ref, () => this.#module.C_SetPIN(session, oldPin, newPin));
  }

  mechanisms(ref: TokenRef): number[] {
    const open = this.#find(ref);
    return this.#call(ref, () => this.#module.C_GetMechanismList(open.slot));
  }

  certificates(ref: TokenRef): CertificateObject[] {
    const session = this.#session(ref);
    return this.#call(ref, () =>
      this.#findObjects(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]).map((handle) => {
        const [id, label, value] = this.#module.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }, { type: pkcs11js.CKA_VALUE }]);
        return { keyId: (id?.value as Buffer | undefined)?.toString('hex') ?? '', label: (label?.value as Buffer | undefined)?.toString('utf8') ?? '', der: new Uint8Array(value?.value as Buffer) };
      }),
    );
  }

  keys(ref: TokenRef): KeyObject[] {
    const session = this.#session(ref);
    return this.#call(ref, () => {
      const handles = [
        ...this.#findObjects(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]),
        ...this.#findObjects(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }]),
      ];
      return handles.map((handle) => this.#describeKey(session, handle));
    });
  }

  /** The private or secret key with this CKA_ID, refused unless the token keeps it secret. */
  key(ref: TokenRef, keyId: string, objectClass: 'private' | 'secret'): FoundKey {
    const session = this.#session(ref);
    const cache = this.#find(ref).keys;
    const cacheKey = `${objectClass}:${keyId}`;
    const cached = cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const found = this.#call(ref, () => {
      const cls = objectClass === 'private' ? pkcs11js.CKO_PRIVATE_KEY : pkcs11js.CKO_SECRET_KEY;
      const [handle] = this.#findObjects(session, [
        { type: pkcs11js.CKA_CLASS, value: cls },
        { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
      ]);
      if (handle === undefined) throw new TokenOperationError('keyNotFound');
      const info = this.#describeKey(session, handle);
      // An extractable or non-sensitive key could already have been copied off the token.
      if (!info.safe) throw new TokenOperationError('keyUnsafe');
      return { session, handle, info };
    });
    cache.set(cacheKey, found);
    return found;
  }

  /** Runs one operation on a token's session, mapping PKCS#11 errors and forgetting dead sessions. */
  run<T>(ref: TokenRef, operation: (module: pkcs11js.PKCS11) => T): T {
    return this.#call(ref, () => operation(this.#module));
  }

  #describeKey(session: Handle, handle: Handle): KeyObject {
    const [id, label, keyType, sensitive, extractable] = this.#module.C_GetAttributeValue(session, handle, [
      { type: pkcs11js.CKA_ID },
      { type: pkcs11js.CKA_LABEL },
      { type: pkcs11js.CKA_KEY_TYPE },
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
    ]);
    const always = this.#alwaysAuthenticate(session, handle);
    const type = ulong(keyType?.value);
    const kind = type === pkcs11js.CKK_RSA ? 'rsa' : type === pkcs11js.CKK_EC ? 'ec' : type === pkcs11js.CKK_AES ? 'aes' : 'other';
    const flag = (attribute: pkcs11js.Attribute | undefined) => (attribute?.value as Buffer | undefined)?.[0] === 1;
    return {
      keyId: (id?.value as Buffer | undefined)?.toString('hex') ?? '',
      label: (label?.value as Buffer | undefined)?.toString('utf8') ?? '',
      kind,
      safe: flag(sensitive) && !flag(extractable),
      bits: this.#keyBits(session, handle, kind),
      alwaysAuthenticate: flag(always),
    };
  }

  /** Only private keys have CKA_ALWAYS_AUTHENTICATE; a secret key's token answers "invalid attribute", which means no. */
  #alwaysAuthenticate(session: Handle, handle: Handle): pkcs11js.Attribute | undefined {
    try {
      return this.#module.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_ALWAYS_AUTHENTICATE }])[0];
    } catch {
      return undefined;
    }
  }

  #keyBits(session: Handle, handle: Handle, kind: KeyObject['kind']): number {
    if (kind === 'rsa') {
      const [modulus] = this.#module.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_MODULUS }]);
      return ((modulus?.value as Buffer | undefined)?.length ?? 0) * 8;
    }
    if (kind === 'aes') {
      const [length] = this.#module.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE_LEN }]);
      return Math.max(0, ulong(length?.value)) * 8;
    }
    return kind === 'ec' ? 256 : 0;
  }

  #findObjects(session: Handle, template: pkcs11js.Template): Handle[] {
    this.#module.C_FindObjectsInit(session, template);
    try {
      return this.#module.C_FindObjects(session, 64);
    } finally {
      this.#module.C_FindObjectsFinal(session);
    }
  }

  #find(ref: TokenRef): OpenToken {
    let open = this.#open.get(refKey(ref));
    if (open === undefined) {
      this.list();
      open = this.#open.get(refKey(ref));
    }
    if (open === undefined) throw new TokenOperationError('tokenNotFound');
    return open;
  }

  #session(ref: TokenRef): Handle {
    const open = this.#find(ref);
    if (open.session === undefined) {
      open.session = this.#call(ref, () => this.#module.C_OpenSession(open.slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION));
    }
    return open.session;
  }

  #isLoggedIn(key: string): boolean {
    const session = this.#open.get(key)?.session;
    if (session === undefined) return false;
    try {
      const state = this.#module.C_GetSessionInfo(session).state;
      return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
    } catch {
      this.#dropSession(key);
      return false;
    }
  }

  #dropSession(key: string): void {
    const open = this.#open.get(key);
    if (open?.session === undefined) return;
    try {
      this.#module.C_CloseSession(open.session);
    } catch {
      // Already gone with the token.
    }
    open.session = undefined;
    open.keys.clear();
  }

  #call<T>(ref: TokenRef, operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      const mapped = toTokenError(error);
      if (mapped.failure === 'tokenRemoved') this.#dropSession(refKey(ref));
      if (mapped.failure === 'keyNotFound') this.#open.get(refKey(ref))?.keys.clear();
      throw mapped;
    }
  }
}

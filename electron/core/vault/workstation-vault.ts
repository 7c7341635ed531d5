import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../domain-error.js';
import type { TokenLogin, TokenService } from '../token/token-service.js';
import { SealedStore, type StoreRecipient } from '../store/sealed-store.js';
import { assertStoreProfile, markStoreProfile, type StoreProfile } from '../store/store-profile.js';
import { AuditLog } from '../audit/audit-log.js';
import { createAuditSchema } from '../audit/audit-schema.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { isTokenUnavailable } from '../token/token-errors.js';
import { tokenKeyHolders, unattendedKeyHolders, type TokenKeyHolder as StoreKeyHolder } from '../token/token-key-holders.js';
import { deposit, drain, ensureInboxKey, ensureInboxTable } from '../audit/audit-inbox.js';
import type { AuditInboxPort } from '../audit/audit-trail.js';

export type { TokenKeyHolder as StoreKeyHolder } from '../token/token-key-holders.js';

/**
 * The workstation's encrypted files, opened with the token at unlock and closed (keys wiped) at
 * lock: `settings.db` always, one `zone-<id>.db` per network zone, opened only while that zone
 * is active. A new workstation creates its settings store wrapped to the first user who unlocks
 * it (and to the organisation's recovery certificate when the policy names one).
 */
export class WorkstationVault {
  #settings: SealedStore | undefined;
  #audit: SealedStore | undefined;
  #auditLog: AuditLog | undefined;
  readonly #zones = new Map<string, SealedStore>();
  #holder: StoreKeyHolder | undefined;
  #sessionSigner: TokenSigner | undefined;

  constructor(
    private readonly deps: {
      readonly dataDir: string;
      readonly tokens: TokenService;
      /** A training workstation's files and a real one's refuse each other (store/store-profile.ts). */
      readonly profile: StoreProfile;
      readonly recoveryCertificates?: readonly Uint8Array[];
    },
  ) {}

  /** The audit log, open while unlocked. It has its own file and data key, never rotated with the others. */
  get auditLog(): AuditLog {
    if (this.#auditLog === undefined) throw new DomainError('store.locked');
    return this.#auditLog;
  }

  /** At start, before any unlock: the audit file opened locked, so locked-time events can be deposited. */
  openLocked(): void {
    const file = path.join(this.deps.dataDir, 'audit.db');
    if (this.#audit !== undefined || !existsSync(file)) return;
    try {
      this.#audit = this.#open(file);
    } catch (error) {
      // The other kind's audit file gets no deposit; the unlock refuses the folder with the same code.
      if (error instanceof DomainError && error.code === 'store.profileMismatch') return;
      throw error;
    }
    ensureInboxTable(this.#audit.database);
  }

  /** The locked-time mailbox of the audit log, once the audit file exists. */
  get inbox(): AuditInboxPort | undefined {
    const store = this.#audit;
    if (store === undefined) return undefined;
    return { deposit: (event) => deposit(store, event), drain: (append) => drain(store, append) };
  }

  /** Who a store's key is wrapped to now, so a rotation wraps the new key to the same people. */
  recipientsOf(store: SealedStore): StoreRecipient[] {
    return store.recipients();
  }

  /**
   * The store files a backup of the live zone copies (docs/backup-repository.md "The app's stores"):
   * settings and audit, and that zone's own store; another zone's store may hold a level the backup
   * is not signed for, so it is left out. Only files that exist; `scratch`, beside them, for the copies.
   */
  backupStores(zoneId: string): { stores: { file: string; name: string }[]; scratch: string } {
    const names = ['settings.db', 'audit.db', ...(/^[a-z0-9-]{1,32}$/.test(zoneId) ? [`zone-${zoneId}.db`] : [])];
    return { stores: names.map((name) => ({ file: path.join(this.deps.dataDir, name), name })).filter((store) => existsSync(store.file)), scratch: this.deps.dataDir };
  }

  /** Where inspector reports are written. */
  get exportDir(): string {
    return path.join(this.deps.dataDir, 'exports');
  }

  /** The session's own signatures (audit checkpoints, switch intents): a key that signs without its PIN again. */
  get signer(): TokenSigner {
    if (this.#sessionSigner === undefined) throw new DomainError('store.locked');
    return this.#sessionSigner;
  }

  get settings(): SealedStore {
    if (this.#settings === undefined || this.#settings.locked) throw new DomainError('store.locked');
    return this.#settings;
  }

  /**
   * Opens the settings store with a key on the token of this login; refuses a token the data is not
   * wrapped to. Every token call goes to the process that made the login, or fails with
   * token.serviceStopped: a successor process is not logged in, and its empty key list must not
   * read as "wrong token".
   *
   * The session's key is the first by key id that does not ask its PIN for every operation
   * (CKA_ALWAYS_AUTHENTICATE): the session signs audit checkpoints unattended, so a token with only
   * such keys is refused (store.noSessionKey). A new store is wrapped to that key; an existing one
   * opens with whichever key it was wrapped to, the ordinary keys tried first.
   */
  async open(login: TokenLogin): Promise<void> {
    mkdirSync(this.deps.dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.deps.dataDir, 'settings.db');
    const holders = await tokenKeyHolders(this.deps.tokens.pinnedTo(login), login.ref);
    if (holders.length === 0) throw new DomainError('store.wrongToken');
    const ordinary = unattendedKeyHolders(holders);
    const [first] = ordinary;
    if (first === undefined) throw new DomainError('store.noSessionKey');
    if (!existsSync(file)) {
      const recipients = [{ certificateDer: first.certificateDer, role: 'user' as const }, ...(this.deps.recoveryCertificates ?? []).map((certificateDer) => ({ certificateDer, role: 'recovery' as const }))];
      this.#settings = this.#create(file, recipients);
      this.#holder = first;
      this.#sessionSigner = first.signer;
      await this.#openAudit(first, recipients);
      return;
    }
    const store = this.#settings ?? this.#open(file);
    let lastError: unknown = new DomainError('store.wrongToken');
    for (const holder of [...ordinary, ...holders.filter((candidate) => candidate.alwaysAuthenticate)]) {
      try {
        await store.unlock(holder.certificateDer, holder.operations);
        this.#settings = store;
        this.#holder = holder;
        this.#sessionSigner = first.signer;
        await this.#openAudit(holder, [{ certificateDer: holder.certificateDer, role: 'user' }]);
        return;
      } catch (error) {
        // A token that cannot answer ends the open: the next key would not fare better.
        if (isTokenUnavailable(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * The store of one network zone; created on first use, wrapped to the user and to the
   * organisation's recovery certificates (the zone policy names them).
   */
  async zone(zoneId: string, recoveryCertificates: readonly Uint8Array[] = []): Promise<SealedStore> {
    if (!/^[a-z0-9-]{1,32}$/.test(zoneId)) throw new Error('zone id');
    const holder = this.#holder;
    if (holder === undefined) throw new DomainError('store.locked');
    const open = this.#zones.get(zoneId);
    if (open !== undefined && !open.locked) return open;
    const file = path.join(this.deps.dataDir, `zone-${zoneId}.db`);
    const recipients = [{ certificateDer: holder.certificateDer, role: 'user' as const }, ...recoveryCertificates.map((certificateDer) => ({ certificateDer, role: 'recovery' as const }))];
    const store = existsSync(file) ? (open ?? this.#open(file)) : this.#create(file, recipients);
    if (store.locked) await store.unlock(holder.certificateDer, holder.operations);
    this.#zones.set(zoneId, store);
    return store;
  }

  /** Wipes every key (settings and zones); files stay open, locked, for the next unlock. */
  lock(): void {
    this.#auditLog?.destroy();
    this.#auditLog = undefined;
    this.#audit?.lock();
    this.#settings?.lock();
    for (const store of this.#zones.values()) store.lock();
    this.#holder = undefined;
    this.#sessionSigner = undefined;
  }

  /** Closes a zone's file when leaving the zone, so its data is not even readable locked. */
  closeZone(zoneId: string): void {
    this.#zones.get(zoneId)?.close();
    this.#zones.delete(zoneId);
  }

  close(): void {
    this.lock();
    this.#settings?.close();
    this.#settings = undefined;
    this.#audit?.close();
    this.#audit = undefined;
    for (const zoneId of [...this.#zones.keys()]) this.closeZone(zoneId);
  }

  /** Every file of this vault is marked with its kind of workstation when it is made... */
  #create(file: string, recipients: readonly StoreRecipient[]): SealedStore {
    const store = SealedStore.create(file, recipients);
    markStoreProfile(store, this.deps.profile);
    return store;
  }

  /** ...and refused when opened by the other kind, before any key is asked of the token. */
  #open(file: string): SealedStore {
    const store = SealedStore.open(file);
    try {
      assertStoreProfile(store, this.deps.profile);
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  async #openAudit(holder: StoreKeyHolder, recipients: readonly StoreRecipient[]): Promise<void> {
    const file = path.join(this.deps.dataDir, 'audit.db');
    const store = this.#audit ?? (existsSync(file) ? this.#open(file) : this.#create(file, [...recipients, ...(this.deps.recoveryCertificates ?? []).map((certificateDer) => ({ certificateDer, role: 'recovery' as const }))]));
    if (store.locked) await store.unlock(holder.certificateDer, holder.operations);
    const db = store.database;
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").get() === undefined) db.transaction(() => createAuditSchema(db))();
    ensureInboxTable(db);
    ensureInboxKey(store);
    const keys = store.keysFor();
    this.#audit = store;
    this.#auditLog = new AuditLog({ db, cipher: keys.cipher, chainKey: keys.chainKey, indexKey: keys.auditIndexKey });
  }
}

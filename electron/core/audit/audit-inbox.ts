import { createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { associatedData, nodeFieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../store/database.js';
import type { SealedStore } from '../store/sealed-store.js';
import { AUDIT_KINDS, AUDIT_RESULTS, type AuditDetails, type AuditKind, type AuditResult } from './audit-entry.js';

/**
 * Where events of a LOCKED workstation go (wrong PINs, tokens plugged in, the lock itself): the
 * log's key is not in memory then, so each event is sealed to the inbox's public key (ECDH-ES
 * P-256 + HKDF-SHA256 + AES-256-GCM) and written at once. Pulling the plug no longer loses them;
 * reading them needs the inbox private key, which is sealed in the audit store and opened at the
 * next unlock, when the events move into the chained log. Someone with the file could still
 * delete inbox rows (they are not chained); they cannot read or forge them.
 */
export interface InboxEvent {
  readonly kind: AuditKind;
  readonly result: AuditResult;
  readonly details: AuditDetails;
  readonly occurredAt: string;
}

const INFO = Buffer.from('airlock audit inbox v1');
const KEY_COLLECTION = 'audit.inbox.key';
const PUBLIC_META = 'audit.inbox.public';

export function ensureInboxTable(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS audit_inbox (id INTEGER PRIMARY KEY, ephemeral BLOB NOT NULL, sealed BLOB NOT NULL)');
}

/** At unlock: creates the inbox key pair on first use; the private half lives sealed in the store. */
export function ensureInboxKey(store: SealedStore): void {
  if (store.meta(PUBLIC_META) !== undefined) return;
  const ecdh = createECDH('prime256v1');
  const publicPoint = ecdh.generateKeys();
  const privateKey = ecdh.getPrivateKey();
  store.transaction(() => {
    store.put(KEY_COLLECTION, { privateKey: privateKey.toString('base64') }, KEY_COLLECTION);
    store.setMeta(PUBLIC_META, publicPoint.toString('hex'));
  });
  privateKey.fill(0);
}

function inboxKey(shared: Uint8Array, ephemeral: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, ephemeral, INFO, 32));
}

/** Whether events can be deposited: the key pair is made at the first unlock. */
export function inboxReady(store: SealedStore): boolean {
  return store.meta(PUBLIC_META) !== undefined;
}

/** While locked: needs only the public key, readable without any secret. */
export function deposit(store: SealedStore, event: InboxEvent): boolean {
  const publicHex = store.meta(PUBLIC_META);
  if (publicHex === undefined) return false;
  const ephemeral = createECDH('prime256v1');
  const ephemeralPoint = ephemeral.generateKeys();
  const key = inboxKey(ephemeral.computeSecret(Buffer.from(publicHex, 'hex')), ephemeralPoint);
  const cipher = nodeFieldCipher(key);
  key.fill(0);
  try {
    const id = Number((store.database.prepare('SELECT coalesce(max(id), 0) + 1 AS next FROM audit_inbox').get() as { next: number }).next);
    const sealed = cipher.seal(Buffer.from(JSON.stringify(event)), associatedData(['audit_inbox', 'sealed', id]), randomBytes(12));
    store.database.prepare('INSERT INTO audit_inbox (id, ephemeral, sealed) VALUES (?, ?, ?)').run(id, ephemeralPoint, sealed);
    return true;
  } finally {
    cipher.destroy();
  }
}

/** At unlock: every inbox event, oldest first, handed to `append` and removed in the same transaction. */
export function drain(store: SealedStore, append: (event: InboxEvent) => void): number {
  const [record] = store.find<{ privateKey: string }>(KEY_COLLECTION, KEY_COLLECTION);
  if (record === undefined) return 0;
  const ecdh = createECDH('prime256v1');
  const privateKey = Buffer.from(record.value.privateKey, 'base64');
  ecdh.setPrivateKey(privateKey);
  privateKey.fill(0);
  const rows = store.database.prepare('SELECT id, ephemeral, sealed FROM audit_inbox ORDER BY id').all() as { id: number; ephemeral: Buffer; sealed: Buffer }[];
  for (const row of rows) {
    let event: InboxEvent | undefined;
    try {
      // computeSecret throws on a point that is not on the curve: a forged row, like a bad seal.
      const key = inboxKey(ecdh.computeSecret(row.ephemeral), row.ephemeral);
      const cipher = nodeFieldCipher(key);
      key.fill(0);
      try {
        const parsed = JSON.parse(Buffer.from(cipher.open(row.sealed, associatedData(['audit_inbox', 'sealed', row.id]))).toString('utf8')) as InboxEvent;
        if ((AUDIT_KINDS as readonly string[]).includes(parsed.kind) && (AUDIT_RESULTS as readonly string[]).includes(parsed.result)) event = parsed;
      } finally {
        cipher.destroy();
      }
    } catch {
      event = undefined; // damaged or forged: recorded as such below
    }
    store.transaction(() => {
      append(event ?? { kind: 'audit.inboxDamaged', result: 'failed', details: { inboxId: row.id }, occurredAt: new Date().toISOString() });
      store.database.prepare('DELETE FROM audit_inbox WHERE id = ?').run(row.id);
    });
  }
  return rows.length;
}

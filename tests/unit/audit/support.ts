import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import Database from 'better-sqlite3';
import { nodeFieldCipher } from '../../../electron/core/crypto/field-cipher.js';
import { openDatabase, type Db } from '../../../electron/core/store/database.js';
import type { AuditInput } from '../../../electron/core/audit/audit-entry.js';
import { AuditLog } from '../../../electron/core/audit/audit-log.js';
import { AUDIT_MIGRATIONS } from '../../../electron/core/audit/audit-schema.js';

export const START = new Date('2026-03-02T08:00:00.000Z');

/** A clock that moves one minute each time it is read, so every entry has its own time. */
export function steppingClock(start = START, stepMs = 60_000): { now: () => Date; set: (date: Date) => void } {
  let time = start.getTime() - stepMs;
  return {
    now: () => new Date((time += stepMs)),
    set: (date) => void (time = date.getTime() - stepMs),
  };
}

/** The keys as the store derives them from its data key (HKDF-SHA256). */
export function auditKeys(dataKey: Uint8Array = randomBytes(32)) {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
  return { fieldKey: derive('airlock store field v1'), chainKey: derive('airlock audit chain v1'), indexKey: derive('airlock audit index v1') };
}

let directory: Promise<string> | undefined;
after(async () => {
  if (directory !== undefined) await rm(await directory, { recursive: true, force: true });
});

export async function tempFile(name: string): Promise<string> {
  directory ??= mkdtemp(path.join(tmpdir(), 'airlock-audit-'));
  return path.join(await directory, `${name}-${randomBytes(4).toString('hex')}`);
}

export interface TestLog {
  readonly file: string;
  readonly db: Db;
  readonly log: AuditLog;
  readonly clock: ReturnType<typeof steppingClock>;
  readonly keys: ReturnType<typeof auditKeys>;
  /** The same file through a second connection: the attacker's view, triggers dropped. */
  raw(): Database.Database;
  reopen(): AuditLog;
  close(): void;
}

export async function openTestLog(name: string, keys = auditKeys()): Promise<TestLog> {
  const file = await tempFile(`${name}.db`);
  const clock = steppingClock();
  let db = openDatabase(file, AUDIT_MIGRATIONS);
  const open = () => new AuditLog({ db, cipher: nodeFieldCipher(keys.fieldKey), chainKey: keys.chainKey, indexKey: keys.indexKey, now: clock.now });
  const connections: Database.Database[] = [];
  const test: TestLog = {
    file,
    get db() {
      return db;
    },
    log: open(),
    clock,
    keys,
    raw() {
      const connection = new Database(file);
      connections.push(connection);
      const triggers = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[];
      for (const name of triggers) connection.exec(`DROP TRIGGER "${name}"`);
      return connection;
    },
    reopen() {
      db.close();
      db = openDatabase(file, AUDIT_MIGRATIONS);
      return open();
    },
    close() {
      for (const connection of connections) connection.close();
      db.close();
    },
  };
  return test;
}

export const SAMPLE: readonly AuditInput[] = [
  { kind: 'token.inserted', result: 'ok', details: { serial: 'A1B2C3', label: 'Airlock' } },
  { kind: 'token.pinWrong', result: 'failed', details: { triesLeft: 2 } },
  { kind: 'session.unlock', result: 'ok', details: { certificate: 'ab'.repeat(32) } },
  { kind: 'zone.switchStep', result: 'ok', details: { from: 'internet', to: 'classified', step: 'networkDown' } },
  { kind: 'policy.refused', result: 'refused', details: { reason: 'badSignature' } },
  { kind: 'document.encrypted', result: 'ok', details: { documentId: 'doc-17', recipients: 3 } },
  { kind: 'message.sent', result: 'ok', details: { messageId: 'msg-9', classification: 'mat' } },
  { kind: 'settings.changed', result: 'ok', details: { setting: 'lockAfterMinutes', value: 5 } },
  { kind: 'backup.created', result: 'ok', details: { backupId: 'bk-1', bytes: 1048576 } },
  { kind: 'session.lock', result: 'ok', details: { reason: 'idle' } },
];

/** One sample event (the token being inserted). */
export const ONE: AuditInput = { kind: 'token.inserted', result: 'ok', details: { serial: 'A1B2C3', label: 'Airlock' } };

export function fill(log: AuditLog, inputs: readonly AuditInput[] = SAMPLE): void {
  for (const input of inputs) log.append(input);
}

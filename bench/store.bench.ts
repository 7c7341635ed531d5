// 1 KiB records through the sealed store vs. plain better-sqlite3 on the same data, same pragmas
// (WAL, synchronous FULL, secure_delete), 100k rows each. Both sides return the same record
// ({ id, collection, createdAt, value }) from the same columns, so the ratio is the sealing's cost.
// Goal (#19): reads ≤ 1.5× the plain time, inserts ≤ 1.2× ("insert, sealed" against "insert, plain":
// the measure, though the sealed table keeps a blind index the plain one lacks). The second
// insert pair is like for like: a put with a lookup (as every production put) against a plain table
// with a 16-byte key column under the same index shape. No cache of opened values: every read decrypts.
// The report says which field cipher ran (native/field-aead or node:crypto; AIRLOCK_NATIVE_AEAD=off
// compares the fallback) and the machine's load average at the start and the end, since the
// machine is shared and the ratios move with it: run a few times and take the median.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from '../electron/core/store/database.js';
import { SealedStore, type RecordRow } from '../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../tests/support/software-recipient.js';
import type { Benchmark, CaseResult } from './harness.js';

const ROWS = 100_000;
const PAGE = 100;
const COLUMNS = 'id, collection, created_at, body';
const record = { subject: 'x'.repeat(900), from: 'Nguyễn Văn An', level: 'mat' };
let dir: string;
let plain: Db;
let sealed: SealedStore;
let plainInsert: (value: string) => void;
/** The like-for-like pair: a plain table with a 16-byte key column and an index on it, as the store's blind index. */
let plainIndexed: Db;
let plainKeyedInsert: (value: string) => void;
let lookups = 0;
/** Plain's keys: random 16 bytes, as an HMAC output lands anywhere in the index; drawn from a pool so both sides pay no RNG call per insert. */
let keyPool = Buffer.alloc(0);
const nextPlainKey = () => {
  if (keyPool.length < 16) keyPool = randomBytes(16 * 4096);
  const key = keyPool.subarray(0, 16);
  keyPool = keyPool.subarray(16);
  return key;
};
let plainSelect: Database.Statement;
let plainPage: Database.Statement;
let sealedPage: Database.Statement;
let loadAtStart: number;
let fieldCipher: string;
let bytesPerInsert: { plain: number; sealed: number; plainIndexed: number; sealedWithLookup: number };
/** A put with a lookup, as every production put() makes: the store HMACs it into a 16-byte blind index. */
const sealedKeyedInsert = () => sealed.put('bench', record, `k${++lookups}`);
/** Bytes this process has written (Linux /proc/self/io wchar): what an insert makes SQLite write, WAL and checkpoints. */
const written = () => Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
const bytesPer = (run: () => unknown, times = 500) => {
  const before = written();
  for (let i = 0; i < times; i++) run();
  return Math.round((written() - before) / times);
};
const randomId = () => 1 + Math.floor(Math.random() * ROWS);
const randomPageStart = () => 1 + Math.floor(Math.random() * (ROWS - PAGE));

/** What a plain store hands back for a row: the same shape the sealed store returns. */
function plainRecord(row: { id: number; collection: string; created_at: string; body: Buffer }) {
  return { id: row.id, collection: row.collection, createdAt: row.created_at, value: JSON.parse(row.body.toString('utf8')) as unknown };
}

const bench: Benchmark = {
  name: 'store',
  description: `1 KiB records, ${ROWS.toLocaleString('en-US')} rows: sealed store vs. plain better-sqlite3 (same file settings, same record out); list = ${PAGE} rows in one statement`,
  async setup() {
    loadAtStart = loadavg()[0] ?? 0;
    dir = mkdtempSync(path.join(tmpdir(), 'airlock-bench-store-'));
    plain = openDatabase(path.join(dir, 'plain.db'), [{ version: 1, name: 'records', up: (db) => db.exec('CREATE TABLE records (id INTEGER PRIMARY KEY, collection TEXT, created_at TEXT, body BLOB)') }]);
    const insert = plain.prepare('INSERT INTO records (collection, created_at, body) VALUES (?, ?, ?)');
    plainSelect = plain.prepare(`SELECT ${COLUMNS} FROM records WHERE id = ?`);
    plainPage = plain.prepare(`SELECT ${COLUMNS} FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`);
    plainInsert = (value) => insert.run('bench', new Date().toISOString(), Buffer.from(value));
    // The same index shape as the store's records_lookup (collection, lookup, generation); its rows, like the sealed ones, start without a key.
    plainIndexed = openDatabase(path.join(dir, 'plain-indexed.db'), [
      { version: 1, name: 'records', up: (db) => db.exec('CREATE TABLE records (id INTEGER PRIMARY KEY, collection TEXT, lookup BLOB, generation INTEGER, created_at TEXT, body BLOB); CREATE INDEX records_lookup ON records (collection, lookup, generation)') },
    ]);
    const keyedInsert = plainIndexed.prepare('INSERT INTO records (collection, lookup, generation, created_at, body) VALUES (?, ?, 1, ?, ?)');
    plainKeyedInsert = (value) => keyedInsert.run('bench', nextPlainKey(), new Date().toISOString(), Buffer.from(value));
    const user = await softwareRecipient('rsa', 'Bench');
    sealed = SealedStore.create(path.join(dir, 'sealed.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    fieldCipher = sealed.keysFor().cipher.implementation;
    // A capability lists a page the way the messages inbox does: its own statement, each row opened by openRow().
    sealedPage = sealed.database.prepare(`SELECT ${COLUMNS}, generation FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`);
    const text = JSON.stringify({ ...record, nonce: randomBytes(8).toString('hex') });
    plain.transaction(() => {
      for (let i = 0; i < ROWS; i++) plainInsert(text);
    })();
    const unkeyed = plainIndexed.prepare('INSERT INTO records (collection, lookup, generation, created_at, body) VALUES (?, NULL, 1, ?, ?)');
    plainIndexed.transaction(() => {
      for (let i = 0; i < ROWS; i++) unkeyed.run('bench', new Date().toISOString(), Buffer.from(text));
    })();
    sealed.transaction(() => {
      for (let i = 0; i < ROWS; i++) sealed.put('bench', record);
    });
    // Each insert is one fsynced commit: its cost follows the bytes it writes, which the load does not move.
    bytesPerInsert = {
      plain: bytesPer(() => plainInsert(JSON.stringify(record))),
      sealed: bytesPer(() => sealed.put('bench', record)),
      plainIndexed: bytesPer(() => plainKeyedInsert(JSON.stringify(record))),
      sealedWithLookup: bytesPer(sealedKeyedInsert),
    };
  },
  teardown() {
    plain.close();
    plainIndexed.close();
    sealed.close();
    rmSync(dir, { recursive: true, force: true });
  },
  report(results: readonly CaseResult[]) {
    const json = {
      fieldCipher,
      bytesPerInsert,
      load: { start: loadAtStart, end: loadavg()[0] ?? 0, cores: availableParallelism() },
      ratios: Object.fromEntries(results.filter((r) => r.label.endsWith('sealed')).map((r) => [r.label, Number(r.timeRatio.toFixed(2))])),
    };
    const ratios = Object.entries(json.ratios).map(([label, ratio]) => `${label} ${ratio.toFixed(2)}× plain`);
    return {
      text: `field cipher: ${json.fieldCipher}; bytes written per insert ${bytesPerInsert.sealed} sealed, ${bytesPerInsert.plain} plain (${(bytesPerInsert.sealed / bytesPerInsert.plain).toFixed(2)}×), with a lookup key ${bytesPerInsert.sealedWithLookup} sealed, ${bytesPerInsert.plainIndexed} plain indexed (${(bytesPerInsert.sealedWithLookup / bytesPerInsert.plainIndexed).toFixed(2)}×); load average ${json.load.start.toFixed(1)} → ${json.load.end.toFixed(1)} on ${json.load.cores} cores; ${ratios.join(', ')} (goal, #19's rows — "insert, sealed" against the index-less plain table: reads ≤ 1.50×, inserts ≤ 1.20×; "insert with a lookup key" is the like-for-like pair, both sides keeping an index)`,
      json,
    };
  },
  reference: { label: 'insert, plain', run: () => plainInsert(JSON.stringify(record)) },
  cases: [
    { label: 'insert, sealed', comparesTo: 'insert, plain', run: () => sealed.put('bench', record) },
    { label: 'insert, plain with an index on its key', run: () => plainKeyedInsert(JSON.stringify(record)) },
    { label: 'insert with a lookup key, sealed', comparesTo: 'insert, plain with an index on its key', run: sealedKeyedInsert },
    { label: 'point read, plain', run: () => plainRecord(plainSelect.get(randomId()) as RecordRow) },
    { label: 'point read, sealed', comparesTo: 'point read, plain', run: () => sealed.get(randomId()) },
    { label: `list ${PAGE}, plain`, run: () => (plainPage.all(randomPageStart()) as RecordRow[]).map(plainRecord) },
    { label: `list ${PAGE}, sealed`, comparesTo: `list ${PAGE}, plain`, run: () => (sealedPage.all(randomPageStart()) as RecordRow[]).map((row) => sealed.openRow(row)) },
  ],
};
export default bench;

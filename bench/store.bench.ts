// 1 KiB records through the sealed store vs. plain better-sqlite3 on the same data, same pragmas
// (WAL, synchronous FULL, secure_delete), 100k rows each. Both sides return the same record
// ({ id, collection, createdAt, value }) from the same columns, so the ratio is the sealing's cost.
// Goal (#19): reads ≤ 1.5× the plain time, inserts ≤ 1.2×.
// Like for like: the reads (both by id on an INTEGER PRIMARY KEY table), and the two inserts compared
// with "plain with the index": a plain table as the app would need it in clear — the same record, the
// same key column and the same index records_lookup (collection, lookup, generation) that serves the
// store's find() and list(collection) — "with a lookup key" (as every production put()) and without
// one (the index then holds (collection, NULL, generation), as the store's does). Not like for like:
// "insert, sealed" against "insert, plain", #19's first measure, kept for the record: that plain table
// has no index at all, so it writes one B-tree page per insert where the store writes two (the
// report's WAL frames per insert by B-tree show which). No cache of opened values: every read decrypts.
// The report says which field cipher and blind-index HMAC ran (native/field-aead or node:crypto;
// AIRLOCK_NATIVE_AEAD=off compares the fallback) and the machine's load average at the start and the
// end, since the machine is shared and the ratios move with it: run a few times and take the median.
// Plain stores its JSON as TEXT, bound and read as a string, as a plain store would. Until #19's
// last pass it kept a BLOB, made with Buffer.from and read back through a Buffer and toString: a
// copy each way that plain does not need, which flattered the sealed read ratios; those two reads
// stay as cases of their own ("… through a Buffer", CAST(body AS BLOB)) so the ratios against the
// earlier reference are still printed beside the fair ones. The sealed list reads a page as the store's own
// list() and find() do since #19's read pass (a raw() statement, tuples, the page opened in one call into the
// addon); a capability's page of row objects (the inbox) is "list 100 as row objects"; and because a plain
// store could read raw() tuples too, plain raw() reads are measured and the ratios against them printed. Inserts are fsync-bound, and the shared disk's fsync time moves by more than the
// sealing costs between the harness's 500 ms windows, so the like-for-like insert pairs are also
// measured alternated insert by insert (which side goes first swaps each pair): wall time (median
// and total) and CPU time (process.cpuUsage) per insert, each side beside the other.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from '../electron/core/store/database.js';
import { RECORD_COLUMNS, SealedStore, type RecordRow, type RecordTuple } from '../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../tests/support/software-recipient.js';
import type { Benchmark, CaseResult } from './harness.js';

const ROWS = 100_000;
const PAGE = 100;
const COLUMNS = 'id, collection, created_at, body';
/** The earlier reference's read: the body handed out as a Buffer, decoded with toString. */
const BUFFER_COLUMNS = 'id, collection, created_at, CAST(body AS BLOB) AS body';
const WITHOUT_KEY_PLAIN = 'insert without a key, plain with the index';
const record = { subject: 'x'.repeat(900), from: 'Nguyễn Văn An', level: 'mat' };
let dir: string;
let plain: Db;
let sealed: SealedStore;
let plainInsert: (value: string) => void;
/** The like-for-like pair: a plain table with a 16-byte key column and an index on it, as the store's blind index. */
let plainIndexed: Db;
let plainKeyedInsert: (value: string) => void;
let plainUnkeyedInsert: (value: string) => void;
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
let plainSelectBuffer: Database.Statement;
let plainPageBuffer: Database.Statement;
let sealedPage: Database.Statement;
let sealedPageObjects: Database.Statement;
let plainSelectRaw: Database.Statement;
let plainPageRaw: Database.Statement;
let loadAtStart: number;
let fieldCipher: string;
let indexMac: string;
let bytesPerInsert: { plain: number; sealed: number; plainIndexed: number; plainIndexedWithoutKey: number; sealedWithLookup: number };
let pagesPerInsert: Record<keyof typeof bytesPerInsert, Record<string, number>>;
let paired: { withLookup: PairedInserts; withoutKey: PairedInserts };
/** A put with a lookup, as every production put() makes: the store HMACs it into a 16-byte blind index. */
const sealedKeyedInsert = () => sealed.put('bench', record, `k${++lookups}`);
/** Bytes this process has written (Linux /proc/self/io wchar): what an insert makes SQLite write, WAL and checkpoints. */
const written = () => Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
const bytesPer = (run: () => unknown, times = 500) => {
  const before = written();
  for (let i = 0; i < times; i++) run();
  return Math.round((written() - before) / times);
};
/**
 * The pages `times` inserts append to the WAL (autocheckpoint off meanwhile), per insert and by the
 * B-tree each page belongs to (dbstat): which tables and indexes a row touches, load-independent.
 */
const walPagesPer = (db: Db, run: () => unknown, times = 200): Record<string, number> => {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint = 0');
  try {
    for (let i = 0; i < times; i++) run();
    const wal = readFileSync(`${db.name}-wal`);
    const pageSize = wal.readUInt32BE(8);
    const owner = new Map((db.prepare('SELECT pageno, name, pagetype FROM dbstat').all() as { pageno: number; name: string; pagetype: string }[]).map((page) => [page.pageno, `${page.name} ${page.pagetype}`]));
    const counts: Record<string, number> = {};
    let frames = 0;
    // WAL: a 32-byte header, then frames of a 24-byte header (page number first) and the page.
    for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize, frames++) {
      const tree = owner.get(wal.readUInt32BE(offset)) ?? 'free';
      counts[tree] = (counts[tree] ?? 0) + 1;
    }
    const per = (count: number) => Number((count / times).toFixed(2));
    return { all: per(frames), ...Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([tree, count]) => [tree, per(count)])) };
  } finally {
    db.pragma('wal_autocheckpoint = 1000');
  }
};
interface PairedInserts {
  readonly pairs: number;
  /** Median wall µs of one insert, plain and sealed, and their ratio. */
  readonly medianUs: { plain: number; sealed: number; ratio: number };
  /** Total wall time sealed ÷ plain (checkpoints and slow fsyncs included). */
  readonly totalRatio: number;
  /** CPU µs (user + system) per insert, plain and sealed, and their ratio. */
  readonly cpuUs: { plain: number; sealed: number; ratio: number };
}
/**
 * `pairs` inserts on each side alternated one by one, the first of each pair swapped every time, so
 * a slow fsync or a busy moment of the machine falls on both sides alike.
 */
const pairedInserts = (plainRun: () => unknown, sealedRun: () => unknown, pairs = 300): PairedInserts => {
  const wall = { plain: [] as number[], sealed: [] as number[] };
  const cpu = { plain: 0, sealed: 0 };
  const once = (side: 'plain' | 'sealed', run: () => unknown) => {
    const cpuBefore = process.cpuUsage();
    const before = process.hrtime.bigint();
    run();
    wall[side].push(Number(process.hrtime.bigint() - before) / 1000);
    const used = process.cpuUsage(cpuBefore);
    cpu[side] += used.user + used.system;
  };
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      once('plain', plainRun);
      once('sealed', sealedRun);
    } else {
      once('sealed', sealedRun);
      once('plain', plainRun);
    }
  }
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  const medianPlain = median(wall.plain);
  const medianSealed = median(wall.sealed);
  return {
    pairs,
    medianUs: { plain: round(medianPlain), sealed: round(medianSealed), ratio: round(medianSealed / medianPlain, 2) },
    totalRatio: round(total(wall.sealed) / total(wall.plain), 2),
    cpuUs: { plain: round(cpu.plain / pairs), sealed: round(cpu.sealed / pairs), ratio: round(cpu.sealed / cpu.plain, 2) },
  };
};
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
const randomId = () => 1 + Math.floor(Math.random() * ROWS);
const randomPageStart = () => 1 + Math.floor(Math.random() * (ROWS - PAGE));

interface PlainRow {
  id: number;
  collection: string;
  created_at: string;
  body: string;
}
/** What a plain store hands back for a row: the same shape the sealed store returns. */
function plainRecord(row: PlainRow) {
  return { id: row.id, collection: row.collection, createdAt: row.created_at, value: JSON.parse(row.body) as unknown };
}
/** The same through a Buffer (the earlier reference). */
function plainRecordFromBuffer(row: Omit<PlainRow, 'body'> & { body: Buffer }) {
  return { id: row.id, collection: row.collection, createdAt: row.created_at, value: JSON.parse(row.body.toString('utf8')) as unknown };
}
/** The same from a raw() statement's tuple (id, collection, created_at, body), as the sealed store now reads its own rows. */
function plainRecordFromTuple(row: readonly [number, string, string, string]) {
  return { id: row[0], collection: row[1], createdAt: row[2], value: JSON.parse(row[3]) as unknown };
}
const POINT_RAW = 'point read, plain raw()';
const LIST_RAW = `list ${PAGE}, plain raw()`;
const POINT_BUFFER = 'point read, plain through a Buffer';
const LIST_BUFFER = `list ${PAGE}, plain through a Buffer`;

const bench: Benchmark = {
  name: 'store',
  description: `1 KiB records, ${ROWS.toLocaleString('en-US')} rows: sealed store vs. plain better-sqlite3 (same file settings, same record out); list = ${PAGE} rows in one statement`,
  async setup() {
    loadAtStart = loadavg()[0] ?? 0;
    dir = mkdtempSync(path.join(tmpdir(), 'airlock-bench-store-'));
    plain = openDatabase(path.join(dir, 'plain.db'), [{ version: 1, name: 'records', up: (db) => db.exec('CREATE TABLE records (id INTEGER PRIMARY KEY, collection TEXT, created_at TEXT, body TEXT)') }]);
    const insert = plain.prepare('INSERT INTO records (collection, created_at, body) VALUES (?, ?, ?)');
    plainSelect = plain.prepare(`SELECT ${COLUMNS} FROM records WHERE id = ?`);
    plainPage = plain.prepare(`SELECT ${COLUMNS} FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`);
    plainSelectRaw = plain.prepare(`SELECT ${COLUMNS} FROM records WHERE id = ?`).raw();
    plainPageRaw = plain.prepare(`SELECT ${COLUMNS} FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`).raw();
    plainSelectBuffer = plain.prepare(`SELECT ${BUFFER_COLUMNS} FROM records WHERE id = ?`);
    plainPageBuffer = plain.prepare(`SELECT ${BUFFER_COLUMNS} FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`);
    plainInsert = (value) => insert.run('bench', new Date().toISOString(), value);
    // The same index shape as the store's records_lookup (collection, lookup, generation); its rows, like the sealed ones, start without a key.
    plainIndexed = openDatabase(path.join(dir, 'plain-indexed.db'), [
      { version: 1, name: 'records', up: (db) => db.exec('CREATE TABLE records (id INTEGER PRIMARY KEY, collection TEXT, lookup BLOB, generation INTEGER, created_at TEXT, body TEXT); CREATE INDEX records_lookup ON records (collection, lookup, generation)') },
    ]);
    const keyedInsert = plainIndexed.prepare('INSERT INTO records (collection, lookup, generation, created_at, body) VALUES (?, ?, 1, ?, ?)');
    plainKeyedInsert = (value) => keyedInsert.run('bench', nextPlainKey(), new Date().toISOString(), value);
    const user = await softwareRecipient('rsa', 'Bench');
    sealed = SealedStore.create(path.join(dir, 'sealed.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    fieldCipher = sealed.keysFor().cipher.implementation;
    indexMac = sealed.keysFor().indexMacImplementation;
    // A page as the store's list() and find() read it: a raw() statement (tuples, no object per row), the page opened in one call (openRowTuples).
    sealedPage = sealed.database.prepare(`SELECT ${RECORD_COLUMNS} FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`).raw();
    // A capability's own page (the messages inbox): its statement's row objects, opened in one call (openRows).
    sealedPageObjects = sealed.database.prepare(`SELECT ${COLUMNS}, generation FROM records WHERE id >= ? ORDER BY id LIMIT ${PAGE}`);
    const text = JSON.stringify({ ...record, nonce: randomBytes(8).toString('hex') });
    plain.transaction(() => {
      for (let i = 0; i < ROWS; i++) plainInsert(text);
    })();
    const unkeyed = plainIndexed.prepare('INSERT INTO records (collection, lookup, generation, created_at, body) VALUES (?, NULL, 1, ?, ?)');
    plainUnkeyedInsert = (value) => unkeyed.run('bench', new Date().toISOString(), value);
    plainIndexed.transaction(() => {
      for (let i = 0; i < ROWS; i++) plainUnkeyedInsert(text);
    })();
    sealed.transaction(() => {
      for (let i = 0; i < ROWS; i++) sealed.put('bench', record);
    });
    // Each insert is one fsynced commit: its cost follows the bytes it writes, which the load does not move.
    bytesPerInsert = {
      plain: bytesPer(() => plainInsert(JSON.stringify(record))),
      sealed: bytesPer(() => sealed.put('bench', record)),
      plainIndexed: bytesPer(() => plainKeyedInsert(JSON.stringify(record))),
      plainIndexedWithoutKey: bytesPer(() => plainUnkeyedInsert(JSON.stringify(record))),
      sealedWithLookup: bytesPer(sealedKeyedInsert),
    };
    pagesPerInsert = {
      plain: walPagesPer(plain, () => plainInsert(JSON.stringify(record))),
      sealed: walPagesPer(sealed.database, () => sealed.put('bench', record)),
      plainIndexed: walPagesPer(plainIndexed, () => plainKeyedInsert(JSON.stringify(record))),
      plainIndexedWithoutKey: walPagesPer(plainIndexed, () => plainUnkeyedInsert(JSON.stringify(record))),
      sealedWithLookup: walPagesPer(sealed.database, sealedKeyedInsert),
    };
    paired = {
      withLookup: pairedInserts(() => plainKeyedInsert(JSON.stringify(record)), sealedKeyedInsert),
      withoutKey: pairedInserts(() => plainUnkeyedInsert(JSON.stringify(record)), () => sealed.put('bench', record)),
    };
  },
  teardown() {
    plain.close();
    plainIndexed.close();
    sealed.close();
    rmSync(dir, { recursive: true, force: true });
  },
  report(results: readonly CaseResult[]) {
    const nsOf = (label: string) => results.find((r) => r.label === label)?.nsPerOp ?? Number.NaN;
    const json = {
      fieldCipher,
      indexMac,
      bytesPerInsert,
      pairedInserts: paired,
      pagesPerInsert,
      load: { start: loadAtStart, end: loadavg()[0] ?? 0, cores: availableParallelism() },
      ratios: {
        ...Object.fromEntries(results.filter((r) => r.label.endsWith('sealed')).map((r) => [r.label, Number(r.timeRatio.toFixed(2))])),
        // Like for like for the key-less insert: the same index on both sides (see the top of this file).
        [`insert, sealed ÷ ${WITHOUT_KEY_PLAIN}`]: Number((nsOf('insert, sealed') / nsOf(WITHOUT_KEY_PLAIN)).toFixed(2)),
        // Against the earlier reference (plain read through a Buffer), for comparison with earlier passes.
        [`point read, sealed ÷ ${POINT_BUFFER}`]: Number((nsOf('point read, sealed') / nsOf(POINT_BUFFER)).toFixed(2)),
        [`list ${PAGE}, sealed ÷ ${LIST_BUFFER}`]: Number((nsOf(`list ${PAGE}, sealed`) / nsOf(LIST_BUFFER)).toFixed(2)),
        // Against plain reading raw() tuples too: the sealed store reads its own rows that way, so a plain store could.
        [`point read, sealed ÷ ${POINT_RAW}`]: Number((nsOf('point read, sealed') / nsOf(POINT_RAW)).toFixed(2)),
        [`list ${PAGE}, sealed ÷ ${LIST_RAW}`]: Number((nsOf(`list ${PAGE}, sealed`) / nsOf(LIST_RAW)).toFixed(2)),
      },
    };
    const ratios = Object.entries(json.ratios).map(([label, ratio]) => `${label.includes('÷') ? label : `${label} ÷ its plain`} ${ratio.toFixed(2)}×`);
    const pages = (name: keyof typeof bytesPerInsert) => `${name} ${pagesPerInsert[name].all ?? Number.NaN}`;
    return {
      text: [
        `field cipher: ${json.fieldCipher}, blind-index HMAC: ${json.indexMac}; load average ${json.load.start.toFixed(1)} → ${json.load.end.toFixed(1)} on ${json.load.cores} cores`,
        `bytes written per insert: sealed ${bytesPerInsert.sealed} vs plain with the index ${bytesPerInsert.plainIndexedWithoutKey} (${(bytesPerInsert.sealed / bytesPerInsert.plainIndexedWithoutKey).toFixed(2)}×); with a lookup key ${bytesPerInsert.sealedWithLookup} vs ${bytesPerInsert.plainIndexed} (${(bytesPerInsert.sealedWithLookup / bytesPerInsert.plainIndexed).toFixed(2)}×); plain with no index ${bytesPerInsert.plain} (sealed ${(bytesPerInsert.sealed / bytesPerInsert.plain).toFixed(2)}×, not like for like)`,
        `WAL pages per insert: ${(Object.keys(pagesPerInsert) as (keyof typeof bytesPerInsert)[]).map(pages).join(', ')}; by B-tree in the JSON line`,
        `time ratios: ${ratios.join(', ')}`,
        ...(['withLookup', 'withoutKey'] as const).map((kind) => {
          const pair = paired[kind];
          return `inserts alternated one by one, ${kind === 'withLookup' ? 'with a lookup key ÷ plain with the index and a key' : 'no key ÷ plain with the index, no key'} (${pair.pairs} pairs): median ${pair.medianUs.sealed} vs ${pair.medianUs.plain} µs ${pair.medianUs.ratio.toFixed(2)}×, total ${pair.totalRatio.toFixed(2)}×; CPU ${pair.cpuUs.sealed} vs ${pair.cpuUs.plain} µs an insert ${pair.cpuUs.ratio.toFixed(2)}×`;
        }),
        'goal (#19): reads ≤ 1.50×, inserts ≤ 1.20× — like for like: the reads, "insert with a lookup key, sealed" and "insert, sealed ÷ plain with the index" (and the same two pairs alternated one by one); "insert, sealed ÷ its plain" is against a table with no index (#19\'s first measure)',
      ].join('\n'),
      json,
    };
  },
  reference: { label: 'insert, plain', run: () => plainInsert(JSON.stringify(record)) },
  cases: [
    { label: 'insert, sealed', comparesTo: 'insert, plain', run: () => sealed.put('bench', record) },
    { label: 'insert, plain with an index on its key', run: () => plainKeyedInsert(JSON.stringify(record)) },
    { label: WITHOUT_KEY_PLAIN, run: () => plainUnkeyedInsert(JSON.stringify(record)) },
    { label: 'insert with a lookup key, sealed', comparesTo: 'insert, plain with an index on its key', run: sealedKeyedInsert },
    { label: 'point read, plain', run: () => plainRecord(plainSelect.get(randomId()) as PlainRow) },
    { label: 'point read, sealed', comparesTo: 'point read, plain', run: () => sealed.get(randomId()) },
    { label: `list ${PAGE}, plain`, run: () => (plainPage.all(randomPageStart()) as PlainRow[]).map(plainRecord) },
    { label: POINT_BUFFER, run: () => plainRecordFromBuffer(plainSelectBuffer.get(randomId()) as RecordRow) },
    { label: LIST_BUFFER, run: () => (plainPageBuffer.all(randomPageStart()) as RecordRow[]).map(plainRecordFromBuffer) },
    { label: POINT_RAW, run: () => plainRecordFromTuple(plainSelectRaw.get(randomId()) as [number, string, string, string]) },
    { label: LIST_RAW, run: () => (plainPageRaw.all(randomPageStart()) as [number, string, string, string][]).map(plainRecordFromTuple) },
    { label: `list ${PAGE}, sealed`, comparesTo: `list ${PAGE}, plain`, run: () => sealed.openRowTuples(sealedPage.all(randomPageStart()) as RecordTuple[]) },
    { label: `list ${PAGE} as row objects, sealed`, comparesTo: `list ${PAGE}, plain`, run: () => sealed.openRows(sealedPageObjects.all(randomPageStart()) as RecordRow[]) },
  ],
};
export default bench;

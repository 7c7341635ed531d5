// 1 KiB records through the sealed store vs. plain better-sqlite3 on the same data, same pragmas
// (WAL, synchronous FULL, secure_delete), 100k rows each. Goal: sealed ≤ 1.5× the plain time.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../electron/core/store/database.js';
import { SealedStore } from '../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../tests/support/software-recipient.js';
import type { Benchmark } from './harness.js';

const ROWS = 100_000;
const record = { subject: 'x'.repeat(900), from: 'Nguyễn Văn An', level: 'mat' };
let dir: string;
let plain: Db;
let sealed: SealedStore;
let plainInsert: (value: string) => void;
let plainRead: (id: number) => unknown;
const randomId = () => 1 + Math.floor(Math.random() * ROWS);

const bench: Benchmark = {
  name: 'store',
  description: `1 KiB records, ${ROWS.toLocaleString('en-US')} rows: sealed store vs. plain better-sqlite3 (same file settings)`,
  async setup() {
    dir = mkdtempSync(path.join(tmpdir(), 'airlock-bench-store-'));
    plain = openDatabase(path.join(dir, 'plain.db'), [{ version: 1, name: 'records', up: (db) => db.exec('CREATE TABLE records (id INTEGER PRIMARY KEY, collection TEXT, created_at TEXT, body BLOB)') }]);
    const insert = plain.prepare('INSERT INTO records (collection, created_at, body) VALUES (?, ?, ?)');
    const select = plain.prepare('SELECT body FROM records WHERE id = ?');
    plainInsert = (value) => insert.run('bench', new Date().toISOString(), Buffer.from(value));
    plainRead = (id) => JSON.parse((select.get(id) as { body: Buffer }).body.toString());
    const user = await softwareRecipient('rsa', 'Bench');
    sealed = SealedStore.create(path.join(dir, 'sealed.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    const text = JSON.stringify({ ...record, nonce: randomBytes(8).toString('hex') });
    plain.transaction(() => {
      for (let i = 0; i < ROWS; i++) plainInsert(text);
    })();
    sealed.transaction(() => {
      for (let i = 0; i < ROWS; i++) sealed.put('bench', record);
    });
  },
  teardown() {
    plain.close();
    sealed.close();
    rmSync(dir, { recursive: true, force: true });
  },
  reference: { label: 'insert, plain', run: () => plainInsert(JSON.stringify(record)) },
  cases: [
    { label: 'insert, sealed', comparesTo: 'insert, plain', run: () => sealed.put('bench', record) },
    { label: 'point read, plain', run: () => plainRead(randomId()) },
    { label: 'point read, sealed', comparesTo: 'point read, plain', run: () => sealed.get(randomId()) },
  ],
};
export default bench;

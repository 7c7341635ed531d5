// Child process for the app-store backup test: keeps writing to a live SQLite store (WAL, as
// the app opens its stores) until killed. Each transaction adds a 16 KiB row and raises the
// count in `totals`, so a consistent copy has exactly as many rows as its count says.
// Prints the number of committed rows after every 25 commits.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

const [file = ''] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
const bump = db.prepare('UPDATE totals SET count = count + 1');
const commit = db.transaction(() => {
  insert.run(randomBytes(16 * 1024));
  bump.run();
});
for (let n = 1; ; n++) {
  commit();
  if (n % 25 === 0) process.stdout.write(`${n}\n`);
  if (n % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
}

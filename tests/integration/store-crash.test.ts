import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { constants, privateDecrypt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../support/software-recipient.js';
import { rounds } from '../support/soak.js';

// Every kill point class is reached within 10 rounds; the full 25 run when soaking.
const ROUNDS = rounds(10, 25);
const writer = path.resolve(import.meta.dirname, '../support/crash-writer.ts');

describe('sealed store survives kill -9 at random points of a write load (real SQLite, real child processes)', () => {
  let dir: string;
  let file: string;
  let env: NodeJS.ProcessEnv;
  let certificateDer: Uint8Array;
  let privateKeyPem: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-crash-'));
    file = path.join(dir, 'crash.db');
    // A software RSA key stands in for the token here: the subject is SQLite durability.
    const recipient = await softwareRecipient('rsa', 'Crash Test');
    certificateDer = recipient.certificateDer;
    privateKeyPem = recipient.privateKeyPem;
    SealedStore.create(file, [{ certificateDer, role: 'user' }]).close();
    env = { ...process.env, CRASH_TEST_KEY: Buffer.from(privateKeyPem).toString('base64'), CRASH_TEST_CERT: Buffer.from(certificateDer).toString('base64') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it(`loses nothing committed and never half a batch, over ${ROUNDS} kills`, async () => {
    const owed = new Map<number, { first: number; count: number }>();
    let nextBatch = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(nextBatch)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let buffered = '';
      let started = false;
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [, batch, first, count] = line.split(' ').map(Number);
          if (batch === undefined || first === undefined || count === undefined) continue;
          owed.set(batch, { first, count });
          nextBatch = Math.max(nextBatch, batch + 1);
          started = true;
        }
      });
      // Kill at a random moment once writes are flowing (the child needs ~0.5 s to start).
      await new Promise<void>((resolve) => {
        const waitForWrites = setInterval(() => {
          if (!started) return;
          clearInterval(waitForWrites);
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, Math.random() * 150);
        }, 5);
      });
      await new Promise((resolve) => child.once('exit', resolve));
      nextBatch += 1000; // batches the child had not reported yet are never reused

      const store = SealedStore.open(file);
      await store.unlock(certificateDer, {
        decryptOaep: (ciphertext) => Promise.resolve(new Uint8Array(privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext))),
        deriveEcdh: () => Promise.reject(new Error('RSA only')),
      });
      const check = store.verify();
      assert.equal(check.integrity, 'ok', `round ${round}: integrity_check`);
      assert.deepEqual(check.unreadable, [], `round ${round}: every record opens`);
      const rows = store.list<{ batch: number; i: number; count: number }>('crash');
      const perBatch = new Map<number, number>();
      for (const row of rows) perBatch.set(row.value.batch, (perBatch.get(row.value.batch) ?? 0) + 1);
      for (const [batch, { count }] of owed) assert.equal(perBatch.get(batch), count, `round ${round}: committed batch ${batch} complete`);
      for (const row of rows) assert.equal(perBatch.get(row.value.batch), row.value.count, `round ${round}: batch ${row.value.batch} is whole, never half`);
      store.close();
    }
    assert.ok(owed.size > ROUNDS, `the load really ran (${owed.size} batches committed)`);
  });
});

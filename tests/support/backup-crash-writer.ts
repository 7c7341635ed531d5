// Child process for the backup crash test: backs up a folder again and again, adding new random
// files before each run, until it is killed. The repository is opened and snapshots are signed with
// the parent's REAL token: each unwrap and signature is asked of the parent over the IPC channel.
// Prints "pack <id>" after each pack is on the target and "snapshot <id> <resumed>" after each snapshot.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { backupFolder } from '../../electron/core/backup/backup-run.js';
import { openRepository } from '../../electron/core/backup/repository.js';
import { FolderTarget } from '../../electron/core/backup/targets/folder-target.js';
import type { TokenSignatureScheme } from '../../electron/core/signing/token-signer.js';

export interface CrashRequest {
  readonly id: number;
  readonly op: 'decryptOaep' | 'deriveEcdh' | 'sign';
  readonly data: string;
}
export interface CrashAnswer {
  readonly id: number;
  readonly data?: string;
  readonly error?: string;
}

const [repositoryPath = '', folder = '', scheme = 'rsaPssSha256', certificate = ''] = process.argv.slice(2);
let next = 0;
const waiting = new Map<number, (answer: CrashAnswer) => void>();
process.on('message', (answer: CrashAnswer) => waiting.get(answer.id)?.(answer));
const ask = (op: CrashRequest['op'], data: Uint8Array): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, (answer) => (answer.data === undefined ? reject(new Error(answer.error)) : resolve(Buffer.from(answer.data, 'base64'))));
    process.send?.({ id, op, data: Buffer.from(data).toString('base64') } satisfies CrashRequest);
  });

const certificateDer = Buffer.from(certificate, 'base64');
const repository = await openRepository(new FolderTarget(repositoryPath), { certificateDer, operations: { decryptOaep: (c) => ask('decryptOaep', c), deriveEcdh: (p) => ask('deriveEcdh', p) } });
const signer = { scheme: scheme as TokenSignatureScheme, certificateDer, sign: (digest: Uint8Array) => ask('sign', digest) };
for (let round = 0; ; round++) {
  for (let i = 0; i < 6; i++) await writeFile(path.join(folder, `mới-${process.pid}-${round}-${i}.bin`), randomBytes(100_000 + Math.floor(Math.random() * 200_000)));
  const { snapshot, stats } = await backupFolder(repository, folder, signer, { packSize: 256 * 1024, onPackWritten: (id) => process.stdout.write(`pack ${id}\n`) });
  process.stdout.write(`snapshot ${snapshot} ${stats.resumedBlobs}\n`);
}

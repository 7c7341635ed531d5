// Writes the committed lock vectors (docs/backup-repository.md, "Locks" and "Vectors"): lock files
// sealed under generation 1 of the repository vectors' master key (00 01 … 1f), nonces fixed (the
// vector's index in the first byte) so a new run gives the same bytes. Run by hand when the format
// changes: `node --import tsx tests/vectors/backup/locks/generate.ts`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildLock, type LockBody } from '../../../../electron/core/backup/locks.js';
import { generationKeys } from '../../../../electron/core/backup/repository-keys.js';
import { aadOf, filePrefix, seal } from '../../../../electron/core/backup/sealing.js';
import { VECTOR_MASTER_KEY } from '../repository/inputs.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const keys = generationKeys(1, VECTOR_MASTER_KEY);
const nonce = (i: number) => Buffer.concat([Buffer.from([i + 1]), Buffer.alloc(11)]);
/** A lock file as buildLock makes it, but with the prefix, AAD text or plaintext chosen. */
const sealedAs = (i: number, options: { prefix?: Buffer; aad?: string; plaintext: string }) => {
  const prefix = options.prefix ?? filePrefix('lock', 1);
  return Buffer.concat([prefix, seal(keys.sealKey, aadOf(options.aad ?? `lock ${prefix.toString('hex')}`), Buffer.from(options.plaintext, 'utf8'), nonce(i))]);
};
const shared: LockBody = { exclusive: false, hostname: 'may-tram-so-1', pid: 4242, time: '2026-12-05T09:00:00.001Z' };
const exclusive: LockBody = { exclusive: true, hostname: 'may-chu-sao-luu', pid: 7, time: '2026-12-05T09:00:00.000Z' };

type Vector = { name: string; file: string; bytes: Buffer; body?: LockBody; stale?: { now: string; stale: boolean }[]; expect?: string };
const made: Omit<Vector, 'file'>[] = [];
const add = (vector: Omit<Vector, 'file'>) => made.push(vector);
// Positive: opened, the body as written; stale only from 30 minutes after `time` (the age not below 30 min).
add({ name: 'shared', bytes: buildLock(keys, shared, nonce(0)), body: shared, stale: [{ now: '2026-12-05T09:30:00.000Z', stale: false }, { now: '2026-12-05T09:30:00.001Z', stale: true }] });
add({ name: 'exclusive', bytes: buildLock(keys, exclusive, nonce(1)), body: exclusive, stale: [{ now: '2026-12-05T09:29:59.999Z', stale: false }, { now: '2026-12-05T09:30:00.000Z', stale: true }] });
// Negative: each refused with the error name `expect`; a lock that does not open counts live and exclusive.
const good = buildLock(keys, shared, nonce(2));
add({ name: 'prefix-of-an-index', bytes: Buffer.concat([filePrefix('index', 1), good.subarray(10)]), expect: 'badPrefix' });
add({ name: 'shorter-than-prefix', bytes: good.subarray(0, 9), expect: 'badPrefix' });
add({ name: 'tag-flipped', bytes: Buffer.concat([good.subarray(0, -1), Buffer.from([(good.at(-1) as number) ^ 0x01])]), expect: 'sealBroken' });
add({ name: 'unknown-generation', bytes: sealedAs(3, { prefix: filePrefix('lock', 2), plaintext: JSON.stringify(shared) }), expect: 'sealBroken' });
add({ name: 'aad-of-a-snapshot', bytes: sealedAs(4, { aad: `snapshot ${filePrefix('lock', 1).toString('hex')}`, plaintext: JSON.stringify(shared) }), expect: 'sealBroken' });
add({ name: 'field-added', bytes: sealedAs(5, { plaintext: JSON.stringify({ ...shared, user: 'nguyen.van.a' }) }), expect: 'malformed' });
add({ name: 'field-missing', bytes: sealedAs(6, { plaintext: JSON.stringify({ exclusive: false, hostname: 'may-tram-so-1', time: shared.time }) }), expect: 'malformed' });
add({ name: 'pid-not-integer', bytes: sealedAs(7, { plaintext: JSON.stringify({ ...shared, pid: 42.5 }) }), expect: 'malformed' });
add({ name: 'exclusive-not-boolean', bytes: sealedAs(8, { plaintext: JSON.stringify({ ...shared, exclusive: 'true' }) }), expect: 'malformed' });
add({ name: 'time-not-an-instant', bytes: sealedAs(9, { plaintext: JSON.stringify({ ...shared, time: '05/12/2026 09:00' }) }), expect: 'malformed' });
add({ name: 'not-json', bytes: sealedAs(10, { plaintext: 'exclusive=false' }), expect: 'malformed' });

// Lock names are random (32 hex digits, not a hash of the content): fixed here, one a vector.
const vectors = made.map(({ bytes, ...rest }, i) => ({ ...rest, file: `locks/${(i + 1).toString(16).padStart(2, '0').repeat(16)}`, base64: bytes.toString('base64') }));
writeFileSync(path.join(here, 'vectors.json'), `${JSON.stringify({ masterKey: VECTOR_MASTER_KEY.toString('hex'), generation: 1, vectors }, null, 2)}\n`);

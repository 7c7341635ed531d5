import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';

const GIB = 1024 ** 3;
const BYTES = Math.round(Number(process.env['BIG_CONTAINER_GIB'] ?? 4) * GIB);
/** V8 heap cap for the child; its peak RSS (a V8 isolate for the hash worker included) must not grow with the file. */
const HEAP_MIB = 64;
const RSS_CEILING_MIB = 320;
const SMALL_BYTES = 256 * 1024 * 1024;
const child = path.resolve(import.meta.dirname, '../../support/big-container.ts');

describe(`a ${BYTES / GIB} GiB container under a ${HEAP_MIB} MiB heap: streamed, constant memory, killed mid-way leaves nothing (file keys: the subject is streaming)`, () => {
  let token: SoftHsmToken;
  let dir: string;
  let job: Record<string, unknown>;

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-big-'));
    const paths = token.pki.paths;
    // The policy administrator's file key signs (a valid signature certificate); the expired leaf's key is only a recipient.
    job = { recipientCert: paths.policyAdminRsaCert, recipientKey: paths.policyAdminRsaKey, signerCert: paths.policyAdminCert, signerKey: paths.policyAdminKey, intermediate: paths.intermediateCert, root: paths.rootCert, crls: [paths.crl, paths.rootCrl] };
  });
  after(async () => {
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  const runChild = (extra: Record<string, unknown>): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', child], { env: { ...process.env, BIG_CONTAINER_JOB: JSON.stringify({ ...job, ...extra }) }, maxBuffer: 1024 * 1024, timeout: 15 * 60_000 }, (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>);
      });
    });

  it('encrypts and verifies every byte with memory that does not grow with the file', async () => {
    const small = await runChild({ mode: 'encrypt', container: path.join(dir, 'small.alc'), bytes: SMALL_BYTES });
    const container = path.join(dir, 'big.alc');
    const encrypted = await runChild({ mode: 'encrypt', container, bytes: BYTES });
    assert.ok(statSync(container).size > BYTES);
    const verified = await runChild({ mode: 'verify', container, bytes: BYTES });
    assert.equal(verified['sha256'], encrypted['sha256']);
    assert.equal(verified['plaintextBytes'], BYTES);
    process.stdout.write(`# 256 MiB: encrypt peak RSS ${String(small['maxRssMiB'])} MiB\n`);
    // Same machinery, 16× the bytes: the peak may wobble with GC and the worker, not scale.
    assert.ok(Number(encrypted['maxRssMiB']) <= Number(small['maxRssMiB']) * 1.25 + 16, `4 GiB peak ${String(encrypted['maxRssMiB'])} MiB vs 256 MiB peak ${String(small['maxRssMiB'])} MiB`);
    process.stdout.write(`# ${BYTES / GIB} GiB: encrypt ${Number(encrypted['seconds']).toFixed(1)} s, peak RSS ${String(encrypted['maxRssMiB'])} MiB; verify ${Number(verified['seconds']).toFixed(1)} s, peak RSS ${String(verified['maxRssMiB'])} MiB\n`);
    assert.ok(Number(encrypted['maxRssMiB']) < RSS_CEILING_MIB, `encrypt peak RSS ${String(encrypted['maxRssMiB'])} MiB`);
    assert.ok(Number(verified['maxRssMiB']) < RSS_CEILING_MIB, `verify peak RSS ${String(verified['maxRssMiB'])} MiB`);
    await rm(container);
  });

  it('killed mid-way (SIGKILL), it leaves no output; the next write of the same file removes the stale part', async () => {
    const container = path.join(dir, 'killed.alc');
    const process_ = spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', child], { env: { ...process.env, BIG_CONTAINER_JOB: JSON.stringify({ ...job, mode: 'encrypt', container, bytes: BYTES }) }, stdio: 'ignore' });
    const partSize = async () => {
      const part = (await readdir(dir)).find((name) => name.startsWith('.killed.alc.'));
      return part === undefined ? 0 : statSync(path.join(dir, part)).size;
    };
    let size = 0;
    for (const deadline = Date.now() + 120_000; size <= 64 * 1024 * 1024 && Date.now() < deadline; ) {
      size = await partSize();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process_.kill('SIGKILL');
    await new Promise((resolve) => process_.once('exit', resolve));
    assert.ok(size > 64 * 1024 * 1024, 'killed while writing');
    assert.ok(!existsSync(container), 'no output under the final name');
    await runChild({ mode: 'encrypt', container, bytes: 1024 });
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('.killed.alc.')), [], 'the stale part is gone');
    assert.ok(existsSync(container));
  });
});

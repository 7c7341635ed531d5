import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { reportDigest, signReport, verifyReport, type AuditReport } from '../../../electron/core/audit/audit-report.js';
import { fingerprintOf } from '../../../electron/core/signing/token-signer.js';
import { main } from '../../../bin/airlock-audit-verify.js';
import { fill, openTestLog, tempFile } from './support.js';
import { softwareSigner } from './software-signer.js';

const DAY = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
const copy = (report: AuditReport): AuditReport => structuredClone(report);

async function exported(kind: 'rsa' | 'ec' = 'rsa') {
  const test = await openTestLog(`report-${kind}`);
  const signer = await softwareSigner(kind);
  fill(test.log);
  await test.log.checkpoint(signer);
  const report = await test.log.exportReport(DAY, signer);
  return { test, signer, report };
}

describe('audit reports: signed extracts an inspector checks offline', () => {
  for (const kind of ['rsa', 'ec'] as const) {
    it(`exports a ${kind.toUpperCase()}-signed report that verifies from its JSON alone`, async () => {
      const { test, signer, report } = await exported(kind);
      const check = verifyReport(JSON.parse(JSON.stringify(report)));
      assert.ok(check.ok);
      assert.equal(check.signer.subject, 'CN=Nguyễn Văn An, O=Bộ Ngoại giao, C=VN');
      assert.equal(check.signer.fingerprint, fingerprintOf(signer.certificateDer));
      assert.equal(report.entries.length, 11);
      assert.deepEqual(report.chainHead, { seq: 11, entryHash: report.entries.at(-1)?.entryHash });
      assert.equal(report.verification.ok && report.verification.lastCheckpoint, 11);
      const [recorded] = test.log.query({ kind: 'audit.exported' });
      assert.equal(recorded?.details.digest, reportDigest(report), 'the export is itself recorded, with the report digest');
      test.close();
    });
  }

  it('the range is half-open and filters by time', async () => {
    const test = await openTestLog('range');
    const signer = await softwareSigner('ec');
    fill(test.log); // 08:00 … 08:09
    const report = await test.log.exportReport({ from: '2026-03-02T08:02:00.000Z', to: '2026-03-02T08:05:00.000Z' }, signer);
    assert.deepEqual(report.entries.map((entry) => entry.seq), [3, 4, 5]);
    assert.equal(verifyReport(report).ok, true);
    // A range written without milliseconds is the same instants; times are compared, not text.
    const { signature: _signature, format: _format, scheme: _scheme, certificateDer: _der, ...content } = report;
    const terse = await signReport({ ...content, range: { from: '2026-03-02T08:02:00Z', to: '2026-03-02T08:05:00Z' } }, signer);
    assert.equal(verifyReport(terse).ok, true);
    test.close();
  });

  it('any change to a signed report fails: a detail, a removed entry, the range, the claimed verdict', async () => {
    const { test, report } = await exported();
    const changes: ((r: AuditReport) => void)[] = [
      (r) => {
        const entry = r.entries[1];
        if (entry !== undefined && 'details' in entry) entry.details.triesLeft = 3;
      },
      (r) => void r.entries.splice(4, 1),
      (r) => void (r.range.to = '2026-03-04T00:00:00.000Z'),
      (r) => void (r.verification = { ok: false, firstBad: 2, problem: 'modified' }),
    ];
    for (const change of changes) {
      const changed = copy(report);
      change(changed);
      assert.deepEqual(verifyReport(changed), { ok: false, reason: 'badSignature', detail: 'the signature does not verify with the embedded certificate' });
    }
    assert.equal(verifyReport({ ...report, format: 'airlock-audit-report-v0' }).ok, false);
    assert.equal(verifyReport('not a report').ok, false);
    test.close();
  });

  it('a correctly signed but inconsistent report (entries out of order or unlinked) fails', async () => {
    const { test, signer, report } = await exported('ec');
    const { signature: _signature, format: _format, scheme: _scheme, certificateDer: _der, ...content } = report;
    const reordered = await signReport({ ...content, entries: [...content.entries].reverse() }, signer);
    assert.deepEqual(verifyReport(reordered), { ok: false, reason: 'inconsistent', detail: 'entry 10 is out of order' });
    const unlinked = await signReport({ ...content, entries: content.entries.map((entry, index) => (index === 3 ? { ...entry, prevHash: '0'.repeat(64) } : entry)) }, signer);
    assert.deepEqual(verifyReport(unlinked), { ok: false, reason: 'inconsistent', detail: 'entry 4 does not link to entry 3' });
    test.close();
  });

  it('a report of a tampered log says so, and lists the entry that no longer opens', async () => {
    const test = await openTestLog('report-tampered');
    const signer = await softwareSigner('ec');
    fill(test.log);
    test.raw().prepare("UPDATE audit_log SET sealed = zeroblob(length(sealed)) WHERE seq = 4").run();
    const report = await test.reopen().exportReport(DAY, signer);
    assert.equal(verifyReport(report).ok, true, 'the report itself is authentic');
    assert.deepEqual(report.verification, { ok: false, firstBad: 4, problem: 'modified' });
    assert.equal(report.entries.find((entry) => entry.seq === 4 && 'unreadable' in entry) !== undefined, true);
    test.close();
  });
});

describe('airlock-audit-verify (CLI, child process)', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const run = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/airlock-audit-verify.ts', ...args], { cwd: root });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout + failed.stderr };
    }
  };

  it('exits 0 for a good report, 1 for a tampered one or a broken log, 2 for usage; --json and --signer work', async () => {
    const { test, signer, report } = await exported('ec');
    const good = await tempFile('good.json');
    await writeFile(good, JSON.stringify(report, null, 2));
    const tampered = await tempFile('tampered.json');
    const changed = copy(report);
    changed.entries.splice(2, 1);
    await writeFile(tampered, JSON.stringify(changed));
    const brokenLog = await tempFile('broken-log.json');
    test.raw().prepare('DELETE FROM audit_log WHERE seq = 3').run();
    await writeFile(brokenLog, JSON.stringify(await test.reopen().exportReport(DAY, signer)));

    const [ok, bad, broken, none] = await Promise.all([run(good), run(tampered), run(brokenLog), run()]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /Signed by {5}CN=Nguyễn Văn An, O=Bộ Ngoại giao, C=VN/);
    assert.match(ok.stdout, /Entries {7}11;/);
    assert.match(ok.stdout, /Result: OK/);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Result: FAILED \(badSignature/);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /logBroken: the log did not verify when exported: entry 3 deleted/);
    assert.equal(none.code, 2);

    // The options, in-process (each child process costs a TypeScript start-up).
    const inProcess = async (...args: string[]) => {
      let out = '';
      const sink = { write: (text: string) => (out += text) };
      return { code: await main(args, sink, sink), out };
    };
    const json = await inProcess('--json', good);
    assert.equal(json.code, 0);
    assert.equal(JSON.parse(json.out).signer.fingerprint, fingerprintOf(signer.certificateDer));
    const pinned = await inProcess('--signer', 'ab'.repeat(32), good);
    assert.equal(pinned.code, 1);
    assert.match(pinned.out, /unexpectedSigner/);
    assert.equal((await inProcess('--signer', fingerprintOf(signer.certificateDer).toUpperCase(), good)).code, 0);
    assert.deepEqual([(await inProcess('--bogus', good)).code, (await inProcess(`${good}.missing`)).code, (await inProcess(good, good)).code], [2, 2, 2]);
    const help = await inProcess('--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /live audit database cannot be checked here/);
    test.close();
  });
});

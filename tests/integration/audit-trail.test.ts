import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Core } from '../../electron/core/core.js';
import type { AuditEntryView, AuditVerdict } from '../../shared/domain/audit.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { realTokenLauncher, tokenCore, until } from '../support/token-core.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('audit trail of a real session (SoftHSM2 token, sealed audit.db, checkpoints signed on the token)', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  let dataDir: string;
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const reply = await core.dispatcher.dispatch(channel, payload, TRUSTED);
    assert.ok(reply.ok, `${channel}: ${JSON.stringify(reply)}`);
    return reply.value as T;
  };

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-audit-'));
    hsm = await createSoftHsmToken();
    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { dataDir }));
    await core.start();
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ref = () => ({ serial: hsm.serial, label: hsm.label });

  it('records what happened while locked (token seen, wrong PIN) at the next unlock, then the unlock, lock and settings', async () => {
    const wrong = await core.dispatcher.dispatch('session.unlock', { token: ref(), pin: '000000' }, TRUSTED);
    assert.equal(wrong.ok, false);
    await call('session.unlock', { token: ref(), pin: hsm.userPin });
    await call('settings.setLanguage', { language: 'en' });
    await call('session.lock', {});
    await call('session.unlock', { token: ref(), pin: hsm.userPin });

    const entries = await call<AuditEntryView[]>('audit.query', {});
    const kinds = entries.map((entry) => `${entry.kind}:${entry.result}`).reverse();
    assert.deepEqual(
      kinds.filter((kind) => !kind.startsWith('audit.checkpoint')),
      ['token.inserted:ok', 'token.pinWrong:failed', 'session.unlock:failed', 'session.unlock:ok', 'settings.changed:ok', 'session.lock:ok', 'session.unlock:ok'],
    );
    const late = entries.find((entry) => entry.kind === 'token.pinWrong');
    assert.equal(late?.details['recordedLate'], true);
    assert.equal(late?.details['triesLeft'], 'fewLeft');
    assert.equal(typeof late?.details['occurredAt'], 'string');
    assert.ok(entries.filter((entry) => entry.kind === 'audit.checkpoint').length >= 2, 'a checkpoint after each unlock');
    assert.ok(!JSON.stringify(entries).includes(hsm.userPin) && !JSON.stringify(entries).includes('000000'), 'no PIN in the log');
  });

  it('filters by kind and result', async () => {
    const unlocks = await call<AuditEntryView[]>('audit.query', { kind: 'session.unlock', result: 'ok' });
    assert.equal(unlocks.length, 2);
    assert.ok(unlocks.every((entry) => entry.kind === 'session.unlock' && entry.result === 'ok'));
    const future = await call<AuditEntryView[]>('audit.query', { from: '2100-01-01T00:00:00.000Z' });
    assert.deepEqual(future, []);
  });

  it('verifies, and exports a signed report that the offline command accepts and a tampered copy fails', async () => {
    const verdict = await call<AuditVerdict>('audit.verify', {});
    assert.equal(verdict.ok, true);
    const exported = await call<{ path: string; entries: number }>('audit.export', { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' });
    assert.ok(exported.entries >= 8);
    const signer = core.services.vault?.signer;
    assert.ok(signer);
    const fingerprint = new X509Certificate(Buffer.from(signer.certificateDer)).fingerprint256.replaceAll(':', '').toLowerCase();
    const cli = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bin/airlock-audit-verify.ts'), '--json', '--signer', fingerprint, file], { encoding: 'utf8', cwd: root });
    const good = cli(exported.path);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const report = JSON.parse(await readFile(exported.path, 'utf8')) as { entries: { kind: string }[] };
    const forged = path.join(dataDir, 'forged.json');
    await writeFile(forged, JSON.stringify({ ...report, entries: report.entries.slice(1) }));
    assert.equal(cli(forged).status, 1);
  });

  it('names the first bad entry when the file is edited behind the app', async () => {
    await call('session.lock', {});
    const raw = new Database(path.join(dataDir, 'audit.db'));
    raw.exec('DROP TRIGGER IF EXISTS audit_log_append_only_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    raw.close();
    await call('session.unlock', { token: ref(), pin: hsm.userPin });
    const verdict = await call<AuditVerdict>('audit.verify', {});
    assert.deepEqual(verdict, { ok: false, firstBad: 3, problem: 'deleted' });
  });

  it('records a token pulled out (the FAKE-free way SoftHSM allows: the token process killed)', async () => {
    const pid = core.services.tokens?.processId;
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await until(() => core.services.session.state().locked, 'the lock');
    await until(() => core.services.tokens?.list().length === 1, 'the restart');
    await call('session.unlock', { token: ref(), pin: hsm.userPin });
    const locks = await call<AuditEntryView[]>('audit.query', { kind: 'session.lock' });
    assert.equal(locks[0]?.details['reason'], 'tokenServiceStopped');
  });

  it('keeps locked-time events across a power loss: sealed to the inbox key at once, moved into the log at the next unlock', async () => {
    await call('session.lock', {});
    const wrong = await core.dispatcher.dispatch('session.unlock', { token: ref(), pin: '111111' }, TRUSTED);
    assert.equal(wrong.ok, false);
    // The machine dies: this core's memory is gone; only the files remain.
    core.stop();
    const raw = new Database(path.join(dataDir, 'audit.db'));
    const deposited = raw.prepare('SELECT count(*) AS n FROM audit_inbox').get() as { n: number };
    // Someone slips a forged row into the inbox: it cannot be read, and says so in the log.
    raw.prepare('INSERT INTO audit_inbox (id, ephemeral, sealed) VALUES (?, ?, ?)').run(999, Buffer.alloc(65, 4), Buffer.alloc(60, 1));
    raw.close();
    assert.ok(deposited.n >= 2, 'the lock and the wrong PIN were on disk before the crash');

    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath], { dataDir }));
    await core.start();
    await call('session.unlock', { token: ref(), pin: hsm.userPin });
    const wrongPins = await call<AuditEntryView[]>('audit.query', { kind: 'token.pinWrong' });
    assert.equal(wrongPins.length, 2, 'both wrong PINs, the one before the crash included');
    assert.equal(wrongPins[0]?.details['recordedLate'], true);
    const damaged = await call<AuditEntryView[]>('audit.query', { kind: 'audit.inboxDamaged' });
    assert.equal(damaged[0]?.details['inboxId'], 999);
  });
});

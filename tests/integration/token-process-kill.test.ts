// The real token process SIGKILLed at every phase of an unlock, on a real SoftHSM2 token, and
// before it is ready. The kill is timed by the client's request observer (a test-only hook): it
// fires as a request is posted or as its reply arrives, and the test kills the process right there.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import type { TokenRequestObservation } from '../../electron/core/token/token-client.js';
import { RESTART_MAX_DELAY_MS, type TokenService } from '../../electron/core/token/token-service.js';
import type { TokenRef } from '../../shared/domain/token.js';
import { TRUSTED } from '../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { killedAtSpawn, realTokenLauncher, tokenCore, until } from '../support/token-core.js';

/** Where to kill: a predicate over the requests seen during this unlock, in order. */
type KillPoint = (seen: readonly TokenRequestObservation[], now: TokenRequestObservation) => boolean;

const isUnwrap = (observation: TokenRequestObservation) => observation.op === 'decrypt' || observation.op === 'deriveEcdh';

/** Enough to reach the back-off's cap. */
const KILLS_BEFORE_READY = 5;

/** Generous: the exit is seen in milliseconds; this only catches "never". */
const LOCK_BOUND_MS = 2000;

describe('token process SIGKILLed during an unlock and before it is ready (real SoftHSM token)', () => {
  let hsm: SoftHsmToken;
  let dataDir: string;
  let core: Core;
  let tokens: TokenService;
  let ref: TokenRef;
  let killAt: KillPoint | undefined;
  let seen: TokenRequestObservation[] = [];
  let spawnKills: ReturnType<typeof killedAtSpawn>;

  const observe = (now: TokenRequestObservation): void => {
    const point = killAt;
    if (point?.(seen, now) === true) {
      killAt = undefined;
      killProcess();
    }
    seen.push(now);
  };

  const killProcess = (): void => {
    const pid = tokens.processId;
    assert.ok(pid !== undefined, 'a token process to kill');
    process.kill(pid, 'SIGKILL');
  };

  before(async () => {
    hsm = await createSoftHsmToken();
    dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-token-kill-'));
    spawnKills = killedAtSpawn(realTokenLauncher(hsm.env));
    // No polling: every listTokens seen is one the unlock made.
    ({ core } = tokenCore(spawnKills.launcher, [hsm.modulePath], { dataDir, pollMs: 600_000, observe }));
    await core.start();
    assert.ok(core.services.tokens);
    tokens = core.services.tokens;
    ref = { serial: hsm.serial, label: hsm.label };
    // The first unlock creates settings.db and audit.db, so later unlocks unwrap their keys on the token.
    assert.deepEqual(await unlock(), { ok: true, value: { locked: false } });
    await core.dispatcher.dispatch('session.lock', {}, TRUSTED);
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  const unlock = () => core.dispatcher.dispatch('session.unlock', { token: ref, pin: hsm.userPin }, TRUSTED);

  /** Each test starts locked, whatever the one before left (on the unfixed code, an unlocked session). */
  const lockedAndReady = async () => {
    killAt = undefined;
    await core.dispatcher.dispatch('session.lock', {}, TRUSTED);
    await readyAfter(undefined);
  };

  /** A token process that is not the one given, ready and listing the token. */
  const readyAfter = (oldPid: number | undefined, timeoutMs = 10_000) =>
    until(() => tokens.processId !== undefined && tokens.processId !== oldPid && !tokens.status().restarting && tokens.list().length > 0, 'a ready token process', timeoutMs).catch((error: unknown) => {
      throw new Error(`${String(error)}: pid ${tokens.processId} (was ${oldPid}), ${JSON.stringify(tokens.status())}, ${tokens.list().length} tokens`);
    });

  const assertLockedAndWiped = () => {
    assert.equal(core.services.session.state().locked, true, 'locked');
    assert.throws(() => core.services.vault?.settings, /store\.locked/, 'the settings store keys are wiped');
    assert.throws(() => core.services.vault?.auditLog, /store\.locked/, 'the audit log is closed');
  };

  const phases: readonly { name: string; at: KillPoint }[] = [
    // As the login is asked, not once posted: SoftHSM rewrites its token file (truncate, then write)
    // inside C_Login, and a SIGKILL there empties token.object and destroys the test token. A real
    // token keeps that state on the card, where a host process's death cannot tear it.
    { name: 'as the login is asked', at: (_seen, now) => now.op === 'login' && now.phase === 'sending' },
    { name: 'during the certificate read', at: (_seen, now) => now.op === 'listCertificates' && now.phase === 'sent' },
    { name: 'during the store key unwrap', at: (_seen, now) => isUnwrap(now) && now.phase === 'sent' },
    { name: 'as the store key comes back, before the commit', at: (_seen, now) => isUnwrap(now) && now.phase === 'answered' },
    { name: 'during the audit checkpoint signature, between the unwrap and the commit', at: (_seen, now) => now.op === 'sign' && now.phase === 'sent' },
    // Killed as the proof is asked for, before the process can answer it. (Killed once it is posted,
    // the process may already have answered: that unlock commits and the next test's case follows.)
    {
      name: 'as the commit check is asked',
      at: (seen, now) => now.op === 'listTokens' && now.phase === 'sending' && seen.some((before) => before.op === 'sign' && before.phase === 'answered'),
    },
  ];

  for (const phase of phases) {
    it(`killed ${phase.name}: the unlock fails with token.serviceStopped, stays locked with its keys wiped, and a new process then unlocks`, async () => {
      await lockedAndReady();
      const pid = tokens.processId;
      seen = [];
      killAt = phase.at;
      const reply = await unlock();
      assert.equal(killAt, undefined, 'the kill point was reached');
      assert.deepEqual(reply.ok ? reply : reply.error.code, 'token.serviceStopped');
      assertLockedAndWiped();
      await readyAfter(pid);
      // Still locked with a new process up: nothing came back on its own.
      assertLockedAndWiped();
      assert.equal(
        tokens.list().every((token) => !token.loggedIn),
        true,
        'the new process is not logged in',
      );
      assert.deepEqual(await unlock(), { ok: true, value: { locked: false } });
    });
  }

  it('killed right after the commit: locks within the bound and wipes the keys', async () => {
    await lockedAndReady();
    const pid = tokens.processId;
    let killedAt = 0;
    let lockedAt = 0;
    const unsubscribe = core.services.events.subscribe((name, payload) => {
      if (name !== 'session.changed') return;
      if ((payload as { locked: boolean }).locked) {
        lockedAt = performance.now();
        return;
      }
      killedAt = performance.now();
      killProcess();
    });
    const reply = await unlock();
    assert.deepEqual(reply, { ok: true, value: { locked: false } });
    await until(() => core.services.session.state().locked, 'the lock', LOCK_BOUND_MS);
    unsubscribe();
    const lockedAfterMs = lockedAt - killedAt;
    const state = core.services.session.state();
    assert.ok(state.locked && state.reason === 'tokenServiceStopped');
    assertLockedAndWiped();
    process.stdout.write(`# SIGKILL after the commit → locked in ${lockedAfterMs.toFixed(1)} ms\n`);
    await readyAfter(pid);
  });

  it('restarts however often the new process is killed before it is ready, says "restarting" meanwhile, then unlocks', async () => {
    await lockedAndReady();
    const pid = tokens.processId;
    const statuses: boolean[] = [];
    let readyAt = 0;
    const unsubscribe = core.services.events.subscribe((name, payload) => {
      if (name !== 'tokenService.changed') return;
      statuses.push((payload as { restarting: boolean }).restarting);
      readyAt = Date.now();
    });
    const killsBefore = spawnKills.kills.length;
    spawnKills.killNext(KILLS_BEFORE_READY);
    killProcess();
    await until(() => spawnKills.kills.length === killsBefore + KILLS_BEFORE_READY, 'the restarts killed before ready', 15_000);
    const service = await core.dispatcher.dispatch('token.service', {}, TRUSTED);
    assert.deepEqual(service, { ok: true, value: { restarting: true, moduleMissing: false } }, 'the lock screen can say "restarting"');
    const unlockMeanwhile = await unlock();
    assert.equal(!unlockMeanwhile.ok && unlockMeanwhile.error.code, 'token.serviceStopped');
    // Waits 250, 500, 1000, 2000 ms between the kills; after the fifth, the cap (4 s), then one process start.
    await readyAfter(pid, RESTART_MAX_DELAY_MS + 10_000);
    const lastKill = spawnKills.kills.at(-1) ?? 0;
    process.stdout.write(`# ${KILLS_BEFORE_READY} kills before ready → ready ${readyAt - lastKill} ms after the last kill\n`);
    unsubscribe();
    assert.deepEqual(statuses, [true, false]);
    assert.deepEqual(await core.dispatcher.dispatch('token.service', {}, TRUSTED), { ok: true, value: { restarting: false, moduleMissing: false } });
    assert.deepEqual(await unlock(), { ok: true, value: { locked: false } });
  });

  it('audited every failed unlock with the token-service error', () => {
    const failed = core.services.vault?.auditLog.query({ kind: 'session.unlock', result: 'failed', limit: 100 }) ?? [];
    const stopped = failed.filter((record) => record.details['code'] === 'token.serviceStopped');
    // One per killed phase, and the one tried while the service was restarting.
    assert.equal(stopped.length, phases.length + 1);
    assert.equal(core.services.vault?.auditLog.query({ kind: 'session.unlock', result: 'refused' }).length, 0, 'no kill read as a wrong token');
  });
});

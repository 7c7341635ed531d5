import assert from 'node:assert/strict';
import path from 'node:path';
import type { Core, CoreOptions } from '../../../electron/core/core.js';
import type { EventName, EventPayload } from '../../../shared/ipc/contract.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { coreApi } from '../core.js';
import { importTestCrls } from '../softhsm/test-pki.js';
import { createSoftHsmToken, type SoftHsmToken } from '../softhsm-token.js';
import { softwareRecipient, type SoftwareRecipient } from '../software-recipient.js';
import { standInHelper } from '../stand-in-zone-helper.js';
import type { Teardown } from '../teardown.js';
import { realTokenLauncher, tokenCore } from '../token-core.js';
import { writeSignedPolicy } from '../zone-policy.js';

export type BackupFinished = EventPayload<'backups.finished'>;

export interface BackupCore {
  /** The suite's temp folder; the core's data in `dataDir` below it. */
  dir: string;
  dataDir: string;
  token: SoftHsmToken;
  core: Core;
  api: AirlockApi;
  recovery: SoftwareRecipient;
  /** Every event the core sent since before it started. */
  events: { name: EventName; payload: unknown }[];
  ref(): { serial: string; label: string };
  unlock(): Promise<void>;
  /** Switches to `zone` (the workstation locks) and unlocks again. */
  switchTo(zone: string): Promise<void>;
  /** The backups.finished of `job`, waited for. */
  finishedOf(job: string, timeoutMs?: number): Promise<BackupFinished>;
  /** The backups.finished of the job a backups.* call started (which must have started one). */
  job(started: Awaited<ReturnType<AirlockApi['backups']['run']>>, timeoutMs?: number): Promise<BackupFinished>;
}

/**
 * A started, unlocked core for the backup service's integration tests: a real SoftHSM token and its
 * test PKI (roots, intermediates, CRLs), the zone policy `policy` makes from the recovery certificate,
 * signed, the real sealed store in a temp folder (`prefix`), more core options made from that folder (`core`). STAND-INs: the zone helper (the switch
 * is real, the network untouched) and the organisation's recovery key (SOFTWARE, its private key in
 * this process, so a test can show the recovery holder opens what the service made).
 */
export async function startBackupCore(
  teardown: Teardown,
  options: { prefix: string; policy: (recoveryCertificateDer: Uint8Array) => Record<string, unknown>; core?: (dir: string) => Pick<CoreOptions, 'messaging' | 'documentFolders'> },
): Promise<BackupCore> {
  const dir = await teardown.tempDir(options.prefix);
  const dataDir = path.join(dir, 'data');
  const token = await teardown.fixture(createSoftHsmToken());
  const recovery = await softwareRecipient('rsa', 'Khoá khôi phục của cơ quan');
  const policyPath = path.join(dir, 'policy', 'zones.policy.json');
  await writeSignedPolicy(token, policyPath, options.policy(recovery.certificateDer));
  const { core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], {
    dataDir,
    anchors: [token.pki.rootPem],
    intermediates: [token.pki.intermediatePem],
    zones: { policyPath, helper: standInHelper() },
    ...options.core?.(dir),
  });
  teardown.defer(() => core.stop());
  const events: BackupCore['events'] = [];
  core.services.events.subscribe((name, payload) => void events.push({ name, payload }));
  await importTestCrls(core.services.crls, token.pki);
  await core.start();
  const api = coreApi(core);
  const ref = () => ({ serial: token.serial, label: token.label });
  const unlock = async () => assert.ok((await api.session.unlock({ token: ref(), pin: token.userPin })).ok);
  const finishedOf = async (job: string, timeoutMs = 60_000): Promise<BackupFinished> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find((event) => event.name === 'backups.finished' && (event.payload as BackupFinished).job === job);
      if (found !== undefined) return found.payload as BackupFinished;
      if (Date.now() > deadline) assert.fail(`no backups.finished for ${job}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  await unlock();
  return {
    dir,
    dataDir,
    token,
    core,
    api,
    recovery,
    events,
    ref,
    unlock,
    switchTo: async (zone) => {
      const switched = await api.zones.switch({ zone, reason: 'Sao lưu dữ liệu', token: ref(), pin: token.userPin });
      assert.ok(switched.ok, JSON.stringify(switched));
      await unlock();
    },
    finishedOf,
    job: async (started, timeoutMs) => {
      assert.ok(started.ok, JSON.stringify(started));
      return finishedOf(started.value.job, timeoutMs);
    },
  };
}

import assert from 'node:assert/strict';
import path from 'node:path';
import type { Core } from '../../../electron/core/core.js';
import type { ChromiumShell } from '../../../electron/shells/chromium/chromium-shell.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { launchApp } from '../chromium-shell.js';
import { coreApi } from '../core.js';
import { importTestCrls } from '../softhsm/test-pki.js';
import type { SoftHsmToken } from '../softhsm-token.js';
import { softwareRecipient, type SoftwareRecipient } from '../software-recipient.js';
import { standInHelper } from '../stand-in-zone-helper.js';
import { writeSignedPolicy } from '../zone-policy.js';
import { usbBackupPolicy } from './backup-zone-policy.js';

/**
 * The app in the Chromium shell for the Backups screen's e2e tests: a signed zone policy with the USB
 * target (its recovery key a SOFTWARE stand-in's certificate), the test PKI's CRLs, unlocked in the
 * zone "van-phong" (the zone helper a STAND-IN: the switch is real, the network untouched).
 */
export async function launchBackupApp(hsm: SoftHsmToken, recoveryName: string): Promise<{ shell: ChromiumShell; core: Core; api: AirlockApi; recovery: SoftwareRecipient }> {
  const recovery = await softwareRecipient('ec', recoveryName);
  const policyPath = path.join(hsm.dir, 'policy', 'zones.policy.json');
  await writeSignedPolicy(hsm, policyPath, usbBackupPolicy(recovery.certificateDer));
  const { shell, core } = await launchApp(hsm, { zones: { policyPath, helper: standInHelper() } });
  const api = coreApi(core);
  await importTestCrls(core.services.crls, hsm.pki);
  await core.services.zones.reloadPolicy();
  const ref = { serial: hsm.serial, label: hsm.label };
  assert.ok((await api.session.unlock({ token: ref, pin: hsm.userPin })).ok);
  assert.ok((await api.zones.switch({ zone: 'van-phong', reason: 'Sao lưu', token: ref, pin: hsm.userPin })).ok);
  assert.ok((await api.session.unlock({ token: ref, pin: hsm.userPin })).ok);
  return { shell, core, api, recovery };
}

// What the training workstation needs to back up (issue #16): the organisation's recovery key, made
// on a token of its own, whose certificate the zone policy names (a repository is wrapped to the user
// and to it: no recovery certificate, no backup), and a backup place — a folder in the training
// folder standing in for a USB drive, which the policy allows the office LAN to use.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackupTargetPolicy } from '../../electron/core/zones/policy-schema.js';
import { TRAINING_OFFICE } from './cast.js';
import { issue, pemToDer } from './pki/openssl-ca.js';
import { runTool, type ToolEnv, type ToolOutput } from './pki/run-tool.js';
import { generateTokenKeys, initToken, SOFTHSM_MODULE, tokenKeyRefs, writeCertificateToToken, writeSoftHsmConf } from './pki/softhsm.js';
import type { TrainingCa } from './training-pki.js';

/** The recovery token's label: ASCII, as the officials' are. */
export const RECOVERY_TOKEN_LABEL = 'Tap huan - Khoi phuc';
export const TRAINING_RECOVERY = { C: 'VN', O: TRAINING_OFFICE, CN: 'Khoá khôi phục dữ liệu của cơ quan (tập huấn)' } as const;

/** The folder in the training folder that stands in for the backup USB drive. */
export const TRAINING_BACKUP_DRIVE = 'o-usb-sao-luu';
/** Its id in the policy (and in the app's backup settings). */
export const TRAINING_BACKUP_TARGET = 'usb-tap-huan';

/** The policy's backup place: the drive, for the office LAN (Mật), the zone whose services include backup. */
export const TRAINING_BACKUP_TARGET_POLICY: BackupTargetPolicy = {
  id: TRAINING_BACKUP_TARGET,
  name: { vi: 'Ổ USB sao lưu (tập huấn)', en: 'Backup USB drive (training)' },
  place: { kind: 'removableMedia' },
  highestClassification: 'mat',
  zones: ['van-phong'],
};

export interface TrainingRecovery {
  readonly certificateDer: Uint8Array;
  readonly tokenLabel: string;
  readonly pin: string;
  /** Its own SoftHSM config: the app reads the officials' tokens only, so the recovery token is never offered at the lock screen. */
  readonly softhsmConf: string;
}

/**
 * The recovery key: an RSA key made on its own SoftHSM token in `dir` (it never leaves it; the CSR
 * is signed there through the pkcs11 engine), certified by the training CA for key encipherment.
 * In an office that token is kept by the cipher officer, in the safe.
 */
export async function makeRecoveryKey(dir: string, ca: TrainingCa, pins: { readonly userPin: string; readonly soPin: string }): Promise<TrainingRecovery> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const softhsmConf = await writeSoftHsmConf(dir);
  const env: ToolEnv = { SOFTHSM2_CONF: softhsmConf, PKCS11_MODULE_PATH: SOFTHSM_MODULE };
  const pkcs11Tool = (args: readonly string[]): Promise<ToolOutput> => runTool('pkcs11-tool', ['--module', SOFTHSM_MODULE, ...args], env, dir);
  await initToken(env, RECOVERY_TOKEN_LABEL, pins);
  await generateTokenKeys(pkcs11Tool, RECOVERY_TOKEN_LABEL, pins.userPin, ['rsa']);
  const key = tokenKeyRefs(RECOVERY_TOKEN_LABEL).rsa;
  const pem = path.join(dir, 'recovery.pem');
  await issue(ca.config, (args) => runTool('openssl', args, env, dir), { ca: 'intermediate_ca', engineKey: { uri: key.uri, pin: pins.userPin }, subject: TRAINING_RECOVERY, out: pem, profile: 'v3_leaf_rsa' });
  const der = path.join(dir, 'recovery.der');
  await writeFile(der, pemToDer(await readFile(pem, 'utf8')));
  await writeCertificateToToken(pkcs11Tool, { tokenLabel: RECOVERY_TOKEN_LABEL, userPin: pins.userPin, key, derPath: der });
  return { certificateDer: new Uint8Array(await readFile(der)), tokenLabel: RECOVERY_TOKEN_LABEL, pin: pins.userPin, softhsmConf };
}

// The training workstation's three zones: the policy signed by the training administrator and, as
// root, real network namespaces with the privileged helper's config and CRLs (as the zone tests do).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CrlCache } from '../../electron/core/certificates/revocation.js';
import type { TrainingProfile } from '../../electron/core/training/training-profile.js';
import { FileCrlStore } from '../../electron/platform/file-crl-store.js';
import type { RunOpenSsl } from './pki/openssl-ca.js';
import type { StateRecorder } from './state.js';
import { TRAINING_BACKUP_TARGET_POLICY } from './training-backup.js';
import type { TrainingCa } from './training-pki.js';
import { createZoneLab, labZones, type LabZone } from './zones/zone-lab.js';
import { helperCommand, writeHelperConfig, writeSignedPolicyFile, zonePolicy } from './zones/zone-policy.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface TrainingZones {
  readonly zones: readonly LabZone[];
  readonly profile: TrainingProfile['zones'];
}

export async function makeTrainingZones(
  dir: string,
  parts: {
    readonly namespaces: boolean;
    readonly state: StateRecorder;
    readonly openssl: RunOpenSsl;
    readonly ca: TrainingCa;
    readonly pems: { readonly rootPem: string; readonly issuingPem: string };
    readonly crls: readonly Buffer[];
    /** The organisation's recovery certificate (training-backup.ts): the policy names it, and the office LAN's backup drive. */
    readonly recoveryCertificateDer: Uint8Array;
  },
): Promise<TrainingZones> {
  const { ca, pems } = parts;
  // Each namespace is written in the state file before it exists, so --down finds it after a crash.
  const lab = parts.namespaces ? await createZoneLab({ prefix: 'alt', rogue: false, onCreated: (ns) => parts.state.addNamespace(ns) }) : undefined;
  // The same three addresses with or without namespaces: the policy is the same either way.
  const zones: readonly LabZone[] = lab?.zones ?? labZones('000000', 'alt');
  const policy = path.join(dir, 'policy', 'zones.policy.json');
  await writeSignedPolicyFile(parts.openssl, policy, zonePolicy(zones, (written) => {
    written.recoveryCertificate = Buffer.from(parts.recoveryCertificateDer).toString('base64');
    written.backupTargets = [TRAINING_BACKUP_TARGET_POLICY];
  }), ['-sign', ca.adminKey], `${await readFile(ca.adminCert, 'utf8')}${pems.issuingPem}`);
  if (lab === undefined) return { zones, profile: { policy, switching: 'notRoot' } };

  const helperFiles = await writeHelperConfig(path.join(dir, 'helper'), { policyPath: policy, anchorsPem: pems.rootPem, netns: lab.workstation });
  const helperCrls = new CrlCache(new FileCrlStore(helperFiles.crlDir));
  for (const crl of parts.crls) await helperCrls.import(crl, [pems.rootPem, pems.issuingPem]);
  const helper: [string, ...string[]] = [...helperCommand(existsSync(path.join(root, 'dist/zone-helper/airlock-zone-helper.mjs'))), '--config', helperFiles.configPath];
  return { zones, profile: { policy, switching: 'available', helper, netns: lab.workstation } };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentFolders } from '../core/documents/document-folders.js';
import { loadTrainingProfile, type TrainingProfile } from '../core/training/training-profile.js';
import { pkcs11ModulePaths } from '../core/token/module-paths.js';
import type { ZoneHelperSupervisor } from '../core/zones/helper-supervisor.js';
import { trustFromEnvironment } from './trust-config.js';
import { zonesFrom, zonesFromEnvironment } from './zone-config.js';

/** What a shell needs to build the core's platform side: the same shape for a real and a training workstation. */
export interface WorkstationConfig {
  /** Present on a training workstation only. */
  readonly training?: TrainingProfile;
  readonly dataDir: string;
  readonly trust: { readonly anchors: string[]; readonly intermediates: string[] };
  readonly modulePaths: readonly string[];
  /** Added to the token process's environment (SOFTHSM2_CONF of the training tokens). */
  readonly tokenEnv: Readonly<Record<string, string>>;
  readonly zones: { readonly policyPath: string; readonly helper?: ZoneHelperSupervisor };
  /** A training workstation's inbox and decrypted-files folder, inside its own folder; absent: the shell's usual ones. */
  readonly documentFolders?: DocumentFolders;
}

/**
 * `AIRLOCK_TRAINING_PROFILE` names a training workstation's `training.json`: then its data folder,
 * trust roots, tokens, zones and document folders all come from it and none from the usual variables, so a training
 * run can never pick up a real workstation's folder or roots (docs/training.md). Without it, the
 * usual variables (README "Configuration"). A profile that cannot be used stops the start.
 */
export function workstationFromEnvironment(env: NodeJS.ProcessEnv, real: { readonly dataDir: string; readonly packagedLinux: boolean }): WorkstationConfig {
  const file = env['AIRLOCK_TRAINING_PROFILE'];
  if (file === undefined || file === '') {
    return {
      dataDir: real.dataDir,
      trust: trustFromEnvironment(env),
      modulePaths: pkcs11ModulePaths(process.platform, env['AIRLOCK_PKCS11_MODULES']),
      tokenEnv: {},
      zones: zonesFromEnvironment(env, { packagedLinux: real.packagedLinux }),
    };
  }
  const training = loadTrainingProfile(file);
  return {
    training,
    dataDir: training.dataDir,
    trust: { anchors: [readFileSync(training.trust.anchors, 'utf8')], intermediates: [readFileSync(training.trust.intermediates, 'utf8')] },
    modulePaths: training.token.modules,
    tokenEnv: { SOFTHSM2_CONF: training.token.softhsmConf },
    zones: zonesFrom(training.zones.policy, training.zones.helper),
    // Decrypted practice documents stay in the training folder too: --down removes them with it.
    documentFolders: { inbox: training.inboxDir, exports: path.join(training.home, 'decrypted') },
  };
}

// A training profile (training.json's content) for tests that need a training core without running
// `npm run training`: the officials are the test token's holders, the paths point into `dir`.
import path from 'node:path';
import { TRAINING_PROFILE_FORMAT, type TrainingProfile } from '../../electron/core/training/training-profile.js';
import type { SoftHsmToken } from './softhsm-token.js';

export function trainingProfileFor(token: Pick<SoftHsmToken, 'label' | 'userPin' | 'modulePath' | 'confPath' | 'pki'>, dir: string): TrainingProfile {
  const subject = token.pki.subjects.rsaLeaf;
  return {
    format: TRAINING_PROFILE_FORMAT,
    name: 'Máy trạm tập huấn (kiểm thử)',
    home: dir,
    dataDir: path.join(dir, 'data'),
    inboxDir: path.join(dir, 'inbox'),
    trust: { anchors: token.pki.paths.rootCert, intermediates: token.pki.paths.intermediateCert },
    token: { modules: [token.modulePath], softhsmConf: token.confPath },
    zones: { policy: path.join(dir, 'zones', 'zones.policy.json'), switching: 'notRoot' },
    officials: [{ name: subject.CN, organisation: subject.O, role: 'official', tokenLabel: token.label, pin: token.userPin }],
  };
}

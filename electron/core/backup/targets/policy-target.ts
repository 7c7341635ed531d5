import type { NatsConnection } from '@nats-io/transport-node';
import type { BaseAgent } from 'ssh2';
import { DomainError } from '../../domain-error.js';
import type { ZonePolicy } from '../../zones/policy-schema.js';
import type { BackupTarget } from '../backup-target.js';
import { mayBackUp } from '../backup-policy.js';
import { ObjectStoreTarget } from './object-store-target.js';
import { RemovableMediaTarget } from './removable-media-target.js';
import { SftpTarget } from './sftp-target.js';

/** What the workstation adds to the policy's description of a place. */
export interface TargetMeans {
  /** Removable media: the repository folder the user picked on the drive. */
  readonly folder?: string;
  /** SFTP: the client key on the token (TokenSshAgent), or a key file's text. */
  readonly sftpClientKey?: string | Buffer | BaseAgent;
  /** Object store: the official's open messaging connection. */
  readonly connection?: NatsConnection;
}

/**
 * The target `targetId` for a workstation in `zoneId`, built from the signed policy's entry (so the
 * SFTP host key pin is the administrator's, never the user's). A target the policy does not allow
 * this zone is `backup.targetNotAllowed`; the caller audits the refusal.
 */
export function policyBackupTarget(policy: ZonePolicy, zoneId: string, targetId: string, means: TargetMeans): BackupTarget {
  const target = mayBackUp(policy, zoneId, targetId);
  if (target === undefined) throw new DomainError('backup.targetNotAllowed');
  const place = target.place;
  switch (place.kind) {
    case 'removableMedia':
      return new RemovableMediaTarget({ root: required(means.folder, 'folder') });
    case 'sftp': {
      const key = required(means.sftpClientKey, 'sftpClientKey');
      const auth = typeof key === 'string' || Buffer.isBuffer(key) ? { privateKey: key } : { agent: key };
      return new SftpTarget({ host: place.host, port: place.port, username: place.username, root: place.root, hostKeySha256: place.hostKeySha256, ...auth });
    }
    case 'objectStore':
      return new ObjectStoreTarget({ connection: required(means.connection, 'connection'), bucket: place.bucket });
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new TypeError(`this backup target needs ${what}`);
  return value;
}

// The messaging lab (real nats-server, TLS, NKEYs; 1 node or a 3-node cluster) with a backup bucket
// made by the administrator and an official allowed to use it, connected as the workstation would.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { provisionBackupBucket } from '../../../electron/core/backup/targets/object-store-target.js';
import { nkeySeedAuthenticator } from '../../../electron/core/messaging/nkey-auth.js';
import { replyPrefix } from '../../../electron/core/messaging/subjects.js';
import { createMessagingLab, type MessagingLab } from '../nats/messaging-lab.js';
import type { Teardown } from '../teardown.js';

export const BACKUP_OFFICIAL = 'lan';

export interface ObjectStoreLab {
  readonly lab: MessagingLab;
  readonly bucket: string;
  /** The official's own connection (their NKEY, their reply prefix), closed by the teardown. */
  official(user?: string): Promise<NatsConnection>;
}

export async function createObjectStoreLab(teardown: Teardown, options: { readonly nodes: 1 | 3; readonly bucket: string }): Promise<ObjectStoreLab> {
  const lab = await createMessagingLab(teardown, {
    nodes: options.nodes,
    users: [
      { id: BACKUP_OFFICIAL, devices: ['pc1'], backupBuckets: [options.bucket] },
      { id: 'binh', devices: ['pc1'] },
    ],
  });
  await provisionBackupBucket(await lab.admin(), options.bucket, { replicas: options.nodes });
  return {
    lab,
    bucket: options.bucket,
    official: async (user = BACKUP_OFFICIAL) => {
      const seed = lab.users.get(user)?.seed;
      if (seed === undefined) throw new Error(`no lab user ${user}`);
      const nc = await connect({
        servers: [...lab.urls],
        tls: { ca: lab.pki.rootPem },
        authenticator: nkeySeedAuthenticator(() => seed),
        inboxPrefix: replyPrefix(user),
        reconnectTimeWait: 250,
        maxReconnectAttempts: -1,
      });
      teardown.defer(() => nc.close());
      return nc;
    },
  };
}

// A messaging lab: the servers' PKI, NKEYs for an administrator and some officials, nats-server
// (one node, or a 3-node cluster with routes) on loopback, and the inbox stream provisioned by the
// administrator. Everything is undone by the suite's teardown, also when setup fails halfway.
import { createUser } from '@nats-io/nkeys';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { provisionAttachmentBucket } from '../../../electron/core/messaging/attachment-bucket.js';
import { provisionInbox } from '../../../electron/core/messaging/inbox-stream.js';
import { MessagingConnection, type MessagingConnectionOptions } from '../../../electron/core/messaging/connection.js';
import { nkeySeedAuthenticator } from '../../../electron/core/messaging/nkey-auth.js';
import { ADMIN_REPLY_PREFIX, type MessagingUser } from '../../../electron/core/messaging/server-config.js';
import type { Teardown } from '../teardown.js';
import { freePort, startServer, type RunningServer } from './nats-server.js';
import { createServerPki, type ServerPki } from './server-pki.js';

export interface LabUser extends MessagingUser {
  readonly seed: Uint8Array;
}

export interface MessagingLab {
  readonly pki: ServerPki;
  readonly servers: readonly RunningServer[];
  readonly urls: readonly string[];
  readonly users: ReadonlyMap<string, LabUser>;
  readonly adminSeed: Uint8Array;
  /** A client connection for `user` on `device`, opened, closed by the teardown. */
  connectAs(user: string, device?: string, options?: Partial<MessagingConnectionOptions>): MessagingConnection;
  /** The administrator's raw connection (stream management), closed by the teardown. */
  admin(): Promise<NatsConnection>;
}

export interface LabOptions {
  readonly users: readonly { readonly id: string; readonly devices: readonly string[]; readonly backupBuckets?: readonly string[] }[];
  /** 1 (default) or 3 nodes with R3 streams. */
  readonly nodes?: 1 | 3;
  /** Also each user's attachment bucket, as the administrator provisions it (R1 or R3 like the inbox). */
  readonly attachments?: boolean;
}

export async function createMessagingLab(teardown: Teardown, options: LabOptions): Promise<MessagingLab> {
  const dir = await teardown.tempDir('airlock-nats-');
  const pki = await createServerPki(dir);
  const users = new Map<string, LabUser>();
  for (const { id, devices, backupBuckets } of options.users) {
    const pair = createUser();
    users.set(id, { id, devices, ...(backupBuckets === undefined ? {} : { backupBuckets }), nkey: pair.getPublicKey(), seed: pair.getSeed() });
  }
  const admin = createUser();
  const adminSeed = admin.getSeed();
  const nodes = options.nodes ?? 1;
  const ports = await Promise.all(Array.from({ length: nodes }, async () => ({ client: await freePort(), route: await freePort() })));
  const common = { tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.rootFile }, adminNkey: admin.getPublicKey(), users: [...users.values()] };
  const servers = await Promise.all(
    ports.map((port, index) =>
      startServer(teardown, dir, {
        ...common,
        serverName: `n${index + 1}`,
        port: port.client,
        ...(nodes > 1
          ? { cluster: { name: 'airlock', host: '127.0.0.1', port: port.route, routes: ports.filter((_, other) => other !== index).map((p) => `nats-route://127.0.0.1:${p.route}`) } }
          : {}),
      }),
    ),
  );
  const urls = servers.map((server) => server.url);

  const adminConnection = async (): Promise<NatsConnection> => {
    const nc = await connect({ servers: [...urls], tls: { ca: pki.rootPem }, authenticator: nkeySeedAuthenticator(() => adminSeed), inboxPrefix: ADMIN_REPLY_PREFIX });
    teardown.defer(() => nc.close());
    return nc;
  };
  const provisioning = await adminConnection();
  await provisionInbox(provisioning, { replicas: nodes });
  if (options.attachments === true) for (const id of users.keys()) await provisionAttachmentBucket(provisioning, id, { replicas: nodes, maxBytes: 256 * 1024 ** 2 });

  return {
    pki,
    servers,
    urls,
    users,
    adminSeed,
    admin: adminConnection,
    connectAs: (user, device, extra = {}) => {
      const labUser = users.get(user);
      if (labUser === undefined) throw new Error(`no lab user ${user}`);
      const connection = new MessagingConnection({
        servers: urls,
        rootsPem: pki.rootPem,
        user,
        device: device ?? labUser.devices[0] ?? 'pc1',
        seed: labUser.seed,
        retryMs: 250,
        ...extra,
      });
      teardown.defer(() => connection.close());
      connection.open();
      return connection;
    },
  };
}

/**
 * The nats-server configuration a ministry deploys, generated from the same names the client uses
 * (subjects.ts). The training workstation, the tests and the cipher officer's command all write
 * their servers' files with this, so a permission is defined once. docs/messaging.md explains it.
 */
import { ALL_INBOXES, INBOX_STREAM, MOST_URGENT_FIRST, attachmentBucket, attachmentStream, inboxDurable, inboxSubject, replyPrefix } from './subjects.js';

/** An official: one NKEY (public key `U…`; the seed stays on the workstation) and the devices it reads from. */
export interface MessagingUser {
  readonly id: string;
  readonly nkey: string;
  readonly devices: readonly string[];
  /** Object-store buckets of the official's backup repositories (#16, `airlock-backup-<id>`), which they may read, write and prune. */
  readonly backupBuckets?: readonly string[];
}

export interface ServerTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** The configured roots: they verify the other servers of the cluster (and leaf nodes). */
  readonly caFile: string;
}

export interface ClusterSpec {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** The other servers' route URLs, `nats-route://host:port`. */
  readonly routes: readonly string[];
}

export interface ServerConfigSpec {
  /** Unique in the cluster; JetStream clustering needs it. */
  readonly serverName: string;
  readonly host: string;
  readonly port: number;
  readonly storeDir: string;
  readonly tls: ServerTlsFiles;
  /** Public NKEY of the administrator who creates the stream; no official can. */
  readonly adminNkey: string;
  readonly users: readonly MessagingUser[];
  readonly cluster?: ClusterSpec;
  /** Bytes of file storage JetStream may use; default 10 GiB. */
  readonly maxFileStore?: number;
  /** Where the server writes its process id: `nats-server --signal reload=<file>` finds it there. */
  readonly pidFile?: string;
}

const ACCOUNT = 'AIRLOCK';
export const ADMIN_REPLY_PREFIX = 'airlock.admin-reply';
const TLS_HANDSHAKE_SECONDS = 5;
const DEFAULT_FILE_STORE = 10 * 1024 ** 3;

interface Permissions {
  readonly publish: { readonly allow: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
}

/**
 * An official may publish to every inbox, and touch only the JetStream API subjects of their own
 * durables: create (with the filter subject in the API subject, which the server checks against the
 * request, 2.9+), info, next and ack. Everything not listed is refused by the server: other users'
 * consumers, ephemeral consumers, direct get, stream and consumer deletion, the shared `_INBOX.>`.
 * Attachments (docs/messaging.md "Attachments"): see attachmentPermissions.
 */
export function userPermissions(user: MessagingUser, senders: readonly string[] = [user.id]): Permissions {
  const api = `$JS.API.CONSUMER`;
  const own = user.devices.flatMap((device) =>
    MOST_URGENT_FIRST.flatMap((precedence) => {
      const durable = inboxDurable(user.id, device, precedence);
      return [
        `${api}.CREATE.${INBOX_STREAM}.${durable}.${inboxSubject(user.id, precedence)}`,
        `${api}.INFO.${INBOX_STREAM}.${durable}`,
        `${api}.MSG.NEXT.${INBOX_STREAM}.${durable}`,
        `$JS.ACK.${INBOX_STREAM}.${durable}.>`,
      ];
    }),
  );
  return { publish: { allow: [ALL_INBOXES, ...own, ...attachmentPermissions(user.id, senders), ...(user.backupBuckets ?? []).flatMap(backupBucketSubjects)] }, subscribe: { allow: [`${replyPrefix(user.id)}.>`] } };
}

/**
 * A backup bucket's objects (`$O.<bucket>.>`: chunks and metadata) and the API subjects of its
 * stream that the object store client uses: stream info, direct and plain get (metadata), purge
 * (deleting an object purges its chunks: prune), and the ordered consumers that read objects and
 * list them, with their flow control. Not stream creation, update or deletion: the administrator's.
 */
export function backupBucketSubjects(bucket: string): string[] {
  const stream = `OBJ_${bucket}`;
  return [
    `$O.${bucket}.>`,
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.STREAM.PURGE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/**
 * Write only one's own attachment bucket: its chunk and metadata subjects, the metadata lookup the
 * object store makes before writing, its stream info (which subjects hold chunks) and the purge that
 * removes a cancelled or dead upload's chunks (and one's own objects). Read the attachment buckets of
 * the configuration's officials (`senders`), each named (NATS wildcards are whole tokens, so `ATT_*`
 * cannot be said, and `*` would also reach the backup buckets), only in the two ways a download needs:
 * the metadata by direct get of its last record, and an ephemeral push consumer filtered on one
 * object's chunks, with its flow control. No stream create, update or delete, no message delete, no
 * other bucket's purge or writes. Two lines per official in each official's entry: the file grows as
 * users², which auth callout (2.10+) would remove (docs/messaging.md "Attachments").
 */
function attachmentPermissions(user: string, senders: readonly string[]): string[] {
  const bucket = attachmentBucket(user);
  const stream = attachmentStream(user);
  return [
    `$O.${bucket}.>`,
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.STREAM.PURGE.${stream}`,
    ...senders.flatMap((sender) => [
      `$JS.API.DIRECT.GET.${attachmentStream(sender)}.$O.${attachmentBucket(sender)}.M.*`,
      `$JS.API.CONSUMER.CREATE.${attachmentStream(sender)}.*.$O.${attachmentBucket(sender)}.C.*`,
      `$JS.FC.${attachmentStream(sender)}.>`,
    ]),
  ];
}

/** The administrator manages streams and consumers; publishes no message and reads no inbox. */
export function adminPermissions(): Permissions {
  return {
    publish: { allow: ['$JS.API.INFO', '$JS.API.STREAM.>', '$JS.API.CONSUMER.>'] },
    subscribe: { allow: [`${ADMIN_REPLY_PREFIX}.>`] },
  };
}

/** The configuration file's text (nats-server reads JSON, a subset of its format). */
export function natsServerConfig(spec: ServerConfigSpec): string {
  const ids = new Set<string>();
  for (const user of spec.users) {
    if (ids.has(user.id)) throw new Error(`user ${user.id} is listed twice`);
    ids.add(user.id);
  }
  const tls = { cert_file: spec.tls.certFile, key_file: spec.tls.keyFile, ca_file: spec.tls.caFile, timeout: TLS_HANDSHAKE_SECONDS };
  const config: Record<string, unknown> = {
    server_name: spec.serverName,
    ...(spec.pidFile === undefined ? {} : { pid_file: spec.pidFile }),
    host: spec.host,
    port: spec.port,
    // Plain-text clients are refused at the handshake: every connection is TLS.
    tls,
    jetstream: { store_dir: spec.storeDir, max_memory_store: 0, max_file_store: spec.maxFileStore ?? DEFAULT_FILE_STORE },
    accounts: {
      [ACCOUNT]: {
        jetstream: 'enabled',
        users: [
          { nkey: spec.adminNkey, permissions: adminPermissions() },
          ...spec.users.map((user) => ({ nkey: user.nkey, permissions: userPermissions(user, spec.users.map((sender) => sender.id)) })),
        ],
      },
    },
  };
  if (spec.cluster !== undefined) {
    // Routes are TLS too, both ways verified against the same roots.
    config.cluster = {
      name: spec.cluster.name,
      host: spec.cluster.host,
      port: spec.cluster.port,
      routes: spec.cluster.routes,
      tls: { ...tls, verify: true },
    };
  }
  return `${JSON.stringify(config, null, 2)}\n`;
}

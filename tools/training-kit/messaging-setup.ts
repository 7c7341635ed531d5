// The training server's first contents, written from where the server can be reached: the kit runs
// this with `ip netns exec <cipher zone>` when the server lives on the cipher network (the kit's own
// process is outside it), or directly for a loopback server. Reads its job from stdin (seeds are
// never on a command line): creates the inbox stream and each official's attachment bucket as the
// administrator, then publishes the practice messages as their senders. Prints nothing on success.
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { provisionAttachmentBucket } from '../../electron/core/messaging/attachment-bucket.js';
import { INBOX_STREAM, inboxSubject, replyPrefix, type Precedence } from '../../electron/core/messaging/subjects.js';
import { provisionInbox } from '../../electron/core/messaging/inbox-stream.js';
import { nkeySeedAuthenticator } from '../../electron/core/messaging/nkey-auth.js';
import { ADMIN_REPLY_PREFIX } from '../../electron/core/messaging/server-config.js';

export interface SetupJob {
  readonly servers: readonly string[];
  readonly rootsPem: string;
  readonly adminSeed: string;
  readonly users: readonly string[];
  readonly bucketBytes: number;
  readonly messages: readonly { readonly senderId: string; readonly senderSeed: string; readonly recipient: string; readonly precedence: Precedence; readonly msgId: string; readonly data: string }[];
}

const connectAs = (job: SetupJob, seed: string, inboxPrefix: string): Promise<NatsConnection> =>
  connect({ servers: [...job.servers], tls: { ca: job.rootsPem }, authenticator: nkeySeedAuthenticator(() => new Uint8Array(Buffer.from(seed, 'ascii'))), inboxPrefix, timeout: 10_000 });

async function setup(job: SetupJob): Promise<void> {
  const admin = await connectAs(job, job.adminSeed, ADMIN_REPLY_PREFIX);
  try {
    await provisionInbox(admin, { replicas: 1 });
    for (const user of job.users) await provisionAttachmentBucket(admin, user, { replicas: 1, maxBytes: job.bucketBytes });
  } finally {
    await admin.close();
  }
  for (const message of job.messages) {
    const sender = await connectAs(job, message.senderSeed, replyPrefix(message.senderId));
    try {
      await jetstream(sender).publish(inboxSubject(message.recipient, message.precedence), Buffer.from(message.data, 'base64'), { msgID: message.msgId, expect: { streamName: INBOX_STREAM } });
    } finally {
      await sender.close();
    }
  }
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
await setup(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SetupJob);

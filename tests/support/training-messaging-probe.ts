// Run by tests/e2e/training-workstation.test.ts with `ip netns exec <workstation namespace>`, as the
// training app runs: a core built from the kit's training.json (AIRLOCK_TRAINING_PROFILE) exactly as
// the shells build it, unlocked with an official's token, switched to the cipher zone; it waits for
// the Messages status to be connected and for the receive loop to fetch the waiting messages, then
// prints one JSON line. The receiver is a stand-in (the real one is wired by the messaging capability
// when it lands): it records each fetched message and hands it back to the server (nak), so the
// practice messages stay for the lesson. Input on stdin: {"tokenLabel", "pin"}.
import path from 'node:path';
import { createCore } from '../../electron/core/core.js';
import type { InboxMessage } from '../../electron/core/messaging/inbox.js';
import { MESSAGING_ZONE } from '../../tools/training-kit/training-messaging.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import { crlStoreFor } from '../../electron/platform/file-crl-store.js';
import { nodeTokenProcessLauncher } from '../../electron/platform/node-token-process.js';
import { workstationFromEnvironment } from '../../electron/platform/workstation-config.js';
import type { MessagingStatus } from '../../shared/domain/message.js';

const root = path.resolve(import.meta.dirname, '../..');
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { tokenLabel: string; pin: string };

const workstation = workstationFromEnvironment(process.env, { dataDir: '/nonexistent', packagedLinux: false });
const fetched = new Map<string, { precedence: string; bytes: number }>();
const standInReceiver = {
  receiveBatch: async (inbox: { fetch(count: number): Promise<InboxMessage[]> }) => {
    const batch = await inbox.fetch(20);
    for (const message of batch) {
      fetched.set(message.msgId, { precedence: message.precedence, bytes: message.data.length });
      message.nak(60_000);
    }
    return batch.length;
  },
};
const core = createCore({
  shell: 'chromium',
  version: 'training-probe',
  platform: process.platform,
  appOrigin: CHROMIUM_APP_ORIGIN,
  log: { internalError: () => undefined, refused: () => undefined, event: () => undefined },
  token: {
    launcher: nodeTokenProcessLauncher({ entry: path.join(root, 'electron/token-process/entry.ts'), execArgv: ['--import', 'tsx'], env: { ...process.env, ...workstation.tokenEnv } }),
    modulePaths: workstation.modulePaths,
  },
  trust: workstation.trust,
  dataDir: workstation.dataDir,
  crlStore: crlStoreFor(workstation.dataDir),
  zones: workstation.zones,
  ...(workstation.training === undefined ? {} : { training: workstation.training }),
  messaging: { parts: { receiver: () => standInReceiver }, retryMs: 250 },
});
const sender = { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true };
const call = async (channel: string, request: unknown): Promise<unknown> => {
  const reply = await core.dispatcher.dispatch(channel, request, sender);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}`);
  return reply.value;
};
const statuses: string[] = [];
const label = (status: MessagingStatus): string => status.unavailable ?? status.connection.kind;
let exitCode = 0;
try {
  await core.start();
  const tokens = (await call('token.list', {})) as { ref: { serial: string; label: string } }[];
  const ref = tokens.find((entry) => entry.ref.label === input.tokenLabel)?.ref;
  if (ref === undefined) throw new Error(`no token ${input.tokenLabel}`);
  await call('session.unlock', { token: ref, pin: input.pin });
  statuses.push(label((await call('messages.status', {})) as MessagingStatus));
  await call('zones.switch', { zone: MESSAGING_ZONE, reason: 'Luyện đọc tin nhắn', token: ref, pin: input.pin });
  await call('session.unlock', { token: ref, pin: input.pin });
  const deadline = Date.now() + 20_000;
  let status = label((await call('messages.status', {})) as MessagingStatus);
  while ((status !== 'connected' || fetched.size < 2) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = label((await call('messages.status', {})) as MessagingStatus);
  }
  statuses.push(status);
} catch (error) {
  statuses.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await core.dispatcher.dispatch('session.lock', {}, sender).catch(() => undefined);
  core.stop();
  workstation.zones.helper?.stop();
}
process.stdout.write(`${JSON.stringify({ statuses, fetched: [...fetched].map(([msgId, value]) => ({ msgId, ...value })) })}\n`);
process.exit(exitCode);

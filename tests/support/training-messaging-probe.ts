// Run by tests/e2e/training-workstation.test.ts with `ip netns exec <workstation namespace>`, as the
// training app runs: a core built from the kit's training.json (AIRLOCK_TRAINING_PROFILE) exactly as
// the shells build it (every messaging part the real one), unlocked with an official's token,
// switched to the cipher zone; it waits for the Messages status to be connected and for the inbox to
// show the waiting messages (received, decrypted on the token, verified, sealed), then prints one
// JSON line. Input on stdin: {"tokenLabel", "pin"}.
import path from 'node:path';
import { createCore } from '../../electron/core/core.js';
import { MESSAGING_ZONE } from '../../tools/training-kit/training-messaging.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import { crlStoreFor } from '../../electron/platform/file-crl-store.js';
import { nodeTokenProcessLauncher } from '../../electron/platform/node-token-process.js';
import { workstationFromEnvironment } from '../../electron/platform/workstation-config.js';
import type { InboxPage, MessagingStatus } from '../../shared/domain/message.js';

const root = path.resolve(import.meta.dirname, '../..');
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { tokenLabel: string; pin: string };

const workstation = workstationFromEnvironment(process.env, { dataDir: '/nonexistent', packagedLinux: false });
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
  messaging: { retryMs: 250 },
});
const sender = { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true };
const call = async (channel: string, request: unknown): Promise<unknown> => {
  const reply = await core.dispatcher.dispatch(channel, request, sender);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}`);
  return reply.value;
};
const statuses: string[] = [];
let inbox: InboxPage['messages'] = [];
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
  while ((status !== 'connected' || inbox.length < 2) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = label((await call('messages.status', {})) as MessagingStatus);
    if (status === 'connected') inbox = ((await call('messages.inbox', {})) as InboxPage).messages;
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
process.stdout.write(`${JSON.stringify({ statuses, inbox: inbox.map(({ subject, sender, precedence, classification, verdict }) => ({ subject, sender, precedence, classification, verdict })) })}\n`);
process.exit(exitCode);

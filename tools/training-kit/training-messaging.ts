// The training workstation's messaging server (docs/training.md "Messages"): a real nats-server
// with TLS from the training CA, the officials' NKEY accounts in an officer's server file
// (airlock-messaging-server/1, so `airlock messaging add-user` works on it too), the inbox stream and
// attachment buckets, and practice messages waiting. As root it runs inside the cipher zone's
// network namespace on that zone's gateway address, so the app reaches it only from the cipher
// zone, as on a real network; without root, on loopback. Recorded in the state file: --down ends it.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createUser } from '@nats-io/nkeys';
import { writeMessage } from '../../electron/core/messaging/cms-message-writer.js';
import type { HandOverCredentials } from '../../electron/core/messaging/credentials-format.js';
import { messagingIdOf } from '../../electron/core/messaging/messaging-address.js';
import { ROSTER_FORMAT, saveRoster, type ServerRoster } from '../../electron/core/messaging/server-roster.js';
import type { TrainingMessaging } from '../../electron/core/training/training-profile.js';
import type { Precedence } from '../../electron/core/messaging/subjects.js';
import { CIPHER_ZONE } from '../../shared/domain/tour.js';
import type { EngineKey, RunOpenSsl } from './pki/openssl-ca.js';
import { pemToDer } from './pki/openssl-ca.js';
import { opensslSigner } from './pki/openssl-signer.js';
import type { StateRecorder } from './state.js';
import type { TrainingCa } from './training-pki.js';
import type { SetupJob } from './messaging-setup.js';

const root = path.resolve(import.meta.dirname, '../..');
/** The zone whose network carries the server (zone-policy.ts: messaging is among its services). */
export const MESSAGING_ZONE = CIPHER_ZONE;
/** The device id of the training workstation in every official's account. */
export const TRAINING_DEVICE = 'tap-huan';
const ZONE_PORT = 4222;
/** Small buckets: four officials' 30 days of practice fit easily, and JetStream reserves them from MAX_FILE_STORE. */
const BUCKET_BYTES = 256 * 1024 ** 2;
const MAX_FILE_STORE = 2 * 1024 ** 3;
const READY_TIMEOUT_MS = 15_000;

/**
 * An official as messaging knows them: the RSA certificate is the one the colleague directory holds
 * and the account is derived from, so practice messages are signed with it too — a reply or a
 * receipt then goes to an inbox that exists and a colleague the directory knows.
 */
export interface MessagingOfficial {
  readonly rsaDer: Uint8Array;
  readonly rsaKey: EngineKey;
}

export interface PreparedMessaging {
  readonly profile: TrainingMessaging;
  /** Each official's credentials, sealed into the cipher zone's store (training-stores.ts). */
  readonly credentials: readonly HandOverCredentials[];
  readonly adminSeed: string;
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no free port on 127.0.0.1');
  return address.port;
}

/**
 * The server's EC key and certificate from the issuing CA (serverAuth, the IP it listens on), the
 * chain after it. DNS:localhost too, as in the tests' server PKI: the NATS client connects to an IP
 * with no TLS server name, and Node then checks the certificate against "localhost"; the trust is
 * the pinned training root, never the OS store.
 */
async function serverCertificate(ca: TrainingCa, openssl: RunOpenSsl, dir: string, ip: string): Promise<{ certFile: string; keyFile: string }> {
  const [certFile, keyFile, csr, ext, leaf] = ['server-chain.pem', 'server.key', 'server.csr', 'server.ext', 'server.pem'].map((name) => path.join(dir, name)) as [string, string, string, string, string];
  await writeFile(ext, ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=IP:${ip},DNS:localhost`].join('\n') + '\n');
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, '-utf8', '-subj', '/C=VN/O=Airlock — CA tập huấn/CN=Máy chủ tin nhắn tập huấn']);
  await openssl(['x509', '-req', '-in', csr, '-CA', ca.issuingCert, '-CAkey', path.join(ca.dir, 'issuing', 'ca.key'), '-CAcreateserial', '-days', '3650', '-extfile', ext, '-out', leaf]);
  await writeFile(certFile, `${await readFile(leaf, 'utf8')}${await readFile(ca.issuingCert, 'utf8')}`);
  return { certFile, keyFile };
}

/**
 * The server's files (certificate, officer's server file, nats.conf) and every official's account.
 * `cipherZone`: the cipher zone's namespace and gateway when the zones are real namespaces.
 */
export async function prepareMessaging(
  dir: string,
  parts: { readonly ca: TrainingCa; readonly openssl: RunOpenSsl; readonly rootPem: string; readonly officials: readonly MessagingOfficial[]; readonly cipherZone?: { readonly netns: string; readonly gateway: string } },
): Promise<PreparedMessaging> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const host = parts.cipherZone?.gateway ?? '127.0.0.1';
  const port = parts.cipherZone === undefined ? await freeLoopbackPort() : ZONE_PORT;
  const tls = await serverCertificate(parts.ca, parts.openssl, dir, host);
  const admin = createUser();
  const accounts = parts.officials.map((official) => ({ id: messagingIdOf(official.rsaDer), key: createUser() }));
  const roster: ServerRoster = {
    format: ROSTER_FORMAT,
    confFile: 'nats.conf',
    pidFile: 'nats.pid',
    server: { serverName: 'tap-huan', host, port, storeDir: 'jetstream', tls: { certFile: tls.certFile, keyFile: tls.keyFile, caFile: parts.ca.rootCert }, adminNkey: admin.getPublicKey(), maxFileStore: MAX_FILE_STORE },
    users: accounts.map(({ id, key }) => ({ id, nkey: key.getPublicKey(), devices: [TRAINING_DEVICE] })),
  };
  const rosterFile = path.join(dir, 'server.json');
  const { confFile } = await saveRoster(roster, rosterFile);
  // The administrator's seed, for the cipher officer's practice (`airlock messaging add-user
  // --admin-seed`): a training server's, in the training folder like the training CA's keys.
  const adminSeed = Buffer.from(admin.getSeed()).toString('ascii');
  await writeFile(path.join(dir, 'admin.nk'), `${adminSeed}\n`, { mode: 0o600 });
  const url = `tls://${host}:${port}`;
  const credentials = accounts.map(({ id, key }) => ({ user: id, device: TRAINING_DEVICE, nkey: key.getPublicKey(), seed: key.getSeed(), servers: [url], rootsPem: parts.rootPem }));
  const profile: TrainingMessaging = {
    url,
    where: parts.cipherZone === undefined ? 'loopback' : 'cipherZone',
    zone: MESSAGING_ZONE,
    ...(parts.cipherZone === undefined ? {} : { netns: parts.cipherZone.netns }),
    serverFile: rosterFile,
    configFile: confFile,
    log: path.join(dir, 'nats-server.log'),
  };
  return { profile, credentials, adminSeed };
}

/** Runs nats-server on its configuration, apart from this process (it outlives `npm run training`), recorded before it is waited on. */
export async function startMessagingServer(messaging: TrainingMessaging, state: StateRecorder): Promise<number> {
  const argv = [...(messaging.netns === undefined ? [] : ['ip', 'netns', 'exec', messaging.netns]), 'nats-server', '-c', messaging.configFile];
  const log = openSync(messaging.log, 'a', 0o600);
  const from = existsSync(messaging.log) ? (await readFile(messaging.log, 'utf8')).length : 0;
  // `ip netns exec` execs in place: the pid recorded is nats-server's own.
  const child = spawn(argv[0] ?? 'nats-server', argv.slice(1), { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${argv.join(' ')} did not start`);
  await state.addProcess(pid, 'nats-server');
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
  child.unref();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const text = (await readFile(messaging.log, 'utf8')).slice(from);
    if (text.includes('Server is ready')) return pid;
    const why = exited ?? (Date.now() > deadline ? `not ready within ${READY_TIMEOUT_MS} ms` : undefined);
    if (why !== undefined) throw new Error(`nats-server ${why}\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The practice message that asks for a read receipt: the guided tour's messaging step opens and answers it. */
export const PRACTICE_RECEIPT_SUBJECT = 'Đề nghị xác nhận đã đọc: kế hoạch tập huấn bảo mật quý IV';

const PRACTICE: readonly { readonly precedence: Precedence; readonly requestReceipt: boolean; readonly subject: string; readonly body: string }[] = [
  {
    precedence: 'hoaToc',
    requestReceipt: false,
    subject: 'Hỏa tốc: họp khẩn ứng phó bão lúc 14 giờ hôm nay',
    body: 'Kính gửi đồng chí,\n\nĐề nghị đồng chí có mặt tại phòng họp số 2 lúc 14 giờ hôm nay để triển khai phương án ứng phó bão.\n(Tin nhắn tập huấn / a practice message: Flash precedence, raised over every screen.)',
  },
  {
    precedence: 'khan',
    requestReceipt: true,
    subject: PRACTICE_RECEIPT_SUBJECT,
    body: 'Kính gửi đồng chí,\n\nVăn phòng gửi kế hoạch tập huấn bảo mật quý IV. Đề nghị đồng chí đọc và trả lời ý kiến trước thứ Sáu.\n(Tin nhắn tập huấn / a practice message: opening it sends the sender a signed receipt; reply to it.)',
  },
];

/**
 * Two practice messages waiting for each official, from the next colleague in the list, signed on
 * that colleague’s token with the RSA key of the certificate the directory holds (RSA-PSS), and
 * encrypted to both, so the trainee’s reply and receipt reach an inbox that exists.
 */
async function practiceMessages(parts: { readonly openssl: RunOpenSsl; readonly issuingPem: string; readonly officials: readonly MessagingOfficial[]; readonly credentials: readonly HandOverCredentials[] }): Promise<SetupJob['messages']> {
  const chain = [new Uint8Array(pemToDer(parts.issuingPem))];
  const now = new Date();
  const messages: SetupJob['messages'][number][] = [];
  for (const [index, recipient] of parts.officials.entries()) {
    const senderIndex = (index + 1) % parts.officials.length;
    const sender = parts.officials[senderIndex];
    const [from, to] = [parts.credentials[senderIndex], parts.credentials[index]];
    if (sender === undefined || from === undefined || to === undefined) throw new Error('an official without an account');
    for (const practice of PRACTICE) {
      const written = await writeMessage({
        draft: { subject: practice.subject, body: practice.body, classification: 'mat', precedence: practice.precedence, expiresAt: new Date(now.getTime() + 30 * 86_400_000), requestReceipt: practice.requestReceipt },
        signer: opensslSigner(parts.openssl, sender.rsaKey, new X509Certificate(sender.rsaDer).toString(), 'rsaPssSha256'),
        chain,
        recipients: [recipient.rsaDer],
        senderCertificates: [sender.rsaDer],
        now,
      });
      messages.push({ senderId: from.user, senderSeed: Buffer.from(from.seed).toString('ascii'), recipient: to.user, precedence: practice.precedence, msgId: written.messageId, data: Buffer.from(written.message).toString('base64') });
    }
  }
  return messages;
}

/** The stream, the buckets and the practice messages, written from where the server is reachable (messaging-setup.ts). */
export async function fillMessagingServer(prepared: PreparedMessaging, parts: { readonly openssl: RunOpenSsl; readonly issuingPem: string; readonly officials: readonly MessagingOfficial[] }): Promise<number> {
  const messages = await practiceMessages({ ...parts, credentials: prepared.credentials });
  const job: SetupJob = {
    servers: [prepared.profile.url],
    rootsPem: prepared.credentials[0]?.rootsPem ?? '',
    adminSeed: prepared.adminSeed,
    users: prepared.credentials.map((credentials) => credentials.user),
    bucketBytes: BUCKET_BYTES,
    messages,
  };
  const node = [process.execPath, '--import', 'tsx', path.join(root, 'tools/training-kit/messaging-setup.ts')];
  const argv = [...(prepared.profile.netns === undefined ? [] : ['ip', 'netns', 'exec', prepared.profile.netns]), ...node];
  const child = spawn(argv[0] ?? process.execPath, argv.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stdin.end(JSON.stringify(job));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the messaging server's stream, buckets and practice messages were not written (${code})\n${output}`);
  return messages.length;
}

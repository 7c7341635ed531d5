// Makes a training workstation from real parts, all under `home`: SoftHSM tokens with keys made on
// them, the training CA and its CRLs, the encrypted store files wrapped to every official, the
// colleague directory (through the real core, as the Directory screen would import), the inbox, the
// signed zone policy and, as root, the zones as network namespaces with the privileged helper.
import { randomInt } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TRAINING_PROFILE_FORMAT, type TrainingProfile } from '../../electron/core/training/training-profile.js';
import type { TrainingOfficial, TrainingZoneSwitching } from '../../shared/ipc/contracts/training.js';
import { TRAINING_CAST, TRAINING_NAME } from './cast.js';
import { fillInbox, type InboxDocument } from './inbox.js';
import { PRACTICE_FOLDER, writePracticePdf } from './documents/practice-signing.js';
import { runTool, type ToolEnv, type ToolOutput } from './pki/run-tool.js';
import { generateTokenKeys, initToken, readTokenSerials, SOFTHSM_MODULE, tokenKeyRefs, writeCertificateToToken, writeSoftHsmConf } from './pki/softhsm.js';
import type { StateRecorder } from './state.js';
import { makeRecoveryKey, TRAINING_BACKUP_DRIVE, TRAINING_BACKUP_TARGET, type TrainingRecovery } from './training-backup.js';
import { createTrainingCa, issueOfficialCertificates, publishTrainingCrls, type OfficialCertificates } from './training-pki.js';
import { createTrainingStores, fillDirectory } from './training-stores.js';
import { makeTrainingZones } from './training-zones.js';
import { fillMessagingServer, MESSAGING_ZONE, prepareMessaging, startMessagingServer, type MessagingOfficial } from './training-messaging.js';

export const PROFILE_FILE = 'training.json';

export interface TrainingWorkstation {
  readonly home: string;
  readonly profilePath: string;
  readonly profile: TrainingProfile;
  readonly officials: readonly (TrainingOfficial & { readonly serial: string })[];
  readonly documents: readonly InboxDocument[];
  readonly zoneSwitching: TrainingZoneSwitching;
  /** The workstation's network namespace, when the zones are real. */
  readonly netns?: string;
  /** How many practice messages wait on the messaging server. */
  readonly practiceMessages: number;
  /** The unsigned PDF the tour's signDocument step signs (documents/practice-signing.ts). */
  readonly practicePdf: string;
  /** The organisation's recovery token (its PIN printed once, for the cipher officer) and the folder standing in for the backup USB drive. */
  readonly recovery: Pick<TrainingRecovery, 'tokenLabel' | 'pin'>;
  readonly backupDrive: string;
}

export interface CreateOptions {
  readonly home: string;
  readonly state: StateRecorder;
  /** Real network namespaces and the helper: only as root (default: when root). */
  readonly namespaces?: boolean;
  readonly log?: (line: string) => void;
}

/** Six digits, from the CSPRNG: a practice PIN, shown to the trainees. */
const newPin = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export async function createTrainingWorkstation(options: CreateOptions): Promise<TrainingWorkstation> {
  const { home, state } = options;
  const log = options.log ?? (() => undefined);
  const namespaces = options.namespaces ?? process.getuid?.() === 0;
  const dirs = { tokens: path.join(home, 'softhsm'), pki: path.join(home, 'pki'), trust: path.join(home, 'trust'), data: path.join(home, 'data'), inbox: path.join(home, 'inbox'), zones: path.join(home, 'zones'), messaging: path.join(home, 'messaging'), recovery: path.join(home, 'khoi-phuc'), drive: path.join(home, TRAINING_BACKUP_DRIVE) };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true, mode: 0o700 })));

  // Tokens: one SoftHSM token store for the four, in the training folder.
  const confPath = await writeSoftHsmConf(dirs.tokens);
  const env: ToolEnv = { SOFTHSM2_CONF: confPath, PKCS11_MODULE_PATH: SOFTHSM_MODULE };
  const openssl = (args: readonly string[]): Promise<ToolOutput> => runTool('openssl', args, env, dirs.pki);
  const pkcs11Tool = (args: readonly string[]): Promise<ToolOutput> => runTool('pkcs11-tool', ['--module', SOFTHSM_MODULE, ...args], env, dirs.pki);
  const cast = TRAINING_CAST.map((member) => ({ member, pin: newPin(), keys: tokenKeyRefs(member.tokenLabel) }));
  log('Thiết bị ký số SoftHSM và khoá tạo trên thiết bị / SoftHSM tokens and keys made on them');
  const makeTokens = async (): Promise<void> => {
    for (const { member, pin } of cast) {
      await initToken(env, member.tokenLabel, { userPin: pin, soPin: `${newPin()}${newPin()}` });
      await generateTokenKeys(pkcs11Tool, member.tokenLabel, pin, ['rsa', 'ec']);
    }
  };
  const [, ca] = await Promise.all([makeTokens(), createTrainingCa(dirs.pki, openssl, new Date())]);

  log('Chứng thư số tập huấn / training certificates');
  const certificates: OfficialCertificates[] = [];
  for (const [index, { member, pin, keys }] of cast.entries()) {
    const issued = await issueOfficialCertificates(ca, openssl, member, index, { rsaUri: keys.rsa.uri, ecUri: keys.ec.uri, pin });
    for (const [key, derPath] of [[keys.rsa, issued.rsaDer], [keys.ec, issued.ecDer]] as const) {
      await writeCertificateToToken(pkcs11Tool, { tokenLabel: member.tokenLabel, userPin: pin, key, derPath });
    }
    certificates.push(issued);
  }
  log('Khoá khôi phục của cơ quan trên thiết bị riêng, ổ USB sao lưu tập huấn / the organisation\'s recovery key on its own token, the training backup drive');
  const recovery = await makeRecoveryKey(dirs.recovery, ca, { userPin: newPin(), soPin: `${newPin()}${newPin()}` });
  const crls = await publishTrainingCrls(ca, openssl);
  const [rootPem, issuingPem] = await Promise.all([readFile(ca.rootCert, 'utf8'), readFile(ca.issuingCert, 'utf8')]);
  const trust = { anchors: path.join(dirs.trust, 'roots.pem'), intermediates: path.join(dirs.trust, 'intermediates.pem') };
  await writeFile(trust.anchors, rootPem);
  await writeFile(trust.intermediates, issuingPem);
  const serials = await readTokenSerials(env);

  log(namespaces ? 'Vùng mạng: network namespace và bộ bảo vệ mạng / zones as network namespaces with the network guard (helper)' : 'Vùng mạng: chỉ hiển thị (không chạy với quyền root) / zones shown only (not root)');
  const crlDers = [crls.crlDer, crls.rootCrlDer];
  const zones = await makeTrainingZones(dirs.zones, { namespaces, state, openssl, ca, pems: { rootPem, issuingPem }, crls: crlDers, recoveryCertificateDer: recovery.certificateDer });

  // Messaging: the server's files and every official's account, before the stores that seal them.
  const cipherZone = zones.zones.find((zone) => zone.id === MESSAGING_ZONE);
  if (cipherZone === undefined) throw new Error(`no ${MESSAGING_ZONE} zone`);
  const messagingOfficials: MessagingOfficial[] = await Promise.all(
    cast.map(async ({ pin, keys }, index) => ({
      rsaDer: new Uint8Array(await readFile(certificates[index]?.rsaDer ?? '')),
      rsaKey: { uri: keys.rsa.uri, pin },
    })),
  );
  const messaging = await prepareMessaging(dirs.messaging, {
    ca,
    openssl,
    rootPem,
    officials: messagingOfficials,
    ...(zones.profile.netns === undefined ? {} : { cipherZone: { netns: cipherZone.ns, gateway: cipherZone.gateway } }),
  });

  const officials = cast.map(({ member, pin }) => {
    const serial = serials.get(member.tokenLabel);
    if (serial === undefined) throw new Error(`softhsm2-util does not list the token "${member.tokenLabel}"`);
    return { ...member, pin, serial };
  });
  const profile: TrainingProfile = {
    format: TRAINING_PROFILE_FORMAT,
    name: TRAINING_NAME,
    home,
    dataDir: dirs.data,
    inboxDir: dirs.inbox,
    trust,
    token: { modules: [SOFTHSM_MODULE], softhsmConf: confPath },
    zones: zones.profile,
    officials: officials.map(({ serial: _serial, ...official }) => official),
    messaging: messaging.profile,
  };

  const der = async (file: string): Promise<Uint8Array> => new Uint8Array(await readFile(file));
  const rsaDers = await Promise.all(certificates.map((issued) => der(issued.rsaDer)));
  const ecDers = await Promise.all(certificates.map((issued) => der(issued.ecDer)));
  await createTrainingStores(dirs.data, [...rsaDers, ...ecDers], zones.zones.map((zone) => zone.id), { zone: MESSAGING_ZONE, credentials: messaging.credentials }, {
    folders: [path.join(home, PRACTICE_FOLDER)],
    targetFolders: { [TRAINING_BACKUP_TARGET]: dirs.drive },
  });

  log('Danh bạ đồng nghiệp và hộp thư đến / colleague directory and inbox');
  const first = officials[0];
  if (first === undefined) throw new Error('no official');
  await fillDirectory(profile, first, { crls: crlDers, rootPem, issuingPem, colleagues: certificates.map((issued) => issued.rsaDer) });
  const senders = await Promise.all(cast.map(async ({ pin, keys }, index) => ({ ecKey: { uri: keys.ec.uri, pin }, ecCertPem: await readFile(certificates[index]?.ecCert ?? '', 'utf8') })));
  const documents = await fillInbox(dirs.inbox, openssl, { recipients: rsaDers, issuingPem, senders });
  const practicePdf = await writePracticePdf(path.join(home, PRACTICE_FOLDER));

  log(
    messaging.profile.where === 'cipherZone'
      ? `Máy chủ tin nhắn trong mạng cơ yếu, ${messaging.profile.url} / messaging server on the cipher network`
      : `Máy chủ tin nhắn trên loopback, ${messaging.profile.url} / messaging server on loopback (not root)`,
  );
  await startMessagingServer(messaging.profile, state);
  const practiceMessages = await fillMessagingServer(messaging, { openssl, issuingPem, officials: messagingOfficials });
  // The seeds now live only in the cipher zone's sealed store.
  for (const credentials of messaging.credentials) credentials.seed.fill(0);

  const profilePath = path.join(home, PROFILE_FILE);
  await writeFile(profilePath, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  await state.ready();
  return { home, profilePath, profile, officials, documents, practiceMessages, practicePdf, recovery: { tokenLabel: recovery.tokenLabel, pin: recovery.pin }, backupDrive: dirs.drive, zoneSwitching: zones.profile.switching, ...(zones.profile.netns === undefined ? {} : { netns: zones.profile.netns }) };
}

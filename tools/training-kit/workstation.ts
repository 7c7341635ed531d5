// Makes a training workstation from real parts, all under `home`: SoftHSM tokens with keys made on
// them, the training CA and its CRLs, the encrypted store files wrapped to every official, the
// colleague directory (through the real core, as the Directory screen would import), the inbox, the
// signed zone policy and, as root, the zones as network namespaces with the privileged helper.
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CrlCache } from '../../electron/core/certificates/revocation.js';
import { createCore } from '../../electron/core/core.js';
import { SealedStore, type StoreRecipient } from '../../electron/core/store/sealed-store.js';
import { markStoreProfile } from '../../electron/core/store/store-profile.js';
import { TRAINING_PROFILE_FORMAT, type TrainingProfile } from '../../electron/core/training/training-profile.js';
import { crlStoreFor, FileCrlStore } from '../../electron/platform/file-crl-store.js';
import { nodeTokenProcessLauncher } from '../../electron/platform/node-token-process.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import type { TrainingOfficial, TrainingZoneSwitching } from '../../shared/ipc/contracts/training.js';
import { TRAINING_CAST, TRAINING_NAME, type CastMember } from './cast.js';
import { fillInbox, type InboxDocument } from './inbox.js';
import { runTool, type ToolEnv, type ToolOutput } from './pki/run-tool.js';
import { generateTokenKeys, initToken, readTokenSerials, SOFTHSM_MODULE, tokenKeyRefs, writeCertificateToToken, writeSoftHsmConf } from './pki/softhsm.js';
import type { StateRecorder } from './state.js';
import { createTrainingCa, issueOfficialCertificates, publishTrainingCrls, type OfficialCertificates } from './training-pki.js';
import { createZoneLab, labZones, type LabZone } from './zones/zone-lab.js';
import { helperCommand, writeHelperConfig, writeSignedPolicyFile, zonePolicy } from './zones/zone-policy.js';

const root = path.resolve(import.meta.dirname, '../..');
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
  const dirs = { tokens: path.join(home, 'softhsm'), pki: path.join(home, 'pki'), trust: path.join(home, 'trust'), data: path.join(home, 'data'), inbox: path.join(home, 'inbox'), zones: path.join(home, 'zones') };
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
  const crls = await publishTrainingCrls(ca, openssl);
  const [rootPem, issuingPem] = await Promise.all([readFile(ca.rootCert, 'utf8'), readFile(ca.issuingCert, 'utf8')]);
  const trust = { anchors: path.join(dirs.trust, 'roots.pem'), intermediates: path.join(dirs.trust, 'intermediates.pem') };
  await writeFile(trust.anchors, rootPem);
  await writeFile(trust.intermediates, issuingPem);
  const serials = await readTokenSerials(env);

  // Zones: the same three addresses with or without namespaces; as root they exist.
  log(namespaces ? 'Vùng mạng: network namespace và bộ bảo vệ mạng / zones as network namespaces with the network guard (helper)' : 'Vùng mạng: chỉ hiển thị (không chạy với quyền root) / zones shown only (not root)');
  const lab = namespaces ? await createZoneLab({ prefix: 'alt', rogue: false, onCreated: (ns) => state.addNamespace(ns) }) : undefined;
  const zones: readonly LabZone[] = lab?.zones ?? labZones('000000', 'alt');
  const policyPath = path.join(dirs.zones, 'policy', 'zones.policy.json');
  await writeSignedPolicyFile(openssl, policyPath, zonePolicy(zones), ['-sign', ca.adminKey], `${await readFile(ca.adminCert, 'utf8')}${issuingPem}`);
  let helper: [string, ...string[]] | undefined;
  if (lab !== undefined) {
    const helperFiles = await writeHelperConfig(path.join(dirs.zones, 'helper'), { policyPath, anchorsPem: rootPem, netns: lab.workstation });
    const helperCrls = new CrlCache(new FileCrlStore(helperFiles.crlDir));
    for (const crl of [crls.crlDer, crls.rootCrlDer]) await helperCrls.import(crl, [rootPem, issuingPem]);
    helper = [...helperCommand(existsSync(path.join(root, 'dist/zone-helper/airlock-zone-helper.mjs'))), '--config', helperFiles.configPath];
  }

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
    zones: { policy: policyPath, switching: lab === undefined ? 'notRoot' : 'available', ...(helper === undefined ? {} : { helper }), ...(lab === undefined ? {} : { netns: lab.workstation }) },
    officials: officials.map(({ serial: _serial, ...official }) => official),
  };

  // The store files, wrapped to every official's two certificates (a real workstation wraps to its first user only).
  const der = async (file: string): Promise<Uint8Array> => new Uint8Array(await readFile(file));
  const rsaDers = await Promise.all(certificates.map((issued) => der(issued.rsaDer)));
  const ecDers = await Promise.all(certificates.map((issued) => der(issued.ecDer)));
  await createStores(dirs.data, [...rsaDers, ...ecDers].map((certificateDer) => ({ certificateDer, role: 'user' as const })), zones.map((zone) => zone.id));

  log('Danh bạ đồng nghiệp và hộp thư đến / colleague directory and inbox');
  await fillDirectory(profile, officials[0], crls, { rootPem, issuingPem }, certificates);
  const senders = await Promise.all(cast.map(async ({ pin, keys }, index) => ({ ecKey: { uri: keys.ec.uri, pin }, ecCertPem: await readFile(certificates[index]?.ecCert ?? '', 'utf8') })));
  const documents = await fillInbox(dirs.inbox, openssl, { recipients: rsaDers, issuingPem, senders });

  const profilePath = path.join(home, PROFILE_FILE);
  await writeFile(profilePath, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  await state.ready();
  return { home, profilePath, profile, officials, documents, zoneSwitching: lab === undefined ? 'notRoot' : 'available', ...(lab === undefined ? {} : { netns: lab.workstation }) };
}

/** settings.db, audit.db and one file per zone, marked as a training workstation's. */
async function createStores(dataDir: string, recipients: readonly StoreRecipient[], zoneIds: readonly string[]): Promise<void> {
  for (const name of ['settings.db', 'audit.db', ...zoneIds.map((id) => `zone-${id}.db`)]) {
    const store = SealedStore.create(path.join(dataDir, name), recipients);
    markStoreProfile(store, 'training');
    store.close();
  }
}

/**
 * The CRLs and the colleagues' certificates go in through the real core, as the cipher officer's
 * CRL import and the Directory screen would put them (checked against the training CA, audited).
 */
async function fillDirectory(
  profile: TrainingProfile,
  first: (CastMember & { readonly pin: string; readonly serial: string }) | undefined,
  crls: { readonly crlDer: Buffer; readonly rootCrlDer: Buffer },
  pems: { readonly rootPem: string; readonly issuingPem: string },
  certificates: readonly OfficialCertificates[],
): Promise<void> {
  if (first === undefined) throw new Error('no official');
  const core = createCore({
    shell: 'chromium',
    version: 'training-kit',
    platform: process.platform,
    appOrigin: CHROMIUM_APP_ORIGIN,
    log: { internalError: () => undefined, refused: () => undefined, event: () => undefined },
    token: {
      launcher: nodeTokenProcessLauncher({ entry: path.join(root, 'electron/token-process/entry.ts'), execArgv: ['--import', 'tsx'], env: { ...process.env, SOFTHSM2_CONF: profile.token.softhsmConf } }),
      modulePaths: profile.token.modules,
    },
    trust: { anchors: [pems.rootPem], intermediates: [pems.issuingPem] },
    dataDir: profile.dataDir,
    crlStore: crlStoreFor(profile.dataDir),
    training: profile,
  });
  const sender = { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true };
  try {
    for (const crl of [crls.crlDer, crls.rootCrlDer]) {
      const result = await core.services.crls.import(crl, [pems.rootPem, pems.issuingPem]);
      if (result.status === 'rejected') throw new Error(`the training CRL was refused: ${result.reason}`);
    }
    await core.start();
    const unlocked = await core.dispatcher.dispatch('session.unlock', { token: { serial: first.serial, label: first.tokenLabel }, pin: first.pin }, sender);
    if (!unlocked.ok) throw new Error(`the training store did not open with ${first.tokenLabel}: ${unlocked.error.code}`);
    for (const issued of certificates) {
      const imported = await core.dispatcher.dispatch('directory.import', { certificate: (await readFile(issued.rsaDer)).toString('base64') }, sender);
      if (!imported.ok || (imported.value as { status: string }).status === 'rejected') throw new Error(`the directory refused ${issued.rsaCert}: ${JSON.stringify(imported)}`);
    }
    await core.dispatcher.dispatch('session.lock', {}, sender);
  } finally {
    core.stop();
  }
}

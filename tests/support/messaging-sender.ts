// The sending side of one official, assembled by createSendSide as the core will: a real sealed SQLite store (unlocked
// by the token's RSA key), the colleague directory over the test PKI, the composer, the outbox sender
// and the Sent view. The zone policy is the one piece given as plain data (ZONES_FOR_TESTS): a real
// zone switch needs the root helper and namespaces, which the zone tests cover.
import path from 'node:path';
import type { ZonesOverview } from '../../shared/domain/zone.js';
import type { ClassificationLevel } from '../../shared/domain/levels.js';
import type { AuditRecorder } from '../../electron/core/audit-recorder.js';
import { ColleagueDirectory, MemoryDirectoryStore } from '../../electron/core/directory/colleague-directory.js';
import type { SignerTrust } from '../../electron/core/messaging/cms-signed-data-verifier.js';
import type { MessageComposer } from '../../electron/core/messaging/message-composer.js';
import type { MessageTrackingStore } from '../../electron/core/messaging/message-tracking-store.js';
import type { OutboxSender } from '../../electron/core/messaging/outbox-sender.js';
import { SealedMessageStore } from '../../electron/core/messaging/sealed-message-store.js';
import { createSendSide } from '../../electron/core/messaging/send-side.js';
import type { SealedOutbox } from '../../electron/core/messaging/sealed-outbox.js';
import type { SentView } from '../../electron/core/messaging/sent-view.js';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import type { TokenKeyHolder } from '../../electron/core/token/token-key-holders.js';
import type { Teardown } from './teardown.js';

type Zones = Pick<ZonesOverview, 'status' | 'zones'>;

const zone = (id: string, vi: string, en: string, highestClassification: ClassificationLevel, services: ZonesOverview['zones'][number]['services']) => ({ id, name: { vi, en }, colour: '#224466', highestClassification, services });

/** Three zones: the office LAN (unclassified, no messaging), the Mật network, the Tối mật cipher network. */
export const ZONE_LIST = [
  zone('office', 'Mạng văn phòng', 'Office network', 'unclassified', ['documents']),
  zone('mat', 'Mạng Mật', 'Confidential network', 'mat', ['messaging', 'documents']),
  zone('toimat', 'Mạng cơ yếu Tối mật', 'Top secret cipher network', 'toiMat', ['messaging']),
];

/** The live zone as the zone service would report it (plain data: see the file's header). */
export function liveZone(id: string): Zones {
  const active = ZONE_LIST.find((candidate) => candidate.id === id);
  if (active === undefined) throw new Error(`no zone ${id}`);
  const { services: _services, ...status } = active;
  return { status: { active: status, highestClassification: active.highestClassification }, zones: ZONE_LIST };
}

export interface AuditLine {
  readonly kind: string;
  readonly result: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface SenderSide {
  readonly file: string;
  readonly store: SealedStore;
  readonly directory: ColleagueDirectory;
  readonly directoryStore: MemoryDirectoryStore;
  readonly messages: SealedMessageStore;
  readonly outbox: SealedOutbox;
  readonly tracking: MessageTrackingStore;
  readonly composer: MessageComposer;
  readonly sender: OutboxSender;
  readonly view: SentView;
  readonly audit: AuditLine[];
  /** The directory's clock (undefined: the real one), to see a certificate expire. */
  setDirectoryNow(now: Date | undefined): void;
  /** Makes `id` the live zone the composer sees. */
  switchTo(id: string): void;
}

export async function senderSide(options: { readonly teardown: Teardown; readonly name: string; readonly key: TokenKeyHolder; readonly chain: readonly Uint8Array[]; readonly trust: SignerTrust; readonly zone?: string }): Promise<SenderSide> {
  const dir = await options.teardown.tempDir(`airlock-send-${options.name}-`);
  const file = path.join(dir, 'zone.db');
  const store = SealedStore.create(file, [{ certificateDer: options.key.certificateDer, role: 'user' }]);
  options.teardown.defer(() => {
    if (store.database.open) store.close();
  });
  const audit: AuditLine[] = [];
  const recorder: AuditRecorder = { record: (kind, result, details = {}) => void audit.push({ kind, result, details }) };
  const directoryStore = new MemoryDirectoryStore();
  let directoryNow: Date | undefined;
  const directory = new ColleagueDirectory({ store: directoryStore, anchors: options.trust.anchors, crls: options.trust.crls, now: () => directoryNow ?? new Date() });
  const messages = new SealedMessageStore(store, recorder);
  let live = liveZone(options.zone ?? 'mat');
  const side = createSendSide({
    store,
    directory,
    zones: { overview: () => live },
    sender: () => Promise.resolve({ signer: options.key.signer, chain: options.chain, ownCertificates: [options.key.certificateDer] }),
    audit: recorder,
    trust: options.trust,
  });
  return {
    file,
    store,
    directory,
    directoryStore,
    messages,
    outbox: side.outbox,
    tracking: side.tracking,
    audit,
    composer: side.composer,
    sender: side.sender,
    view: side.view,
    setDirectoryNow: (now) => {
      directoryNow = now;
    },
    switchTo: (id) => {
      live = liveZone(id);
    },
  };
}

// `airlock backup … --messaging HANDOVER.alc`: the object-store target from the command line. The
// official's hand-over (the cipher officer's container, encrypted to their certificate) is opened on
// the token with every check, in memory only, and one connection made with it for this run, in a
// zone of the signed policy that allows messaging; nothing of it is kept (docs/backup-repository.md).
import { isWithinCeiling } from '../../shared/domain/levels.js';
import type { BackupMessagingPort } from '../core/backup/backup-service.js';
import type { SignerTrust } from '../core/documents/container-reader.js';
import { DomainError } from '../core/domain-error.js';
import { MessagingConnection } from '../core/messaging/connection.js';
import { openHandOver } from '../core/messaging/credentials-import.js';
import type { TokenKeyHolder } from '../core/token/token-key-holders.js';
import type { ZonePolicy } from '../core/zones/policy-schema.js';

const CONNECT_WITHIN_MS = 20_000;

export interface CliMessaging {
  readonly port: BackupMessagingPort;
  close(): Promise<void>;
}

export async function cliMessaging(file: string, deps: { readonly policy: ZonePolicy; readonly zone: string; readonly holders: readonly TokenKeyHolder[]; readonly trust: SignerTrust; readonly connectWithinMs?: number }): Promise<CliMessaging> {
  const zone = deps.policy.zones.find((item) => item.id === deps.zone);
  // The same rule as the app's: no messaging connection in a zone whose policy does not list the service.
  if (zone === undefined || !zone.services.includes('messaging')) throw new DomainError('messaging.zoneWithoutMessaging');
  const { credentials } = await openHandOver(file, {
    keys: deps.holders,
    trust: deps.trust,
    gate: (label) => {
      if (!isWithinCeiling(label.level, zone.highestClassification)) throw new DomainError('zone.levelTooHigh');
    },
  });
  let connection: MessagingConnection;
  try {
    connection = new MessagingConnection({ servers: credentials.servers, rootsPem: credentials.rootsPem, user: credentials.user, device: credentials.device, seed: credentials.seed });
  } finally {
    // The connection took its own copy (zeroed by its close).
    credentials.seed.fill(0);
  }
  connection.open();
  let timer: NodeJS.Timeout | undefined;
  const connected = await Promise.race([
    connection.until((state) => state.kind === 'connected').then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deps.connectWithinMs ?? CONNECT_WITHIN_MS))),
  ]);
  clearTimeout(timer);
  if (!connected) {
    await connection.close();
    throw new DomainError('messaging.notConnected');
  }
  return {
    port: {
      connectionFor: (asked) => {
        if (asked !== deps.zone) throw new DomainError('messaging.notConnected');
        return connection.connection();
      },
    },
    close: () => connection.close(),
  };
}

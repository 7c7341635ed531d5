import type { AuditTrail } from '../audit/audit-trail.js';
import type { EventBus } from '../event-bus.js';
import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { TokenService } from '../token/token-service.js';
import type { StoreProfile } from '../store/store-profile.js';
import { storeHandlers } from './handlers.js';
import { KeyRotationJob } from './key-rotation-job.js';
import { WorkstationVault } from './workstation-vault.js';

export interface VaultDeps {
  readonly tokens: TokenService | undefined;
  /** Where the encrypted store files live; without it (tests of the frame) nothing is persisted. */
  readonly dataDir: string | undefined;
  /** Which kind of workstation this is; its store files refuse the other kind. */
  readonly profile: StoreProfile;
  readonly events: EventBus;
  readonly audit: AuditTrail;
  /** Every collection of the settings store found by a lookup, from the capabilities that own them. */
  readonly lookups: LookupDerivations;
}

/** The workstation's encrypted files (keys on the token) and their key rotation, with the store.* handlers. */
export function createVault({ tokens, dataDir, profile, events, audit, lookups }: VaultDeps) {
  const vault = tokens === undefined || dataDir === undefined ? undefined : new WorkstationVault({ dataDir, tokens, profile });
  const keyRotation = new KeyRotationJob({ vault, events, audit, lookups });
  return { vault, keyRotation, handlers: storeHandlers(keyRotation) };
}

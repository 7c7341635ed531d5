import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { TokenService } from '../token/token-service.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';
import { zoneHandlers } from './handlers.js';
import type { ZoneShellPort } from './zone-ports.js';
import { ZoneService, type ZoneHelperPort } from './zone-service.js';

/** The signed policy file and the privileged helper; without them no zone can be activated. */
export interface ZonesConfig {
  readonly policyPath?: string;
  readonly helper?: ZoneHelperPort;
  readonly shell?: ZoneShellPort;
  readonly recheckMs?: number;
}

export interface ZonesDeps {
  readonly config: ZonesConfig | undefined;
  readonly trust: CertificateTrust;
  readonly tokens: TokenService | undefined;
  readonly vault: WorkstationVault | undefined;
  readonly session: WorkstationSession;
  readonly audit: AuditTrail;
  readonly events: EventBus;
}

/** Network zones: the policy, the switch procedure, the helper, with the zones.* handlers. */
export function createZones({ config, trust, tokens, vault, session, audit, events }: ZonesDeps) {
  const zones = new ZoneService({
    policyPath: config?.policyPath,
    trust,
    helper: config?.helper,
    tokens,
    vault,
    session,
    audit,
    events,
    ...(config?.shell === undefined ? {} : { shell: config.shell }),
    ...(config?.recheckMs === undefined ? {} : { recheckMs: config.recheckMs }),
  });
  return { zones, handlers: zoneHandlers(zones) };
}

import type { SwitchStep } from '../../../shared/domain/zone-vocabulary.js';
import type { ZoneId } from '../../../shared/domain/zone.js';

/**
 * The network operations of a zone switch, in zone terms: which interfaces, addresses and
 * routes a zone means is the adapter's business (it holds the verified policy). Implemented by
 * the OS adapters inside the privileged helper, and by the helper client in the main process.
 * Every method either finishes its step completely or throws a ZoneStepError.
 */
export interface ZoneNetwork {
  /** Destroys every socket on any zone's addresses (TCP and UDP), answers how many. */
  killSockets(): Promise<number>;
  /** Deny-all firewall, except loopback and (when given) the zone's interfaces. */
  firewall(allow: ZoneId | null): Promise<void>;
  /** Every zone interface (and, by policy, every unlisted one) down and without addresses, checked. */
  linksDown(): Promise<void>;
  /** The zone's interfaces addressed and up, with carrier. */
  targetUp(zone: ZoneId): Promise<void>;
  route(zone: ZoneId): Promise<void>;
  dns(zone: ZoneId): Promise<void>;
  /** Exactly this zone's links up, every route through them, DNS inside the zone. */
  verify(zone: ZoneId): Promise<void>;
  /** Fail closed: firewall to loopback only and every link down, whatever state things are in. */
  isolate(): Promise<void>;
}

export type NetworkStep = Exclude<SwitchStep, 'authorise' | 'leaveZone'>;

export class ZoneStepError extends Error {
  constructor(
    readonly step: SwitchStep,
    /** For the audit log and the main log: the tool's message, the interface. Not shown raw to users. */
    readonly detail: string,
  ) {
    super(`${step}: ${detail}`);
  }
}

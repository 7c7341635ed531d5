import type { ZoneStatus } from '../../../shared/domain/zone.js';

/**
 * The banners' source of truth. Until the zone service and a signed policy exist no zone can be
 * active, so the ceiling is "unclassified": fail closed rather than guess a level.
 */
export class ZoneStatusSource {
  status(): ZoneStatus {
    return { active: null, highestClassification: 'unclassified' };
  }
}

import { isWithinCeiling, type Classification } from '../../../shared/domain/classification.js';
import type { BackupTargetPolicy, ZonePolicy } from '../zones/policy-schema.js';

/**
 * The zone policy's word on backups (docs/zones.md "Backup targets"): the target the workstation in
 * `zoneId` may back up to, or undefined. Fail closed: an unknown zone or target, a target that does
 * not list the zone, or one that may not hold the zone's highest level (the policy schema refuses
 * such a policy; checked again here because a backup would carry everything up to that level).
 */
export function mayBackUp(policy: ZonePolicy, zoneId: string, targetId: string): BackupTargetPolicy | undefined {
  const zone = policy.zones.find((item) => item.id === zoneId);
  const target = policy.backupTargets?.find((item) => item.id === targetId);
  if (zone === undefined || target === undefined || !target.zones.includes(zone.id)) return undefined;
  return isWithinCeiling(zone.highestClassification, target.highestClassification) ? target : undefined;
}

/** The targets the workstation in `zoneId` may back up to, in the policy's order. */
export function backupTargetsFor(policy: ZonePolicy, zoneId: string): BackupTargetPolicy[] {
  return (policy.backupTargets ?? []).filter((target) => mayBackUp(policy, zoneId, target.id) !== undefined);
}

/** A backup whose highest level is `level` may be restored only in a zone allowed to hold it. */
export function mayRestore(policy: ZonePolicy, zoneId: string, level: Classification): boolean {
  const zone = policy.zones.find((item) => item.id === zoneId);
  return zone !== undefined && isWithinCeiling(level, zone.highestClassification);
}

import { z } from 'zod';
import { Classification, isWithinCeiling } from '../../../shared/domain/classification.js';
import { LocalizedText } from '../../../shared/domain/language.js';
import { ZoneColour, ZoneId, ZoneService } from '../../../shared/domain/zone.js';

/** Linux IFNAMSIZ is 16 with the NUL; Windows aliases are longer but we keep one rule for both. */
export const InterfaceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/);

export const ZoneInterface = z.strictObject({
  name: InterfaceName,
  /** The workstation's own static address on that network, CIDR (classified networks are not DHCP). */
  address: z.cidrv4(),
});

export const ZoneDefinition = z.strictObject({
  id: ZoneId,
  name: LocalizedText,
  colour: ZoneColour,
  highestClassification: Classification,
  interfaces: z.array(ZoneInterface).min(1).max(8),
  gateway: z.ipv4().optional(),
  dns: z.array(z.ipv4()).max(4),
  services: z.array(ZoneService),
  /**
   * The RFC 3161 timestamp authority a signature made in this zone may ask (#17, docs/signing.md):
   * an address on this zone's network, signed by the administrator like every other place the
   * workstation reaches. Absent: no trusted time is offered in this zone.
   */
  timestampAuthority: z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2048) }).optional(),
});
export type ZoneDefinition = z.infer<typeof ZoneDefinition>;

/**
 * How content may move from one zone to another. Absent pair: forbidden. Moving to a zone whose
 * ceiling is lower always also needs a declassification record, whatever the rule says.
 */
export const TransferRule = z.strictObject({
  from: ZoneId,
  to: ZoneId,
  rule: z.enum(['allowed', 'declassificationRecord', 'forbidden']),
});

/** A backup place's id, as zones and snapshots name it. */
export const BackupTargetId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);

/**
 * Where the zones listed may back up (#16, docs/backup-repository.md "Targets"): what the
 * administrator signs is what the workstation connects to, so the SFTP host key pin comes from here.
 * A target absent, or a zone not listed: no backup (fail closed).
 */
const BackupPlace = z.discriminatedUnion('kind', [
  /** A folder on removable media the user picks when backing up. */
  z.strictObject({ kind: z.literal('removableMedia') }),
  z.strictObject({
    kind: z.literal('sftp'),
    host: z.union([z.ipv4(), z.string().regex(/^[a-z0-9][a-z0-9.-]{0,252}$/)]),
    port: z.number().int().min(1).max(65535),
    username: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/),
    /** Absolute folder on the server. */
    root: z.string().regex(/^\/[A-Za-z0-9._/-]{0,255}$/),
    /** The server's host key, `ssh-keygen -l -E sha256` (`SHA256:` + 43 base64 characters). */
    hostKeySha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  }),
  /** A bucket of the messaging cluster's object store, made by the administrator. */
  z.strictObject({ kind: z.literal('objectStore'), bucket: z.string().regex(/^airlock-backup-[A-Za-z0-9_-]{1,64}$/) }),
]);

export const BackupTargetPolicy = z.strictObject({
  id: BackupTargetId,
  name: LocalizedText,
  place: BackupPlace,
  /** The highest level this place may hold: a zone backs up here only if its own ceiling is not above. */
  highestClassification: Classification,
  /** The zones whose workstations may back up here. */
  zones: z.array(ZoneId).min(1).max(16),
});
export type BackupTargetPolicy = z.infer<typeof BackupTargetPolicy>;

export const POLICY_FORMAT = 'airlock-zone-policy/1';

export const ZonePolicy = z
  .strictObject({
    format: z.literal(POLICY_FORMAT),
    /** Raised by the administrator on every change; an older serial than one seen before is refused. */
    serial: z.number().int().positive(),
    issuedAt: z.iso.datetime(),
    validUntil: z.iso.datetime(),
    coolDownSeconds: z.number().int().min(0).max(3600),
    /** An interface no zone lists (a USB modem, Wi-Fi) found up: cut it, or only alert. */
    otherInterfaces: z.enum(['cut', 'alert']),
    zones: z.array(ZoneDefinition).min(1).max(16),
    transfers: z.array(TransferRule).max(256),
    /** Levels whose plaintext a user may export to disk (an audited act); absent: unclassified only. */
    plaintextExport: z.array(Classification).max(4).optional(),
    /** Organisation's recovery certificate (DER, base64): every zone store and document is also wrapped to it. */
    recoveryCertificate: z.base64().optional(),
    /** Backup places and the zones that may back up to each; absent: no backups anywhere. */
    backupTargets: z.array(BackupTargetPolicy).max(16).optional(),
  })
  .superRefine((policy, context) => {
    const ids = policy.zones.map((zone) => zone.id);
    if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', path: ['zones'], message: 'zone ids must be unique' });
    // An interface in two zones would let one cable carry both networks.
    const names = policy.zones.flatMap((zone) => zone.interfaces.map((item) => item.name));
    if (new Set(names).size !== names.length) context.addIssue({ code: 'custom', path: ['zones'], message: 'an interface may belong to one zone only' });
    for (const [index, rule] of policy.transfers.entries()) {
      if (!ids.includes(rule.from) || !ids.includes(rule.to)) context.addIssue({ code: 'custom', path: ['transfers', index], message: 'transfer names an unknown zone' });
    }
    const targetIds = (policy.backupTargets ?? []).map((target) => target.id);
    if (new Set(targetIds).size !== targetIds.length) context.addIssue({ code: 'custom', path: ['backupTargets'], message: 'backup target ids must be unique' });
    for (const [index, target] of (policy.backupTargets ?? []).entries()) {
      for (const zoneId of target.zones) {
        const zone = policy.zones.find((item) => item.id === zoneId);
        if (zone === undefined) context.addIssue({ code: 'custom', path: ['backupTargets', index, 'zones'], message: 'backup target names an unknown zone' });
        // A backup holds everything up to the zone's ceiling: the place must be allowed to hold that much.
        else if (!isWithinCeiling(zone.highestClassification, target.highestClassification))
          context.addIssue({ code: 'custom', path: ['backupTargets', index, 'zones'], message: `zone ${zoneId} holds more than the backup target may` });
      }
    }
    if (Date.parse(policy.validUntil) <= Date.parse(policy.issuedAt)) context.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after issuedAt' });
  });
export type ZonePolicy = z.infer<typeof ZonePolicy>;

import { z } from 'zod';
import { Classification } from '../../../shared/domain/classification.js';
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
    if (Date.parse(policy.validUntil) <= Date.parse(policy.issuedAt)) context.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after issuedAt' });
  });
export type ZonePolicy = z.infer<typeof ZonePolicy>;

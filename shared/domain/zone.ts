import { z } from 'zod';
import { Classification } from './classification.js';
import { LocalizedText } from './language.js';
import { Pin, TokenRef } from './token.js';
import { POLICY_REFUSALS, SWITCH_STEPS, WATCHDOG_ACTIONS, ZONE_SERVICES } from './zone-vocabulary.js';

/** Colour of a zone's banner, a CSS hex colour chosen by the zone policy. */
export const ZoneColour = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** Lower-case, starts with a letter: used in file names (zone-<id>.db) and partition names. */
export const ZoneId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);
export type ZoneId = z.infer<typeof ZoneId>;

export const SwitchStep = z.enum(SWITCH_STEPS);
export const PolicyRefusal = z.enum(POLICY_REFUSALS);
export const ZoneService = z.enum(ZONE_SERVICES);

export const ActiveZone = z.strictObject({
  id: ZoneId,
  name: LocalizedText,
  colour: ZoneColour,
  highestClassification: Classification,
});
export type ActiveZone = z.infer<typeof ActiveZone>;

/**
 * What the banners show. With no zone active (no policy loaded yet, or a switch that
 * failed closed) nothing above "unclassified" may be handled.
 */
export const ZoneStatus = z.strictObject({
  active: ActiveZone.nullable(),
  highestClassification: Classification,
});
export type ZoneStatus = z.infer<typeof ZoneStatus>;

/** A zone as the Zones screen lists it (no addresses: the renderer has no use for them). */
export const ZoneSummary = ActiveZone.extend({ services: z.array(ZoneService) });
export type ZoneSummary = z.infer<typeof ZoneSummary>;

export const PolicyState = z.discriminatedUnion('state', [
  z.strictObject({
    state: z.literal('loaded'),
    serial: z.number().int().positive(),
    validUntil: z.iso.datetime(),
    /** The administrator who signed it: name and organisation (shared/domain/person-name.ts). */
    signer: z.string(),
    coolDownSeconds: z.number().int().nonnegative(),
  }),
  z.strictObject({ state: z.literal('refused'), reason: PolicyRefusal }),
]);
export type PolicyState = z.infer<typeof PolicyState>;

export const WatchdogAlert = z.strictObject({
  action: z.enum(WATCHDOG_ACTIONS),
  interface: z.string().max(64),
  /** The zone the interface belongs to; null for an interface no zone lists. */
  zone: ZoneId.nullable(),
  at: z.iso.datetime(),
  /** From the link event to the link being down again. */
  reactionMs: z.number().nonnegative().optional(),
});
export type WatchdogAlert = z.infer<typeof WatchdogAlert>;

export const StepProgress = z.strictObject({
  step: SwitchStep,
  state: z.enum(['running', 'done', 'failed']),
});
export type StepProgress = z.infer<typeof StepProgress>;

export const ZonesOverview = z.strictObject({
  policy: PolicyState,
  zones: z.array(ZoneSummary),
  status: ZoneStatus,
  /** While a switch is refused for the cool-down: when it ends. */
  coolDownUntil: z.iso.datetime().nullable(),
  /** The last switch's steps, for the dialog reopened after a lock. */
  lastSwitch: z
    .strictObject({ target: ZoneId, result: z.enum(['ok', 'failed']), failedStep: SwitchStep.nullable(), at: z.iso.datetime() })
    .nullable(),
  alerts: z.array(WatchdogAlert).max(50),
});
export type ZonesOverview = z.infer<typeof ZonesOverview>;

/**
 * The switch dialog's request: the PIN proves the person at the keyboard holds the token now (no
 * PIN: the reader's PIN pad). The reason goes into the audit log with the token's signature.
 */
export const SwitchRequest = z.strictObject({
  zone: ZoneId,
  reason: z.string().trim().min(3).max(500),
  token: TokenRef,
  pin: Pin.optional(),
});

import { z } from 'zod';
import { PolicyRefusal, SwitchStep, WatchdogAlert, ZoneId } from '../../../shared/domain/zone.js';

/**
 * The zone helper's whole protocol: one JSON object per line over the helper's stdin/stdout,
 * checked on both sides. A closed list of operations, each naming at most a zone id the helper
 * looks up in the policy it verified itself; no interface name, address or command ever crosses.
 */
export const HelperRequest = z.discriminatedUnion('op', [
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('status') }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('reload') }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('killSockets') }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('firewall'), zone: ZoneId.nullable() }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('linksDown') }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('targetUp'), zone: ZoneId }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('route'), zone: ZoneId }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('dns'), zone: ZoneId }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('verify'), zone: ZoneId }),
  z.strictObject({ id: z.number().int().nonnegative(), op: z.literal('isolate') }),
]);
export type HelperRequest = z.infer<typeof HelperRequest>;
export type HelperOp = HelperRequest['op'];

export const HelperStatus = z.strictObject({
  policy: z.discriminatedUnion('state', [
    z.strictObject({ state: z.literal('loaded'), serial: z.number().int() }),
    z.strictObject({ state: z.literal('refused'), reason: PolicyRefusal }),
  ]),
  allowed: ZoneId.nullable(),
});
export type HelperStatus = z.infer<typeof HelperStatus>;

export const HelperResponse = z.discriminatedUnion('ok', [
  z.strictObject({ id: z.number().int(), ok: z.literal(true), value: z.union([HelperStatus, z.strictObject({ killed: z.number().int().nonnegative() }), z.null()]) }),
  z.strictObject({
    id: z.number().int(),
    ok: z.literal(false),
    error: z.strictObject({ code: z.enum(['invalidRequest', 'policyRefused', 'stepFailed']), step: SwitchStep.optional(), detail: z.string().max(2000) }),
  }),
]);
export type HelperResponse = z.infer<typeof HelperResponse>;

export const HelperEvent = z.strictObject({ event: z.literal('watchdog'), alert: WatchdogAlert });
export type HelperEvent = z.infer<typeof HelperEvent>;

/** A line longer than this is not a message of this protocol. */
export const MAX_LINE = 64 * 1024;

import { z } from 'zod';

export const LockReason = z.enum(['startup', 'manual', 'idle', 'tokenRemoved', 'zoneSwitch', 'tokenServiceStopped', 'zoneGuardStopped']);
export type LockReason = z.infer<typeof LockReason>;

export const SessionState = z.discriminatedUnion('locked', [
  z.strictObject({ locked: z.literal(false) }),
  z.strictObject({ locked: z.literal(true), reason: LockReason, lockedAt: z.iso.datetime() }),
]);
export type SessionState = z.infer<typeof SessionState>;

import { z } from 'zod';

/** A certificate's fingerprint as the key files name their holder: SHA-256 of the DER, lower-case hex. */
export const HolderFingerprint = z.string().regex(/^[0-9a-f]{64}$/);

/** `user`: the token that made the repository; `recovery`: the organisation's recovery certificate; `added`: added later. */
export const KeyHolderRole = z.enum(['user', 'recovery', 'added']);
export type KeyHolderRole = z.infer<typeof KeyHolderRole>;

/** One key holder of a backup place (docs/backup-repository.md "Keys"). */
export const KeyHolderView = z.strictObject({
  fingerprint: HolderFingerprint,
  /** The certificate's subject in words (its common name, organisation). */
  subject: z.string().max(500),
  role: KeyHolderRole,
  /** When the holder was first given the key (ISO 8601). */
  added: z.string().max(40),
  /** This workstation's token holds this certificate's key. */
  you: z.boolean(),
  /** The recovery certificate the live zone's policy names: it cannot be removed. */
  required: z.boolean(),
});
export type KeyHolderView = z.infer<typeof KeyHolderView>;

export const KeyHoldersView = z.strictObject({
  /** The newest key generation: what new data is written under (1 until the first re-key). */
  generation: z.number().int().positive(),
  holders: z.array(KeyHolderView).max(1000),
});
export type KeyHoldersView = z.infer<typeof KeyHoldersView>;

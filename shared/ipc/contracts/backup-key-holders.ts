import { z } from 'zod';
import { BackupTargetRef } from '../../domain/backup.js';
import { HolderFingerprint, KeyHoldersView } from '../../domain/backup-key-holders.js';
import { LocalPath } from '../../domain/document.js';
import { defineChannel } from '../channel.js';

const Target = { target: BackupTargetRef };

/**
 * The key holders of a backup place (issue #16 item 2), part of `backups`: who holds the
 * repository's key, adding one by certificate file, removing one, a new key for new data.
 */
export const backupKeyHolderChannels = {
  /** The holders (certificate subject, fingerprint, role, added at) and the newest key generation. */
  keyHolders: defineChannel(z.strictObject(Target), KeyHoldersView),
  /** Adds the certificate in `certificate` (PEM or DER), checked against the organisation's roots and revocation. */
  addKeyHolder: defineChannel(z.strictObject({ ...Target, certificate: LocalPath }), KeyHoldersView),
  /** Removes a holder's key file; never the policy's recovery certificate nor the last token. */
  removeKeyHolder: defineChannel(z.strictObject({ ...Target, fingerprint: HolderFingerprint }), KeyHoldersView),
  /** A new key for data backed up from now on; old backups stay readable with the old key. */
  rekey: defineChannel(z.strictObject(Target), KeyHoldersView),
  /**
   * The officer's "accept this key generation" after `backup.keyGenerationChanged`: this workstation
   * takes the key it finds at the place as the one to hold to (audited; docs "Accepting a new generation").
   */
  acceptKeyGeneration: defineChannel(z.strictObject(Target), KeyHoldersView),
} as const;

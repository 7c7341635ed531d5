import { z } from 'zod';
import { LocalizedText } from '../domain/language.js';
import { PinTries } from '../domain/token.js';
import { CERTIFICATE_INVALID_REASONS } from '../domain/certificate.js';
import { POLICY_REFUSALS, SWITCH_STEPS } from '../domain/zone-vocabulary.js';

/**
 * Every error that crosses the IPC bridge has one of these codes. The UI shows the
 * translation of `error.<code>`; it never shows a message or stack from the main process.
 */
export const ERROR_CODES = [
  'ipc.unknownChannel',
  'ipc.invalidRequest',
  'ipc.forbiddenSender',
  'ipc.internal',
  'ipc.unavailable',
  'session.unlockUnavailable',
  'session.locked',
  'token.noModule',
  'token.serviceStopped',
  'token.notFound',
  'token.removed',
  'token.pinIncorrect',
  'token.pinLocked',
  'token.pinInvalid',
  'token.pinExpired',
  'token.contextPinRequired',
  'token.notLoggedIn',
  'token.keyNotFound',
  'token.keyUnsafe',
  'token.mechanismUnsupported',
  'token.decryptFailed',
  'token.cancelled',
  'token.failed',
  'store.locked',
  'store.diskFull',
  'store.corrupt',
  'store.unavailable',
  'store.newerVersion',
  'store.tampered',
  'store.wrongToken',
  'store.noSessionKey',
  'store.rotationUnsupported',
  'zone.policyRefused',
  'zone.unknown',
  'zone.coolDown',
  'zone.busy',
  'zone.switchFailed',
  'zone.helperUnavailable',
  'zone.levelTooHigh',
  'zone.noSigningKey',
  'zone.onlyPinPerUseKeys',
  'zone.noneActive',
  'zone.transferForbidden',
  'zone.declassificationInvalid',
  'document.notContainer',
  'document.unsupportedVersion',
  'document.malformed',
  'document.notRecipient',
  'document.headerTampered',
  'document.metadataTampered',
  'document.chunkTampered',
  'document.truncated',
  'document.signatureMissing',
  'document.signatureBad',
  'document.signatureHighS',
  'document.signerMismatch',
  'document.signerInvalid',
  'document.tooLargeForViewer',
  'document.cancelled',
  'document.invalidPath',
  'document.exportForbidden',
  'document.viewClosed',
  'document.recipientInvalid',
  'document.recipientStanzaDamaged',
  'job.idInUse',
  'document.folderNotWritable',
  'document.sourceChanged',
  'message.malformed',
  'message.algorithmUnsupported',
  'message.notRecipient',
  'message.recipientDamaged',
  'message.tampered',
  'message.signerMissing',
  'message.signerMismatch',
  'message.unknownSigner',
  'message.signerExpired',
  'message.signerRevoked',
  'message.signerInvalid',
  'message.labelMissing',
  'message.labelUnknown',
  'message.attributeMissing',
  'message.expired',
  'message.receiptMismatch',
  'message.receiptNotRecipient',
  'message.tooManyAttachments',
  'message.tooManyForwarded',
  'message.attachmentTooLarge',
  'message.attachmentNameInvalid',
  'message.attachmentRefInvalid',
  'message.forwardedTooLarge',
  'message.tooLarge',
  'messaging.transferCancelled',
  'messaging.transferInterrupted',
  'messaging.attachmentMissing',
  'messaging.attachmentDamaged',
  'messaging.attachmentNotContainer',
  'messaging.attachmentNotTrusted',
  'messaging.attachmentNotFound',
  'signature.notPdf',
  'signature.noSignature',
  'signature.byteRangeInvalid',
  'signature.tooLarge',
  'signature.changedAfter',
  'signature.malformed',
  'signature.algorithmUnsupported',
  'signature.tampered',
  'signature.signerMissing',
  'signature.signerMismatch',
  'signature.unknownSigner',
  'signature.signerExpired',
  'signature.signerRevoked',
  'signature.signerInvalid',
  'signature.attributeMissing',
  'signature.timestampUnreachable',
  'signature.timestampRefused',
  'signature.timestampInvalid',
  'signature.timestampMismatch',
  'signature.timestampUntrusted',
  'signature.timestampCertificateMismatch',
  'signature.timestampAuthorityNotTsa',
  'signature.timestampAuthorityExpired',
  'signature.timestampAuthorityRevoked',
  'signature.timestampHashUnsupported',
  'signature.timestampNotInZone',
  'signature.visibleBoxInvalid',
  'signature.blockFontMissing',
  'messaging.unreachable',
  'messaging.serverUntrusted',
  'messaging.authRefused',
  'messaging.permissionDenied',
  'messaging.notConnected',
  'messaging.recipientInvalid',
  'messaging.messageNotFound',
  'messaging.credentialsNotForYou',
  'messaging.credentialsDamaged',
  'messaging.credentialsFormat',
  'messaging.writeDown',
  'messaging.noZoneForLevel',
  'messaging.recipientUnknown',
  'messaging.recipientUntrusted',
  'messaging.originalNotFound',
  'messaging.forwardLabelLower',
  'messaging.receiptNotFound',
  'messaging.zoneWithoutMessaging',
  'messaging.noCredentials',
  'messaging.cancelled',
  'store.profileMismatch',
  'backup.targetFull',
  'backup.targetUnreachable',
  'backup.hostKeyMismatch',
  'backup.targetRefused',
  'backup.targetWriteUnverified',
  'backup.targetDamaged',
  'backup.targetNotAllowed',
  'backup.repositoryDamaged',
  'backup.snapshotSignatureInvalid',
  'backup.notKeyHolder',
  'backup.notThisRepository',
  'backup.repositoryLocked',
  'backup.lastHolder',
  'backup.holderRequired',
  'backup.alreadyHolder',
  'backup.holderNotFound',
  'backup.holderCertificateInvalid',
  'backup.retentionPolicyEmpty',
  'backup.drillSourceMissing',
  'backup.cancelled',
  'backup.nothingChosen',
  'backup.folderNotChosen',
  'backup.noRecoveryCertificate',
  'backup.keyGenerationChanged',
  'backup.keyGenerationNotConfirmed',
  'backup.placeNotRemembered',
  'backup.restoreNotAllowed',
  'backup.restoreFileFailed',
  'backup.folderTooLarge',
  'training.notActive',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export type ErrorMessageKey = `error.${ErrorCode}`;

export function messageKeyFor(code: ErrorCode): ErrorMessageKey {
  return `error.${code}`;
}

/** Where a request failed validation: field paths only, never the values sent. */
export const ErrorDetails = z.strictObject({
  fields: z.array(z.string().max(200)).max(20).optional(),
  /** After a wrong PIN: what the token says is left ("few tries left", "last try", "locked"). */
  pinTries: PinTries.optional(),
  /** A zone switch that failed: the step it failed at (every zone link is down by then). */
  zoneStep: z.enum(SWITCH_STEPS).optional(),
  /** Why no zone can be activated: the policy's problem. */
  policyRefusal: z.enum(POLICY_REFUSALS).optional(),
  /** Cool-down: seconds until a switch is possible again. */
  secondsLeft: z.number().int().nonnegative().optional(),
  /** Payload damage: the chunk (from 0) that failed. */
  chunk: z.number().int().nonnegative().optional(),
  /** An untrusted signer: why its certificate failed (expired, revoked…). */
  certificateReason: z.enum(CERTIFICATE_INVALID_REASONS).optional(),
  /** No write down: the zones whose ceiling and services would allow it, by name (the policy's vi/en). */
  zones: z.array(LocalizedText).max(16).optional(),
  /** A backup key generation not accepted (docs/backup-repository.md "Accepting a new generation"): which, why, who signed it. */
  keyGeneration: z
    .strictObject({
      generation: z.number().int().min(1),
      reason: z.enum(['unsigned', 'signerNotTrusted', 'signerNotHolder', 'notFollowing']),
      signedBy: z.string().max(200).optional(),
      signedAt: z.string().max(40).optional(),
    })
    .optional(),
  /** A place the command line's existing --known memory has no entry for: the key generation found there (none: no repository there). */
  /** A backup or a restore that failed at one file or folder: its path (a restore's inside the snapshot, '/'-joined; a backup's on this machine). */
  path: z.string().max(4096).optional(),
  placeNotRemembered: z.strictObject({ generation: z.number().int().min(1).optional() }).optional(),
});
export type ErrorDetails = z.infer<typeof ErrorDetails>;

export const IpcError = z.strictObject({
  code: ErrorCode,
  messageKey: z.string(),
  details: ErrorDetails.optional(),
});
export interface IpcError {
  code: ErrorCode;
  messageKey: ErrorMessageKey;
  details?: ErrorDetails;
}

export function ipcError(code: ErrorCode, details?: ErrorDetails): IpcError {
  return details === undefined ? { code, messageKey: messageKeyFor(code) } : { code, messageKey: messageKeyFor(code), details };
}

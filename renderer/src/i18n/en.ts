import type { vi } from './vi.js';

/** English, the second language. `satisfies` rejects both a missing and an extra key. */
export const en = {
  'app.name': 'Airlock',
  'app.tagline': 'Secure workstation',
  'app.info': '{name} version {version}, running on {shell}',
  'shell.electron': 'Electron',
  'shell.chromium': 'Chromium',

  'skipLink': 'Skip to main content',
  'controls.label': 'Language and lock',

  'banner.top.label': 'Classification and network zone (top)',
  'banner.bottom.label': 'Classification and network zone (bottom)',
  'banner.zone': 'Network zone: {name}',
  'banner.noZone': 'No network zone active',
  'banner.highest': 'Highest classification allowed:',

  'classification.unclassified': 'Unclassified',
  'classification.mat': 'Confidential (Mật)',
  'classification.toiMat': 'Secret (Tối mật)',
  'classification.tuyetMat': 'Top secret (Tuyệt mật)',

  'language.label': 'Display language',
  'language.ownName': 'English',

  'nav.label': 'Functions',
  'screen.messages.name': 'Messages',
  'screen.messages.intro':
    'Send and receive classified messages over the cipher network. Each message is encrypted and signed with your token, and only its recipients can read it.',
  'screen.documents.name': 'Documents',
  'screen.documents.intro':
    'Encrypt and sign documents, and check the signatures on documents you receive. Classified documents are stored encrypted and open only with your token.',
  'screen.backups.name': 'Backups',
  'screen.backups.intro':
    'Back up your encrypted data to an approved storage device and restore it when needed. Nobody can read a backup without your office’s key.',
  'screen.zones.name': 'Network zones',
  'screen.zones.intro':
    'Switch the workstation to another network zone, for example from the internal network for classified work to the administrative network. The workstation is connected to one zone at a time and locks itself when it switches.',
  'screen.token.name': 'Token',
  'screen.token.intro':
    'See the token plugged into this workstation and the certificates on it, and change its PIN. If the PIN is entered wrongly too many times, the token locks and a cipher officer must reset it.',
  'screen.audit.name': 'Audit log',
  'screen.audit.intro':
    'See the record of important actions on this workstation: locking, network zone switches, signing, sending and receiving messages. Inspectors use it to check how the workstation is used.',
  'screen.notBuilt': 'This function is not available in this version yet.',

  'lock.button': 'Lock workstation',
  'lock.title': 'This workstation is locked',
  'lock.hidden': 'Your work has been hidden to protect it.',
  'lock.reason': 'Reason: {reason}.',
  'lock.lockedAt': 'Locked at {time} on {date}.',
  'lock.unlock': 'Unlock',
  'lock.tokenLegend': 'Choose your token',
  'lock.chooseToken': 'Choose your token in the list.',
  'lock.pinPad': 'This reader has its own keypad. Enter the PIN on the reader’s keypad after pressing “Unlock”.',
  'lock.checking': 'Checking the PIN, please wait a moment.',
  'lock.waitingPinPad': 'Enter the PIN on the reader’s keypad now.',

  'lockReason.startup': 'the application has just started',
  'lockReason.manual': 'the “Lock workstation” button was pressed',
  'lockReason.idle': 'the workstation was not used for a while and locked itself',
  'lockReason.tokenRemoved': 'the token was removed',
  'lockReason.zoneSwitch': 'the workstation is switching to another network zone',
  'lockReason.tokenServiceStopped': 'the token service stopped',

  'token.none': 'Plug your token into this computer.',
  'token.searching': 'Looking for your token, please wait a moment.',
  'token.listUnknown': 'The list of tokens could not be read.',
  'token.retry': 'Look for the token again',
  'token.device': 'Device: {name}',
  'token.serial': 'Serial number: {serial}',
  'token.present': 'Tokens plugged in',
  'token.field.serial': 'Serial number',
  'token.field.manufacturer': 'Manufacturer',
  'token.field.model': 'Model',
  'token.field.login': 'Login',
  'token.field.pin': 'PIN',
  'token.field.unknown': 'Not known',
  'token.loggedIn': 'Logged in with the PIN',
  'token.loggedOut': 'Not logged in',
  'token.pinMustChange': 'The token asks for its PIN to be changed.',

  'certificates.heading': 'Certificates on this token',
  'certificates.loading': 'Reading the certificates on the token, please wait a moment.',
  'certificates.none': 'There are no certificates on this token.',
  'certificates.retry': 'Read the certificates again',

  'certificate.field.organization': 'Organisation',
  'certificate.field.units': 'Unit',
  'certificate.field.province': 'Province or city',
  'certificate.field.issuer': 'Issued by',
  'certificate.field.purpose': 'Used for',
  'certificate.field.validFrom': 'Valid from',
  'certificate.field.validUntil': 'Valid until',
  'certificate.purpose.signature': 'Signing',
  'certificate.purpose.encryption': 'Encryption',
  'certificate.purpose.keyAgreement': 'Key exchange for encryption',

  'certificate.valid': 'Valid: verified up to the trusted root {root}.',
  'certificate.invalid.chainUnknownRoot':
    'Cannot be verified: the certificate was not issued by a certification authority this workstation trusts. Do not use it to sign; contact your cipher officer.',
  'certificate.invalid.expired':
    'Cannot be verified because the certificate has expired. Do not use it to sign; contact your cipher officer for a new certificate.',
  'certificate.invalid.notYetValid':
    'The certificate is not valid yet. Check the workstation’s date and time; if they are right, wait until the certificate becomes valid or contact your cipher officer.',
  'certificate.invalid.revoked': 'The certificate has been revoked. Do not use it to sign. Contact your cipher officer.',
  'certificate.invalid.revocationUnknown':
    'Revocation could not be checked: the certificate revocation list (CRL) is missing or out of date. Import the new CRL your cipher officer provides.',
  'certificate.invalid.badSignature':
    'The signature on the certificate is wrong: the certificate may have been altered or forged. Do not use it to sign; tell your cipher officer at once.',
  'certificate.invalid.notCA':
    'Cannot be verified: the certificate was issued by a body that has no right to issue certificates. Do not use it to sign; tell your cipher officer.',
  'certificate.invalid.pathLengthExceeded':
    'Cannot be verified: the chain of issuers is longer than the certification authority allows. Do not use it to sign; tell your cipher officer.',
  'certificate.invalid.wrongKeyUsage':
    'This certificate was not issued for the task at hand (signing or encryption). Contact your cipher officer for the right kind of certificate.',
  'certificate.invalid.unsupportedCriticalExtension':
    'Cannot be verified: the certificate contains mandatory information this application cannot process yet. Do not use it to sign; tell your cipher officer.',
  'certificate.culpritIssuer': 'The problem is in the certificate of a certification authority above yours, not in your own certificate.',

  'certificate.expiry.expired': 'The certificate has expired.',
  'certificate.expiry.lastDay': 'The certificate expires within a day. Contact your cipher officer to renew it.',
  'certificate.expiry.oneDay': 'The certificate expires in 1 day. Contact your cipher officer to renew it.',
  'certificate.expiry.soon': 'The certificate expires in {days} days. Contact your cipher officer to renew it.',

  'certificate.technical': 'Technical details',
  'certificate.field.key': 'Key type',
  'certificate.key.rsa': 'RSA {bits} bit',
  'certificate.key.ec': 'EC {curve}',
  'certificate.field.label': 'Name on the token',
  'certificate.field.serial': 'Certificate serial number',
  'certificate.field.fingerprint': 'SHA-256 fingerprint',
  'certificate.field.culprit': 'Fingerprint of the certificate at fault',

  'pinTries.ok': 'Enough tries left',
  'pinTries.fewLeft': 'Only a few tries left',
  'pinTries.lastTry': 'Only one try left',
  'pinTries.locked': 'Locked after too many wrong tries',
  'pinTriesWarning.fewLeft': 'Few tries left. Check carefully before you enter the PIN again.',
  'pinTriesWarning.lastTry': 'This is your last try. One more wrong PIN and the token will be locked.',
  'pinTriesWarning.locked': 'The token is locked. Contact your office’s cipher officer to have it unlocked.',

  'pin.label': 'PIN',
  'pin.tooShort': 'The PIN must have at least {min} characters. Enter it again.',

  'pinChange.heading': 'Change the PIN',
  'pinChange.legend': 'Choose the token whose PIN you want to change',
  'pinChange.old': 'Current PIN',
  'pinChange.new': 'New PIN',
  'pinChange.repeat': 'New PIN again',
  'pinChange.hint': 'The new PIN must be {min} to {max} characters long.',
  'pinChange.submit': 'Change PIN',
  'pinChange.busy': 'Changing the PIN, please wait a moment.',
  'pinChange.done': 'The PIN has been changed.',
  'pinChange.oldTooShort': 'The current PIN must have at least {min} characters. Fill in all three boxes again.',
  'pinChange.newLength': 'The new PIN must be {min} to {max} characters long. Fill in all three boxes again.',
  'pinChange.mismatch': 'The two new PINs are not the same. Fill in all three boxes again.',
  'pinChange.pinPad':
    'This token is in a reader with its own keypad. The application cannot change the PIN for this kind of reader yet; contact your office’s cipher officer.',

  'crl.heading': 'Certificate revocation lists (CRL)',
  'crl.intro': 'Import the CRL file your cipher officer provides, so the application can check whether a certificate has been revoked.',
  'crl.file': 'Choose a CRL file',
  'crl.submit': 'Import CRL',
  'crl.noFile': 'Choose a CRL file first, then press “Import CRL”.',
  'crl.busy': 'Reading and checking the CRL file, please wait a moment.',
  'crl.stored': 'Imported the revocation list of {issuer}.',
  'crl.olderIgnored': 'A revocation list of {issuer} of the same date or newer is already held; it is kept as it was.',
  'crl.validUntil': 'Valid until {time} on {date}.',
  'crl.expired':
    'This list stopped being valid at {time} on {date}, so it cannot be used to check certificates. Ask your cipher officer for a newer CRL file.',
  'crl.undated': 'This list does not say until when it is valid, so it cannot be used to check certificates. Tell your cipher officer.',
  'crl.rejected.malformed': 'This file is not a valid certificate revocation list (CRL).',
  'crl.rejected.issuerUnknown': 'This CRL file was not issued by a certification authority this workstation trusts.',
  'crl.rejected.badSignature': 'The signature on this CRL file is not valid: the file may have been altered. Do not use it.',
  'crl.rejected.issuerNotCrlSigner': 'The issuer of this CRL file is not allowed to sign revocation lists, so the file cannot be used.',
  'crl.rejected.unsupportedCrl': 'This CRL file holds required information the application cannot process yet, so it cannot be used.',
  'crl.rejected.tooLarge': 'This file is larger than 10 MB, too large for a revocation list (CRL): check that you chose the right file.',
  'crl.rejected.unreadable': 'The chosen file could not be read: check that the storage device is still plugged in, then choose the file again.',

  'keyRotation.heading': 'Data encryption key on this computer',
  'keyRotation.intro':
    'Rotating the key re-encrypts all the data saved on this computer under a new key. Do it only when the cipher officer asks you to, for example after a suspected leak. The app stays usable while it runs, but it may take a while. If it is stopped halfway, or the computer is turned off, the next rotation continues where it stopped.',
  'keyRotation.start': 'Rotate the key',
  'keyRotation.confirmQuestion': 'Start re-encrypting all the data on this computer under a new key? You can press “Stop” at any time.',
  'keyRotation.confirm': 'Start rotating the key',
  'keyRotation.dismiss': 'Not now',
  'keyRotation.progressLabel': 'Key rotation progress',
  'keyRotation.starting': 'Preparing the new key, please wait a moment.',
  'keyRotation.progress': 'Re-encrypted {done}/{total} items',
  'keyRotation.stop': 'Stop',
  'keyRotation.stopping': 'Stopping: the part under way is finished first.',
  'keyRotation.finished': 'Key rotated: {records} items have been re-encrypted under the new key.',
  'keyRotation.stopped': 'Stopped. The work done so far is kept; press “Rotate the key” again to continue.',

  'audit.filter.heading': 'Search the log',
  'audit.filter.from': 'From',
  'audit.filter.to': 'Up to and including',
  'audit.filter.kind': 'Event',
  'audit.filter.result': 'Result',
  'audit.filter.all': 'All',
  'audit.filter.apply': 'Filter',
  'audit.filter.badDate': 'Choose both a start day and an end day.',
  'audit.filter.fromAfterTo': 'The start day must be on or before the end day. Choose again.',

  'audit.entries.loading': 'Reading the log, please wait a moment.',
  'audit.entries.count': 'Entries matching the filter: {count}.',
  'audit.entries.none': 'No entries match the filter.',
  'audit.entries.limited': 'Only the newest {limit} entries are shown. Choose a shorter range of days to see older ones.',
  'audit.table.caption': 'Log entries from {from} up to and including {to}, newest first.',
  'audit.table.onlyKind': 'Only the event: {kind}.',
  'audit.table.onlyResult': 'Only the result: {result}.',
  'audit.column.seq': 'Entry number',
  'audit.column.seqShort': '#',
  'audit.column.time': 'Time',
  'audit.column.kind': 'Event',
  'audit.column.result': 'Result',
  'audit.column.details': 'Details',
  'audit.details.none': 'None',
  'audit.moment': '{time} on {date}',
  'audit.value.true': 'Yes',
  'audit.value.false': 'No',

  'audit.kind.session.unlock': 'Workstation unlocked',
  'audit.kind.session.lock': 'Workstation locked',
  'audit.kind.token.pinWrong': 'Wrong PIN entered',
  'audit.kind.token.inserted': 'Token plugged in',
  'audit.kind.token.removed': 'Token removed',
  'audit.kind.token.pinChanged': 'PIN changed',
  'audit.kind.zone.switchStep': 'Step of a network zone switch',
  'audit.kind.policy.loaded': 'Network zone policy loaded',
  'audit.kind.policy.refused': 'Network zone policy refused',
  'audit.kind.document.encrypted': 'Document encrypted',
  'audit.kind.document.opened': 'Document opened',
  'audit.kind.message.sent': 'Message sent',
  'audit.kind.message.read': 'Message read',
  'audit.kind.backup.created': 'Backup created',
  'audit.kind.backup.restored': 'Restored from a backup',
  'audit.kind.backup.verified': 'Backup checked',
  'audit.kind.settings.changed': 'Settings changed',
  'audit.kind.crl.imported': 'Certificate revocation list (CRL) imported',
  'audit.kind.store.keyRotated': 'Data encryption key rotated',
  'audit.kind.audit.checkpoint': 'Signed checkpoint',
  'audit.kind.audit.inboxDamaged': 'An event recorded while locked could not be read (damaged or forged)',
  'audit.kind.audit.exported': 'Audit report exported',

  'audit.result.ok': 'Succeeded',
  'audit.result.failed': 'Failed',
  'audit.result.refused': 'Refused',

  'audit.detail.reason': 'Reason',
  'audit.detail.serial': 'Serial number',
  'audit.detail.code': 'Error',
  'audit.detail.triesLeft': 'PIN tries',
  'audit.detail.pinTries': 'PIN tries',
  'audit.detail.occurredAt': 'Happened at',
  'audit.detail.recordedLate': 'Recorded at the next unlock',

  'audit.verify.heading': 'Integrity of the log',
  'audit.verify.intro':
    'Checks whether any entry in the log has been deleted, modified, inserted or moved, and whether the checkpoints carry your token’s valid signature.',
  'audit.verify.button': 'Check integrity',
  'audit.verify.busy': 'Checking the whole log, please wait a moment.',
  'audit.verify.intact':
    'The log is intact. Entries: {entries}. Latest signed checkpoint: entry {checkpoint}. Entries after it not yet signed: {since}.',
  'audit.verify.intactNoCheckpoint':
    'The log is intact. Entries: {entries}. There is no signed checkpoint yet, so no entry has been vouched for by the token.',
  'audit.problem.modified': 'The log has been tampered with: entry {seq} was modified.',
  'audit.problem.deleted': 'The log has been tampered with: entry {seq} was deleted.',
  'audit.problem.inserted': 'The log has been tampered with: entry {seq} was inserted.',
  'audit.problem.reordered': 'The log has been tampered with: entry {seq} was moved out of order.',
  'audit.problem.badCheckpointSignature': 'The log has been tampered with: entry {seq} has an invalid checkpoint signature.',
  'audit.problem.unreadable':
    'The log can no longer be checked: entry {seq} cannot be read. This may be a wrong key or a software fault, or it may have been tampered with.',
  'audit.verify.tamperedAction': 'Tell your cipher officer at once. Do not delete or edit the log file.',

  'audit.export.heading': 'Report for the inspectors',
  'audit.export.intro':
    'The report contains every log entry from {from} up to and including {to} (the days filtered above; the event and result filters do not apply to it), and is signed with your token.',
  'audit.export.button': 'Export a report for the inspectors',
  'audit.export.busy': 'Creating the report and signing it with your token, please wait a moment.',
  'audit.export.done': 'The report of the entries from {from} up to and including {to} has been exported. Entries in it: {entries}. File:',
  'audit.export.signed':
    'The report is signed with your token. The inspectors can check it themselves on their own computer, without a network connection, with the airlock-audit-verify tool.',

  'connecting.title': 'Starting',
  'connecting.body': 'Getting the workstation’s status, please wait a moment.',
  'connecting.retry': 'Try again',

  'alert.title': 'That did not work',
  'alert.dismiss': 'Close this message',

  'bridge.missing.title': 'The secure bridge is missing',
  'bridge.missing.body':
    'This window cannot reach the secure core of the application, so you cannot work in it. Close the application and open it again. If you still see this message, tell your technical officer.',

  'error.ipc.unknownChannel':
    'The application sent a request that was not recognised. Close the application and open it again. If it happens again, tell your technical officer.',
  'error.ipc.invalidRequest':
    'The request was not valid and was refused. Try again. If it happens again, tell your technical officer.',
  'error.ipc.forbiddenSender':
    'The request was refused because it did not come from the application’s main window. Close the application, open it again, and tell your technical officer.',
  'error.ipc.internal':
    'Something went wrong inside the application. Try again. If it happens again, close the application and open it again.',
  'error.ipc.unavailable':
    'The core of the application is not answering. Wait a moment and try again, or close the application and open it again.',
  'error.session.locked': 'The workstation is locked: unlock it with your token and PIN first.',
  'error.session.unlockUnavailable':
    'The workstation cannot be unlocked: no token service is configured on this computer, so the PIN cannot be checked. Close the application and open it again to continue working, and tell your technical officer.',
  'error.token.noModule':
    'The driver software (PKCS#11) for the token was not found on this computer. Contact your cipher officer.',
  'error.token.serviceStopped':
    'The token service has just stopped; the application locked itself to stay safe and is restarting the service. Try again in a few seconds.',
  'error.token.notFound': 'The chosen token was not found. Check that it is plugged in firmly, then choose it again.',
  'error.token.removed': 'The token was removed. Plug it into the computer again, then try again.',
  'error.token.pinIncorrect': 'The PIN is not correct.',
  'error.token.pinLocked':
    'The token is locked because the PIN was entered wrongly too many times. Contact your office’s cipher officer to have it unlocked.',
  'error.token.pinInvalid': 'The PIN does not meet the token’s rules (usually 4 to 16 characters). Enter it again.',
  'error.token.pinExpired':
    'The token’s PIN has expired and must be changed before it can be used. Contact your office’s cipher officer.',
  'error.token.notLoggedIn': 'The application is not logged in to the token. Lock the workstation, then unlock it again with your PIN.',
  'error.token.keyNotFound':
    'The key that is needed was not found on this token. Check that it is your own token; if it is, contact your cipher officer.',
  'error.token.keyUnsafe':
    'The key on this token is not properly protected (it could be copied out of the token), so the application refuses to use it. Contact your cipher officer.',
  'error.token.mechanismUnsupported': 'This token does not support the algorithm that is needed. Contact your cipher officer.',
  'error.token.decryptFailed':
    'This token could not decrypt the content. It may not be addressed to you, or it may be damaged.',
  'error.token.cancelled':
    'The operation on the token was cancelled (for example, Cancel was pressed, or the time for entering the PIN on the reader ran out). Try again.',
  'error.token.failed':
    'The token reported an error. Remove it, plug it in again, then try again. If it happens again, contact your cipher officer.',
  'error.store.locked': 'The data store is locked, so nothing can be read or saved. Unlock the workstation with your token and PIN, then try again.',
  'error.store.diskFull': 'The disk is full, so the data could not be saved. Tell your technical officer so that space can be freed.',
  'error.store.corrupt':
    'The application’s data file is damaged and cannot be read. Do not delete it; tell your technical officer at once so it can be restored from a backup.',
  'error.store.unavailable':
    'The data store on this workstation could not be opened (no permission to write, or a disk error). Close the application and open it again; if it still fails, tell your technical officer.',
  'error.store.newerVersion':
    'The data on this workstation was written by a newer version of Airlock, so this version does not open it, to avoid damaging it. Tell your technical officer so the application can be updated.',
  'error.store.tampered':
    'The data was changed outside the application or is damaged, so the application refuses to open it. Stop working on this workstation and tell your cipher officer at once.',
  'error.store.wrongToken':
    'The data on this workstation does not belong to the token in use, so it cannot be opened. Check that you plugged in your own token; if you did, contact your cipher officer.',
} satisfies Record<keyof typeof vi, string>;

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
    'See the token plugged into this workstation and change its PIN. If the PIN is entered wrongly too many times, the token locks and a cipher officer must reset it.',
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
} satisfies Record<keyof typeof vi, string>;

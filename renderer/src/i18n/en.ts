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
    'See the token plugged into this workstation and the certificate on it, and change its PIN. If the PIN is entered wrongly too many times, the token locks and a cipher officer must reset it.',
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

  'lockReason.manual': 'the “Lock workstation” button was pressed',
  'lockReason.idle': 'the workstation was not used for a while and locked itself',
  'lockReason.tokenRemoved': 'the token was removed',
  'lockReason.zoneSwitch': 'the workstation is switching to another network zone',
  'lockReason.tokenServiceStopped': 'the token service stopped',

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
    'The workstation cannot be unlocked yet: unlocking needs the token service, which is not installed in this version. Close the application and open it again to continue working.',
} satisfies Record<keyof typeof vi, string>;

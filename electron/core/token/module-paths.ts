/**
 * PKCS#11 modules tried in order when the configuration names none: the vendors seen on officials'
 * tokens (SafeNet eToken, Bit4id), then OpenSC for generic smart cards. SoftHSM is never a default:
 * a software token must be chosen on purpose (tests and training set AIRLOCK_PKCS11_MODULES).
 */
const LINUX = [
  '/usr/lib/libeTPkcs11.so',
  '/usr/lib/x86_64-linux-gnu/libeTPkcs11.so',
  '/usr/lib/libbit4xpki.so',
  '/usr/lib/bit4id/libbit4xpki.so',
  '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
  '/usr/lib/opensc-pkcs11.so',
];

const WINDOWS = [
  'C:\\Windows\\System32\\eTPKCS11.dll',
  'C:\\Windows\\System32\\bit4xpki.dll',
  'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll',
];

/** `AIRLOCK_PKCS11_MODULES` is a path list (":" on Linux, ";" on Windows), tried before the defaults. */
export function pkcs11ModulePaths(platform: string, configured: string | undefined): string[] {
  const separator = platform === 'win32' ? ';' : ':';
  const fromConfig = (configured ?? '').split(separator).map((path) => path.trim()).filter((path) => path !== '');
  return fromConfig.length > 0 ? fromConfig : platform === 'win32' ? WINDOWS : LINUX;
}

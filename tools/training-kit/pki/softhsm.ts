import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, type ToolEnv, type ToolOutput } from './run-tool.js';

/** Debian's SoftHSM2 module (package libsofthsm2). */
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export type RunPkcs11Tool = (args: readonly string[]) => Promise<ToolOutput>;

export interface TokenPins {
  readonly userPin: string;
  readonly soPin: string;
}

export interface TokenKeyRef {
  /** CKA_ID in hex, as pkcs11-tool's --id takes it. */
  readonly id: string;
  readonly label: string;
  /** RFC 7512 URI for `openssl -engine pkcs11 -keyform engine`; the PIN goes in `-passin pass:<pin>`. */
  readonly uri: string;
}

export interface TokenKeys {
  readonly rsa: TokenKeyRef;
  readonly ec: TokenKeyRef;
  readonly aes: TokenKeyRef;
  readonly extractable: TokenKeyRef;
}

interface KeySpec {
  readonly id: string;
  readonly label: string;
  readonly generate: '--keypairgen' | '--keygen';
  readonly keyType: string;
  readonly flags: readonly string[];
}

// SoftHSM 2.6.1 defaults CKA_SIGN/DECRYPT/UNWRAP (private) and ENCRYPT/VERIFY/WRAP (public) to true, and
// pkcs11-tool only ever adds usage flags, so the --usage-* options below are documentation, not limits.
const KEY_SPECS: Readonly<Record<keyof TokenKeys, KeySpec>> = {
  rsa: { id: '01', label: 'rsa-sign', generate: '--keypairgen', keyType: 'rsa:2048', flags: ['--usage-sign', '--usage-decrypt', '--sensitive'] },
  ec: { id: '02', label: 'ec-sign', generate: '--keypairgen', keyType: 'EC:prime256v1', flags: ['--usage-sign', '--usage-derive', '--sensitive'] },
  // Without --private pkcs11-tool creates the secret key with CKA_PRIVATE=false: visible before login.
  aes: { id: '10', label: 'wrap-aes', generate: '--keygen', keyType: 'AES:32', flags: ['--usage-wrap', '--sensitive', '--private'] },
  // The key a token service must refuse: CKA_EXTRACTABLE=true. SoftHSM still makes it CKA_SENSITIVE
  // (its default), and pkcs11-tool has no option to clear that.
  extractable: { id: '03', label: 'ec-extractable', generate: '--keypairgen', keyType: 'EC:prime256v1', flags: ['--usage-sign', '--extractable'] },
};

export function tokenKeyRefs(tokenLabel: string): TokenKeys {
  const ref = (spec: KeySpec): TokenKeyRef => ({
    id: spec.id,
    label: spec.label,
    uri: pkcs11Uri(tokenLabel, spec.id, spec.generate === '--keygen' ? 'secret-key' : 'private'),
  });
  return { rsa: ref(KEY_SPECS.rsa), ec: ref(KEY_SPECS.ec), aes: ref(KEY_SPECS.aes), extractable: ref(KEY_SPECS.extractable) };
}

export function pkcs11Uri(tokenLabel: string, hexId: string, type: 'private' | 'public' | 'cert' | 'secret-key'): string {
  const id = hexId.replace(/(..)/g, '%$1');
  return `pkcs11:token=${encodeURIComponent(tokenLabel)};id=${id};type=${type}`;
}

/** A SoftHSM config whose token directory lives in this fixture's own directory, so fixtures never share tokens. */
export async function writeSoftHsmConf(dir: string): Promise<string> {
  const tokenDir = path.join(dir, 'tokens');
  await mkdir(tokenDir);
  const confPath = path.join(dir, 'softhsm2.conf');
  const conf = [`directories.tokendir = ${tokenDir}`, 'objectstore.backend = file', 'log.level = ERROR', 'slots.removable = true', ''].join('\n');
  await writeFile(confPath, conf);
  return confPath;
}

export function validateTokenLabels(labels: readonly string[]): void {
  for (const label of labels) {
    // CK_TOKEN_INFO.label is 32 bytes, blank-padded: a longer label is cut, surrounding blanks are lost.
    if (Buffer.byteLength(label, 'utf8') > 32 || label.length === 0 || label !== label.trim()) {
      throw new Error(`Token label ${JSON.stringify(label)} must be 1-32 UTF-8 bytes without surrounding blanks.`);
    }
  }
  if (new Set(labels).size !== labels.length) throw new Error(`Token labels must be unique: ${labels.join(', ')}`);
}

export async function initToken(env: ToolEnv, label: string, pins: TokenPins): Promise<void> {
  await runTool('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', pins.soPin, '--pin', pins.userPin], env);
}

/** Serial number of every initialised token, by label, as `softhsm2-util --show-slots` reports them. */
export async function readTokenSerials(env: ToolEnv): Promise<Map<string, string>> {
  const { stdout } = await runTool('softhsm2-util', ['--show-slots'], env);
  const serials = new Map<string, string>();
  for (const block of stdout.split(/^Slot /m).slice(1)) {
    const serial = /^\s+Serial number:[ \t]*(\S*)/m.exec(block)?.[1] ?? '';
    const label = /^\s+Label:[ \t]*(.*)$/m.exec(block)?.[1]?.trimEnd() ?? '';
    if (serial !== '') serials.set(label, serial);
  }
  return serials;
}

/**
 * Generates the keys on the token (the four of the test token unless told), one after the other:
 * SoftHSM's file store is not written safely by two processes at once.
 */
export async function generateTokenKeys(pkcs11Tool: RunPkcs11Tool, tokenLabel: string, userPin: string, which: readonly (keyof TokenKeys)[] = ['rsa', 'ec', 'aes', 'extractable']): Promise<void> {
  for (const spec of which.map((key) => KEY_SPECS[key])) {
    await pkcs11Tool([
      '--token-label', tokenLabel, '--login', '--pin', userPin,
      spec.generate, '--key-type', spec.keyType, '--id', spec.id, '--label', spec.label, ...spec.flags,
    ]);
  }
}

export async function writeCertificateToToken(
  pkcs11Tool: RunPkcs11Tool,
  target: { readonly tokenLabel: string; readonly userPin: string; readonly key: TokenKeyRef; readonly derPath: string },
): Promise<void> {
  await pkcs11Tool([
    '--token-label', target.tokenLabel, '--login', '--pin', target.userPin,
    '--write-object', target.derPath, '--type', 'cert', '--id', target.key.id, '--label', target.key.label,
  ]);
}

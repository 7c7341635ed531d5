// The text header (docs/container.md "Header (text)"), step 1.1–1.2 of "Opening": form only, no key.
import { canonicalJson, isObjectWithKeys, parseJson } from './canonical-json.js';
import { fail } from './errors.js';
import { b64 } from './primitives.js';

export type Version = 1 | 2;

export interface Stanza {
  scheme: 'rsa-oaep-sha256' | 'ecdh-es-p256';
  fingerprint: string;
  ephemeral: Buffer | null;
  wrapped: Buffer;
}

export interface Header {
  version: Version;
  label: Record<string, unknown>;
  signerScheme: string;
  signerFingerprint: string;
  stanzas: Stanza[];
  mac: Buffer;
  /** The MAC's input: first byte up to and including the mac-line's `---`. */
  macInput: Buffer;
  /** The header's length, mac-line's LF included (= where the body starts). */
  length: number;
}

const MIB = 1_048_576;
const LEVELS = ['unclassified', 'mat', 'toiMat', 'tuyetMat'];
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const FINGERPRINT = /^[0-9a-f]{64}$/;
const SIGNER_SCHEMES = ['ecdsa-p256-sha256', 'rsa-pss-sha256'];

const malformed = (why: string): never => fail('malformed', why, { reason: why });
const textOf = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'string' && value.length >= min && value.length <= max;

/** Step 1.1: `notContainer` / `unsupportedVersion`, else the version. */
export function versionOf(file: Buffer): Version {
  const magic = Buffer.from('airlock-container/');
  if (file.length < magic.length || !file.subarray(0, magic.length).equals(magic)) fail('notContainer', 'no airlock-container/ at the start');
  const end = file.indexOf(0x0a);
  if (end < 0) fail('unsupportedVersion', 'the first line has no LF'); // the version line is only complete with its LF
  const line = file.subarray(0, end).toString('latin1');
  if (line === 'airlock-container/1') return 1;
  if (line === 'airlock-container/2') return 2;
  return fail('unsupportedVersion', `version line ${JSON.stringify(line)}`);
}

function checkLabel(json: string): Record<string, unknown> {
  if (Buffer.byteLength(json, 'utf8') > 4096) malformed('label over 4096 bytes');
  const label = parseJson(json);
  if (!isObjectWithKeys(label, ['caveats', 'date', 'declassifyOn', 'level', 'originator'])) return malformed('label members');
  const caveats = label.caveats;
  const ok = LEVELS.includes(label.level as string) &&
    Array.isArray(caveats) && caveats.length <= 16 && caveats.every((c) => textOf(c, 1, 64)) &&
    textOf(label.originator, 1, 256) &&
    typeof label.date === 'string' && DATE.test(label.date) &&
    (label.declassifyOn === null || (typeof label.declassifyOn === 'string' && DATE.test(label.declassifyOn)));
  if (!ok) malformed('label field');
  if (canonicalJson(label) !== json) malformed('label not canonical');
  return label;
}

function parseStanza(line: string): Stanza {
  const fields = line.split(' ');
  if (fields.length !== 5 || fields[0] !== '->') return malformed('stanza line');
  const [, scheme, fingerprint, ephemeralText, wrappedText] = fields as [string, string, string, string, string];
  if (!FINGERPRINT.test(fingerprint)) return malformed('stanza fingerprint');
  const wrapped = b64(wrappedText);
  if (!wrapped) return malformed('stanza wrapped key base64');
  if (scheme === 'rsa-oaep-sha256') {
    if (ephemeralText !== '-') return malformed('RSA stanza ephemeral is not -');
    if (wrapped.length < 256 || wrapped.length > 1024) return malformed('RSA wrapped key length');
    return { scheme, fingerprint, ephemeral: null, wrapped };
  }
  if (scheme === 'ecdh-es-p256') {
    const ephemeral = b64(ephemeralText);
    if (ephemeral?.length !== 65 || ephemeral[0] !== 0x04) return malformed('EC ephemeral point');
    if (wrapped.length !== 40) return malformed('EC wrapped key length');
    return { scheme, fingerprint, ephemeral, wrapped };
  }
  return malformed(`stanza scheme ${scheme}`);
}

/** Step 1.2: the header lines in file order; anything off is `malformed`. */
export function parseHeader(file: Buffer, version: Version): Header {
  const window = file.subarray(0, Math.min(file.length, MIB));
  const macStart = window.indexOf('\n--- ');
  if (macStart < 0) malformed('no mac-line within 1 MiB');
  const macEnd = window.indexOf(0x0a, macStart + 1);
  if (macEnd < 0) malformed('mac-line does not end within 1 MiB');
  const bytes = file.subarray(0, macEnd + 1);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    malformed('header is not UTF-8');
  }
  if (text.includes('\r')) malformed('CR in header');
  const lines = text.slice(0, -1).split('\n');
  const macText = (lines.pop() ?? '').slice(4);
  const mac = b64(macText);
  if (mac?.length !== 32) malformed('mac-line base64 or length');
  const [versionLine, labelLine = '', signerLine = '', ...stanzaLines] = lines;
  if (versionLine !== `airlock-container/${version}`) malformed('version line');
  if (!labelLine.startsWith('label ')) malformed('label line');
  const label = checkLabel(labelLine.slice(6));
  const [signerWord, signerScheme = '', signerFingerprint = '', ...rest] = signerLine.split(' ');
  if (signerWord !== 'signer' || rest.length > 0 || !SIGNER_SCHEMES.includes(signerScheme) || !FINGERPRINT.test(signerFingerprint)) malformed('signer line');
  if (stanzaLines.length < 1 || stanzaLines.length > 1024) malformed('stanza count');
  const stanzas = stanzaLines.map(parseStanza);
  if (!mac) return malformed('mac-line');
  return {
    version, label, signerScheme, signerFingerprint, stanzas, mac,
    macInput: file.subarray(0, macStart + 4), length: macEnd + 1,
  };
}

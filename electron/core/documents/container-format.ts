import { z } from 'zod';
import { CLASSIFICATION_LEVELS } from '../../../shared/domain/classification.js';
import { canonicalJson } from '../signing/canonical-json.js';
import { ContainerError } from './container-error.js';

// The header of docs/container.md, as bytes and back. Pure and total: any input either parses or
// throws a ContainerError (the fuzz test holds it to that).

export type ContainerVersion = 1 | 2;
/** Writers write version 2; readers read both (docs/container.md "Version 2"). */
export const WRITE_VERSION: ContainerVersion = 2;
export const versionLine = (version: ContainerVersion): string => `airlock-container/${version}`;
/** The version line writers write. */
export const VERSION_LINE = versionLine(WRITE_VERSION);
/** Version 1's trailer magic; version 2 ends in AIRSIG02. */
export const MAX_HEADER_BYTES = 1024 * 1024;
export const MAX_LABEL_BYTES = 4096;
export const MAX_STANZAS = 1024;
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const NONCE_SIZE = 16;
export const TRAILER_MAGIC = 'AIRSIG01';
export const trailerMagic = (version: ContainerVersion): string => (version === 1 ? TRAILER_MAGIC : 'AIRSIG02');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The classification label, in clear but authenticated. */
export const ContainerLabel = z.strictObject({
  level: z.enum(CLASSIFICATION_LEVELS),
  caveats: z.array(z.string().min(1).max(64)).max(16),
  originator: z.string().min(1).max(256),
  date: IsoDate,
  declassifyOn: IsoDate.nullable(),
});
export type ContainerLabel = z.infer<typeof ContainerLabel>;

export const SIGNER_SCHEMES = { rsaPssSha256: 'rsa-pss-sha256', ecdsaSha256: 'ecdsa-p256-sha256' } as const;
export type SignerScheme = keyof typeof SIGNER_SCHEMES;
export const STANZA_SCHEMES = { 'rsa-oaep-sha256': 'rsa-oaep-sha256', 'ecdh-es-p256': 'ecdh-es-p256-hkdf-sha256-a256kw' } as const;
export type StanzaScheme = keyof typeof STANZA_SCHEMES;

export interface Stanza {
  readonly scheme: StanzaScheme;
  /** SHA-256 of the recipient's certificate, lower-case hex. */
  readonly recipient: string;
  /** 65-byte P-256 point for ECDH-ES; empty for RSA. */
  readonly ephemeral: Uint8Array;
  readonly wrapped: Uint8Array;
}

export interface ContainerHeader {
  readonly label: ContainerLabel;
  readonly signer: { readonly scheme: SignerScheme; readonly fingerprint: string };
  readonly stanzas: readonly Stanza[];
}

export interface ParsedHeader extends ContainerHeader {
  readonly version: ContainerVersion;
  /** The header bytes the MAC covers: everything up to and including "---". */
  readonly macInput: Uint8Array;
  readonly mac: Uint8Array;
  /** Bytes of the whole header, its final LF included: the body starts here. */
  readonly length: number;
}

const HEX64 = /^[0-9a-f]{64}$/;
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function b64(text: string, what: string): Uint8Array {
  const bytes = canonicalBase64(text);
  if (bytes === undefined) throw new ContainerError('malformed', { reason: `${what} is not base64` });
  return bytes;
}

/**
 * Base64 with exactly one spelling per byte string: the unused low bits of a final character
 * must be zero. Otherwise a flipped bit could change the file and not its meaning.
 */
export function canonicalBase64(text: string): Uint8Array | undefined {
  if (text.length === 0 || !B64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

/** The header up to "---" (without the MAC); the writer appends the MAC line. */
export function serializeHeaderForMac(header: ContainerHeader, version: ContainerVersion = WRITE_VERSION): Uint8Array {
  const lines = [
    versionLine(version),
    `label ${canonicalJson(header.label)}`,
    `signer ${SIGNER_SCHEMES[header.signer.scheme]} ${header.signer.fingerprint}`,
    ...header.stanzas.map((stanza) => `-> ${stanza.scheme} ${stanza.recipient} ${stanza.ephemeral.length === 0 ? '-' : Buffer.from(stanza.ephemeral).toString('base64')} ${Buffer.from(stanza.wrapped).toString('base64')}`),
    '---',
  ];
  return new TextEncoder().encode(lines.join('\n'));
}

export function macLine(mac: Uint8Array): Uint8Array {
  return new TextEncoder().encode(` ${Buffer.from(mac).toString('base64')}\n`);
}

/** Parses the header at the start of `bytes` (which may hold more: the body follows). */
export function parseHeader(bytes: Uint8Array): ParsedHeader {
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  const versionEnd = bytes.indexOf(0x0a);
  const first = versionEnd < 0 ? '' : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, versionEnd));
  const version = first === versionLine(1) ? 1 : first === versionLine(2) ? 2 : undefined;
  if (version === undefined) {
    const start = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, Math.min(limit, 24)));
    throw new ContainerError(start.startsWith('airlock-container/') ? 'unsupportedVersion' : 'notContainer');
  }
  const lines: string[] = [];
  let offset = 0;
  let macInputEnd = -1;
  let macText = '';
  // ignoreBOM keeps EF BB BF as U+FEFF (the default drops it): a line starting with it is of no known kind.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  while (offset < limit) {
    const end = bytes.indexOf(0x0a, offset);
    if (end < 0 || end >= limit) break;
    let line: string;
    try {
      line = decoder.decode(bytes.subarray(offset, end));
    } catch {
      throw new ContainerError('malformed', { reason: 'header is not UTF-8' });
    }
    if (line.startsWith('--- ')) {
      macInputEnd = offset + 3;
      macText = line.slice(4);
      offset = end + 1;
      break;
    }
    if (line.includes('\r')) throw new ContainerError('malformed', { reason: 'CR in header' });
    lines.push(line);
    offset = end + 1;
  }
  if (macInputEnd < 0) throw new ContainerError('malformed', { reason: 'no end of header' });
  const mac = b64(macText, 'MAC');
  if (mac.length !== 32) throw new ContainerError('malformed', { reason: 'MAC length' });

  const [, labelLine, signerLine, ...stanzaLines] = lines;
  if (labelLine === undefined || !labelLine.startsWith('label ')) throw new ContainerError('malformed', { reason: 'no label line' });
  const labelJson = labelLine.slice(6);
  if (Buffer.byteLength(labelJson) > MAX_LABEL_BYTES) throw new ContainerError('malformed', { reason: 'label too long' });
  let labelValue: unknown;
  try {
    labelValue = JSON.parse(labelJson);
  } catch {
    throw new ContainerError('malformed', { reason: 'label is not JSON' });
  }
  const label = ContainerLabel.safeParse(labelValue);
  // Canonical only: two encodings of one label would be two different MAC inputs for the same meaning.
  if (!label.success || canonicalJson(label.data) !== labelJson) throw new ContainerError('malformed', { reason: 'label' });

  const signerParts = signerLine?.split(' ') ?? [];
  const scheme = (Object.keys(SIGNER_SCHEMES) as SignerScheme[]).find((key) => SIGNER_SCHEMES[key] === signerParts[1]);
  if (signerParts.length !== 3 || signerParts[0] !== 'signer' || scheme === undefined || !HEX64.test(signerParts[2] ?? '')) throw new ContainerError('malformed', { reason: 'signer line' });

  if (stanzaLines.length === 0 || stanzaLines.length > MAX_STANZAS) throw new ContainerError('malformed', { reason: 'recipient count' });
  const stanzas = stanzaLines.map(parseStanza);
  return {
    version,
    label: label.data,
    signer: { scheme, fingerprint: signerParts[2] ?? '' },
    stanzas,
    macInput: bytes.slice(0, macInputEnd),
    mac,
    length: offset,
  };
}

function parseStanza(line: string): Stanza {
  const parts = line.split(' ');
  if (parts.length !== 5 || parts[0] !== '->') throw new ContainerError('malformed', { reason: 'stanza' });
  const [, scheme, recipient, ephemeral, wrapped] = parts as [string, string, string, string, string];
  if (scheme !== 'rsa-oaep-sha256' && scheme !== 'ecdh-es-p256') throw new ContainerError('malformed', { reason: 'stanza scheme' });
  if (!HEX64.test(recipient)) throw new ContainerError('malformed', { reason: 'stanza recipient' });
  const point = scheme === 'rsa-oaep-sha256' ? (ephemeral === '-' ? new Uint8Array(0) : undefined) : b64(ephemeral, 'ephemeral');
  if (point === undefined || (scheme === 'ecdh-es-p256' && (point.length !== 65 || point[0] !== 4))) throw new ContainerError('malformed', { reason: 'stanza ephemeral' });
  const key = b64(wrapped, 'wrapped key');
  if (scheme === 'ecdh-es-p256' ? key.length !== 40 : key.length < 256 || key.length > 1024) throw new ContainerError('malformed', { reason: 'wrapped key length' });
  return { scheme, recipient, ephemeral: point, wrapped: key };
}

import { AsnConvert } from '@peculiar/asn1-schema';
import type { SignedData, SignerInfo } from '@peculiar/asn1-cms';
import type { ClassificationLevel } from '../../../shared/domain/levels.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import type { CertificateInfo } from '../certificates/types.js';
import { SignedDataInfo } from './cms-content-info.js';
import { ParsedSignedData } from './cms-signed-data-verifier.js';
import { der, issuerAndSerialOf } from './cms-signed-data.js';
import { MessageExpiry, MessagePrecedence } from './ess-attributes.js';
import { labelOf, PRECEDENCES, type Precedence } from './message-attributes.js';
import { readTextMessage, type TextMessage } from './mime-entity.js';
import { ID_AA_AIRLOCK_EXPIRY, ID_AA_AIRLOCK_PRECEDENCE, ID_SIGNED_DATA } from './message-oids.js';

/**
 * What a SignedData SAYS about itself, before (or without) any check: the receiver needs the label
 * of a message to decide whether this zone may even hold it, and a quarantined message is kept with
 * what it claimed (subject, signer) so the user sees what was refused. Nothing here is trusted:
 * every field is read best effort (undefined when it does not parse) and never shown as verified.
 */
export interface MessageClaims {
  readonly text: TextMessage | undefined;
  readonly precedence: Precedence | undefined;
  readonly expiresAt: Date | undefined;
  readonly signer: CertificateInfo | undefined;
  readonly signerCertificate: Uint8Array | undefined;
}

/** The security label the message claims; undefined when it has none that parses under Airlock's policy. */
export function claimedLabel(signedData: Uint8Array | ParsedSignedData): ClassificationLevel | undefined {
  const signerInfo = signedData instanceof ParsedSignedData ? signedData.signedData.signerInfos[0] : parse(signedData)?.signerInfo;
  return signerInfo === undefined ? undefined : attempt(() => labelOf(attributesOf(signerInfo)));
}

export function claimsOf(signedData: Uint8Array): MessageClaims {
  const parsed = parse(signedData);
  if (parsed === undefined) return { text: undefined, precedence: undefined, expiresAt: undefined, signer: undefined, signerCertificate: undefined };
  const attributes = attributesOf(parsed.signerInfo);
  const content = parsed.signed.encapContentInfo.eContent?.single;
  const signerCertificate = attempt(() => {
    const wanted = parsed.signerInfo.sid.issuerAndSerialNumber;
    if (wanted === undefined) return undefined;
    const match = (parsed.signed.certificates ?? []).flatMap((choice) => (choice.certificate === undefined ? [] : [choice.certificate])).find((candidate) => Buffer.from(der(issuerAndSerialOf(candidate))).equals(der(wanted)));
    return match === undefined ? undefined : der(match);
  });
  return {
    text: content === undefined ? undefined : attempt(() => readTextMessage(new Uint8Array(content.buffer))),
    precedence: attempt(() => {
      const value = attributes.get(ID_AA_AIRLOCK_PRECEDENCE);
      return value === undefined ? undefined : PRECEDENCES[AsnConvert.parse(value, MessagePrecedence).value - 1];
    }),
    expiresAt: attempt(() => {
      const value = attributes.get(ID_AA_AIRLOCK_EXPIRY);
      return value === undefined ? undefined : AsnConvert.parse(value, MessageExpiry).value;
    }),
    signer: signerCertificate === undefined ? undefined : attempt(() => certificateInfo(signerCertificate)),
    signerCertificate,
  };
}

function parse(signedData: Uint8Array): { signed: SignedData; signerInfo: SignerInfo } | undefined {
  return attempt(() => {
    // One parse, the content typed (cms-content-info.ts); leniently, as before: trailing bytes are the verifier's to refuse.
    const info = AsnConvert.parse(signedData, SignedDataInfo);
    if (info.contentType !== ID_SIGNED_DATA) return undefined;
    const signed = info.content;
    const [signerInfo] = signed.signerInfos;
    return signerInfo === undefined ? undefined : { signed, signerInfo };
  });
}

function attributesOf(signerInfo: SignerInfo): Map<string, Uint8Array> {
  // An attribute given twice or with two values says two things: none of them is taken (the
  // verifier refuses such a message; here it must not pick the lower of two labels).
  const map = new Map<string, Uint8Array | undefined>();
  for (const item of signerInfo.signedAttrs ?? []) {
    const [value, ...more] = item.attrValues;
    map.set(item.attrType, map.has(item.attrType) || value === undefined || more.length > 0 ? undefined : new Uint8Array(value));
  }
  return new Map([...map].flatMap(([type, value]) => (value === undefined ? [] : [[type, value] as const])));
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

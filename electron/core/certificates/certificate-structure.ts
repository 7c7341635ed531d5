import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { sha256Hex } from './parsed-certificate.js';

/**
 * A certificate's ASN.1 structure (@peculiar/asn1-x509), parsed once per content: the messaging
 * formats read issuer, serial and key from the same few certificates on every message, and an
 * ASN.1 parse costs milliseconds. The object is shared by every caller with the same bytes: read
 * it or embed it in a structure being encoded, never change it. A parse failure is not kept.
 */
const structures = new BoundedCache<string, Certificate>(VALIDATION_CACHE_CAPACITY);

export function certificateStructure(der: Uint8Array): Certificate {
  return structures.remember(sha256Hex(der), () => AsnConvert.parse(der, Certificate));
}

const encodings = new BoundedCache<string, Uint8Array>(VALIDATION_CACHE_CAPACITY);

/**
 * The DER of a certificate parsed out of a received structure (a SignedData's certificate set).
 * The encoding is a function of what was parsed: the to-be-signed part's received bytes, the
 * signature algorithm and the signature value, so it is kept under those. Callers get a copy.
 */
export function encodedCertificate(certificate: Certificate): Uint8Array {
  const raw = certificate.tbsCertificateRaw;
  if (raw === undefined) return new Uint8Array(AsnConvert.serialize(certificate));
  const key = [sha256Hex(new Uint8Array(raw)), sha256Hex(new Uint8Array(AsnConvert.serialize(certificate.signatureAlgorithm))), sha256Hex(new Uint8Array(certificate.signatureValue))].join(':');
  return Uint8Array.from(encodings.remember(key, () => new Uint8Array(AsnConvert.serialize(certificate))));
}

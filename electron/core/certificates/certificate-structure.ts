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

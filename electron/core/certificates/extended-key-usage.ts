import { X509Certificate } from 'node:crypto';

/**
 * True when the certificate lists `oid` among its extended key usages. Read with node:crypto
 * (OpenSSL's OID printer): @peculiar/asn1-schema renders a 128-bit arc like the UUID arc's (2.25)
 * as hex in braces, which would never equal the dotted form.
 */
export function hasExtendedKeyUsage(certificateDer: Uint8Array, oid: string): boolean {
  return (new X509Certificate(Buffer.from(certificateDer)).keyUsage ?? []).includes(oid);
}

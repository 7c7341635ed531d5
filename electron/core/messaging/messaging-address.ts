import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

/**
 * An official's messaging id (their inbox subject token and NATS user name): the first 128 bits of
 * SHA-256 over their certificate's SubjectPublicKeyInfo, in lower-case hex. Derived from the
 * certificate alone, so a sender finds a colleague's inbox from the directory with no second list to
 * keep in step; a certificate renewed on the same key keeps it, a new key is a new inbox (the cipher
 * officer adds the user again). docs/messaging.md "Names".
 */
export function messagingIdOf(certificateDer: Uint8Array): string {
  const certificate = AsnConvert.parse(certificateDer, Certificate);
  const spki = AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo);
  return createHash('sha256').update(new Uint8Array(spki)).digest('hex').slice(0, 32);
}

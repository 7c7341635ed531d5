import { AsnConvert } from '@peculiar/asn1-schema';
import { ECDSASigValue } from '@peculiar/asn1-ecc';

/** DER INTEGER content: minimal, and positive (a leading 0x00 when the top bit is set). */
function integerBytes(raw: Uint8Array): ArrayBuffer {
  let start = 0;
  while (start < raw.length - 1 && raw[start] === 0) start++;
  const trimmed = raw.subarray(start);
  const positive = (trimmed[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...trimmed) : Uint8Array.from(trimmed);
  return positive.buffer;
}

/** PKCS#11 CKM_ECDSA returns r‖s; X.509, CMS and Node's verify expect the DER SEQUENCE {r, s}. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new Error('ECDSA signature must be r‖s of equal halves');
  const half = raw.length / 2;
  const value = new ECDSASigValue({ r: integerBytes(raw.subarray(0, half)), s: integerBytes(raw.subarray(half)) });
  return new Uint8Array(AsnConvert.serialize(value));
}

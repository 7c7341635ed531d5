/**
 * The one reader for certificate and CRL files whatever their encoding: a .pem file arrives as
 * its text's bytes, and the parsers take PEM as a string and DER as bytes.
 */
export function pemOrDer(bytes: Uint8Array): string | Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.subarray(0, 11).toString('latin1') === '-----BEGIN ' ? buffer.toString('utf8') : new Uint8Array(buffer);
}

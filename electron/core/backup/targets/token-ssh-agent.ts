import { X509Certificate, createHash } from 'node:crypto';
// ssh2 is CommonJS whose `utils` Node's ESM loader cannot name: taken from the default export.
import ssh2, { type ParsedKey } from 'ssh2';
import type { TokenSigner } from '../../signing/token-signer.js';

/** `string` of the SSH wire format (RFC 4251 §5): a 32-bit big-endian length, then the bytes. */
function sshString(bytes: Uint8Array | string): Buffer {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'ascii') : Buffer.from(bytes);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/**
 * The OpenSSH public key line (`ecdsa-sha2-nistp256 AAAA…`) of a certificate's P-256 key (RFC 5656
 * §3.1: the key type, the curve name, the uncompressed point): what the backup server's
 * `authorized_keys` lists for an official whose key is on the token.
 */
export function sshPublicKeyOfCertificate(certificateDer: Uint8Array): string {
  const jwk = new X509Certificate(certificateDer).publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) throw new RangeError('an SSH key on the token must be ECDSA P-256');
  const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return `ecdsa-sha2-nistp256 ${Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp256'), sshString(point)]).toString('base64')}`;
}

/**
 * Client-key authentication with the key on the token: ssh2 asks this agent for the key and for a
 * signature over the session's authentication data; the token signs its SHA-256 (ecdsa-sha2-nistp256,
 * RFC 5656), and ssh2 turns the DER signature into SSH's form. The private key never leaves the
 * token. RSA keys are not offered: SSH's RSA signatures are PKCS#1 v1.5, which the token signer
 * refuses (Circular 15/2025 wants PSS for new signatures).
 */
export class TokenSshAgent extends ssh2.BaseAgent {
  private readonly key: ParsedKey;

  constructor(private readonly signer: TokenSigner) {
    super();
    if (signer.scheme !== 'ecdsaSha256') throw new RangeError('an SSH key on the token must be ECDSA P-256');
    const parsed = ssh2.utils.parseKey(sshPublicKeyOfCertificate(signer.certificateDer));
    if (parsed instanceof Error) throw parsed;
    this.key = parsed;
  }

  override getIdentities(callback: (error: Error | undefined, keys?: ParsedKey[]) => void): void {
    callback(undefined, [this.key]);
  }

  override sign(_key: ParsedKey | Buffer, data: Buffer, options: unknown, callback?: (error: Error | undefined, signature?: Buffer) => void): void {
    const done = typeof options === 'function' ? (options as typeof callback) : callback;
    this.signer.sign(createHash('sha256').update(data).digest()).then(
      (signature) => done?.(undefined, Buffer.from(signature)),
      (error: unknown) => done?.(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

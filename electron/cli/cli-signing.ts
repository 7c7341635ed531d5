// `airlock sign` / `airlock verify-signature` (docs/signing.md): the same signing core as the app.
import path from 'node:path';
import type { SignerTrust } from '../core/documents/container-reader.js';
import { DomainError } from '../core/domain-error.js';
import { certificateInfo } from '../core/certificates/certificate-info.js';
import { signFile, verifyFile } from '../core/document-signing/document-signing.js';
import { documentSigningKey } from '../core/document-signing/signing-key.js';
import type { TokenKeyHolder } from '../core/token/token-key-holders.js';
import type { CliArgs } from './cli-args.js';

type Report = Record<string, unknown>;

/** A signature that does not hold: exit 5 like a damaged container, with the report still printed. */
export class SignatureRefused extends Error {
  constructor(readonly problem: string, readonly report: Report) {
    super(problem);
  }
}

/** `signaturePin`: asked only when the chosen key wants its PIN for each signature (undefined: none given). */
export async function signWithToken(args: CliArgs, holders: readonly TokenKeyHolder[], trust: SignerTrust, signaturePin: () => Promise<string | undefined>): Promise<Report> {
  const holder = documentSigningKey(holders, args.key === undefined ? undefined : args.key === 'rsa' ? 'rsaPssSha256' : 'ecdsaSha256');
  if (holder === undefined) throw new DomainError('token.keyNotFound');
  let signer = holder.signer;
  if (holder.alwaysAuthenticate) {
    const pin = await signaturePin();
    if (pin === undefined) throw new DomainError('token.contextPinRequired');
    signer = holder.signerWithPin(pin);
  }
  const signed = await signFile({
    signer,
    chain: trust.intermediates.map((item) => (typeof item === 'string' ? Buffer.from(item) : item)),
    trust,
    input: args.input,
    ...(args.format === undefined ? {} : { format: args.format }),
    ...(args.output === undefined ? {} : { output: args.output }),
    // The command line counts pages from 1, the core from 0.
    ...(args.visible === undefined ? {} : { visible: { ...args.visible, page: args.visible.page - 1 } }),
    ...(args.tsa === undefined ? {} : { timestamp: { url: args.tsa } }),
  });
  const info = certificateInfo(holder.certificateDer);
  return { format: signed.format, output: signed.output, signer: { subject: info.subject.display, fingerprint: info.fingerprint }, visible: args.visible !== undefined, timestamped: args.tsa !== undefined };
}

export async function verifySignature(args: CliArgs, trust: SignerTrust): Promise<Report> {
  const verdict = await verifyFile(args.input, trust, args.content);
  const report: Report = { ...verdict, file: path.basename(args.input) };
  if (verdict.valid) return report;
  const first = verdict.format === 'p7s' ? verdict.problem : verdict.signatures.map((check) => (check.valid ? (check.coverage === 'changesAppended' ? 'changedAfter' : undefined) : check.problem)).find((problem) => problem !== undefined);
  throw new SignatureRefused(`signature.${first ?? 'tampered'}`, report);
}

// Issuing certificates with `openssl ca`, the way a CA operator does: a CSR from the subject's key
// (a file, or a key on a token through the pkcs11 engine, never leaving it), then `openssl ca`, so
// every certificate is in its CA's database and can be revoked and listed in a CRL.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaName, CertProfile } from './ca-config.js';
import type { ToolOutput } from './run-tool.js';

export type RunOpenSsl = (args: readonly string[]) => Promise<ToolOutput>;

export interface DistinguishedName {
  readonly C: string;
  readonly O: string;
  readonly CN: string;
}

export interface EngineKey {
  readonly uri: string;
  readonly pin: string;
}

type KeySource = { readonly key: string } | { readonly selfSignKey: string } | { readonly engineKey: EngineKey };

export type IssueRequest = KeySource & {
  readonly ca: CaName;
  readonly subject: DistinguishedName;
  readonly out: string;
  readonly profile: CertProfile;
  readonly validity?: { readonly start: Date; readonly end: Date };
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** CSR from the subject's key, then `openssl ca` with the config at `config`. */
export async function issue(config: string, openssl: RunOpenSsl, request: IssueRequest): Promise<void> {
  const csr = request.out.replace(/\.pem$/, '.csr');
  const keyArgs =
    'engineKey' in request
      ? ['-engine', 'pkcs11', '-keyform', 'engine', '-key', request.engineKey.uri, '-passin', `pass:${request.engineKey.pin}`]
      : ['-key', 'key' in request ? request.key : request.selfSignKey];
  await openssl(['req', '-new', '-config', config, '-utf8', '-subj', subjectArg(request.subject), ...keyArgs, '-out', csr]);

  const validity = request.validity === undefined ? [] : ['-startdate', opensslTime(request.validity.start), '-enddate', opensslTime(request.validity.end)];
  const selfSign = 'selfSignKey' in request ? ['-selfsign', '-keyfile', request.selfSignKey] : [];
  await openssl([
    'ca', '-config', config, '-name', request.ca, '-batch', '-notext', '-utf8',
    '-extensions', request.profile, ...validity, ...selfSign, '-in', csr, '-out', request.out,
  ]);
}

/** An empty CA database: index, issued certificates, CRL number. */
export async function initCaDatabase(caDir: string): Promise<void> {
  await mkdir(path.join(caDir, 'issued'), { recursive: true });
  await writeFile(path.join(caDir, 'index.txt'), '');
  await writeFile(path.join(caDir, 'crlnumber'), '1000\n');
}

function subjectArg(dn: DistinguishedName): string {
  return `/C=${dn.C}/O=${dn.O}/CN=${dn.CN}`;
}

export function daysFrom(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** GeneralizedTime as `openssl ca` takes it: YYYYMMDDHHMMSSZ. */
export function opensslTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:T]/g, '');
}

export function pemToDer(pem: string): Buffer {
  const body = /-----BEGIN [A-Z0-9 ]+-----([\s\S]+?)-----END [A-Z0-9 ]+-----/.exec(pem)?.[1];
  if (body === undefined) throw new Error('No PEM block found.');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

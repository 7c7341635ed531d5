// The training CA, made on the spot with openssl: a root (trusted only by the training profile), an
// issuing CA with its CRL, the administrator who signs the zone policy, and each official's
// certificates for the keys made on their token (the CSR is signed on the token, the key never leaves it).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { caConfig, TRAINING_CRL_URL } from './pki/ca-config.js';
import { daysFrom, initCaDatabase, issue, pemToDer, type DistinguishedName, type RunOpenSsl } from './pki/openssl-ca.js';
import { TRAINING_ADMIN, TRAINING_ISSUING, TRAINING_ROOT, type CastMember } from './cast.js';

export interface TrainingCa {
  readonly dir: string;
  readonly config: string;
  readonly rootCert: string;
  readonly issuingCert: string;
  readonly adminKey: string;
  readonly adminCert: string;
  readonly crl: string;
  readonly rootCrl: string;
}

export interface OfficialCertificates {
  readonly rsaCert: string;
  readonly rsaDer: string;
  readonly ecCert: string;
  readonly ecDer: string;
}

/** Root and issuing CA (ten years, back-dated a day), the policy administrator's key and certificate. */
export async function createTrainingCa(dir: string, openssl: RunOpenSsl, now: Date): Promise<TrainingCa> {
  const caDirs = { root_ca: path.join(dir, 'root'), intermediate_ca: path.join(dir, 'issuing') };
  await Promise.all(Object.values(caDirs).map(initCaDatabase));
  const config = path.join(dir, 'openssl.cnf');
  await writeFile(config, caConfig(caDirs, TRAINING_CRL_URL));
  const ca: TrainingCa = {
    dir,
    config,
    rootCert: path.join(caDirs.root_ca, 'ca.pem'),
    issuingCert: path.join(caDirs.intermediate_ca, 'ca.pem'),
    adminKey: path.join(dir, 'admin.key'),
    adminCert: path.join(dir, 'admin.pem'),
    crl: path.join(caDirs.intermediate_ca, 'crl.pem'),
    rootCrl: path.join(caDirs.root_ca, 'crl.pem'),
  };
  const rootKey = path.join(caDirs.root_ca, 'ca.key');
  const issuingKey = path.join(caDirs.intermediate_ca, 'ca.key');
  await Promise.all([rootKey, issuingKey, ca.adminKey].map((key) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key])));
  const validity = { start: daysFrom(now, -1), end: daysFrom(now, 10 * 365) };
  await issue(config, openssl, { ca: 'root_ca', selfSignKey: rootKey, subject: TRAINING_ROOT, out: ca.rootCert, profile: 'v3_root', validity });
  await issue(config, openssl, { ca: 'root_ca', key: issuingKey, subject: TRAINING_ISSUING, out: ca.issuingCert, profile: 'v3_intermediate', validity });
  await issue(config, openssl, { ca: 'intermediate_ca', key: ca.adminKey, subject: TRAINING_ADMIN, out: ca.adminCert, profile: 'v3_policy_admin' });
  return ca;
}

/** An official's RSA and EC certificates (and, for the cipher officer, the declassification usage on the EC key). */
export async function issueOfficialCertificates(
  ca: TrainingCa,
  openssl: RunOpenSsl,
  member: CastMember,
  index: number,
  keys: { readonly rsaUri: string; readonly ecUri: string; readonly pin: string },
): Promise<OfficialCertificates> {
  const dir = path.join(ca.dir, 'officials');
  await mkdir(dir, { recursive: true });
  const subject: DistinguishedName = { C: 'VN', O: member.organisation, CN: member.name };
  const file = (name: string) => path.join(dir, `${index + 1}-${name}`);
  const certs = { rsaCert: file('rsa.pem'), rsaDer: file('rsa.der'), ecCert: file('ec.pem'), ecDer: file('ec.der') };
  await issue(ca.config, openssl, { ca: 'intermediate_ca', engineKey: { uri: keys.rsaUri, pin: keys.pin }, subject, out: certs.rsaCert, profile: 'v3_leaf_rsa' });
  await issue(ca.config, openssl, { ca: 'intermediate_ca', engineKey: { uri: keys.ecUri, pin: keys.pin }, subject, out: certs.ecCert, profile: 'v3_leaf_ec' });
  if (member.role === 'cipherOfficer') {
    await issue(ca.config, openssl, { ca: 'intermediate_ca', engineKey: { uri: keys.ecUri, pin: keys.pin }, subject, out: file('declassification.pem'), profile: 'v3_declass_officer' });
  }
  await writeFile(certs.rsaDer, pemToDer(await readFile(certs.rsaCert, 'utf8')));
  await writeFile(certs.ecDer, pemToDer(await readFile(certs.ecCert, 'utf8')));
  return certs;
}

/** The issuing CA's and the root's CRLs (30 days), published after every certificate is issued. */
export async function publishTrainingCrls(ca: TrainingCa, openssl: RunOpenSsl): Promise<{ crlDer: Buffer; rootCrlDer: Buffer }> {
  await openssl(['ca', '-config', ca.config, '-name', 'intermediate_ca', '-batch', '-gencrl', '-crldays', '30', '-out', ca.crl]);
  await openssl(['ca', '-config', ca.config, '-name', 'root_ca', '-batch', '-gencrl', '-crldays', '30', '-out', ca.rootCrl]);
  return { crlDer: pemToDer(await readFile(ca.crl, 'utf8')), rootCrlDer: pemToDer(await readFile(ca.rootCrl, 'utf8')) };
}

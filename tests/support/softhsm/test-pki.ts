import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { caConfig, type CaName } from './ca-config.js';
import { daysFrom, initCaDatabase, issue as issueWith, opensslTime, pemToDer, type DistinguishedName, type EngineKey, type IssueRequest, type RunOpenSsl } from '../../../tools/training-kit/pki/openssl-ca.js';
import { allEnded } from '../settled.js';

export { pemToDer, type DistinguishedName, type RunOpenSsl } from '../../../tools/training-kit/pki/openssl-ca.js';

const OFFICE = 'Văn phòng Tỉnh uỷ Thừa Thiên Huế';

export const TEST_SUBJECTS = {
  root: { C: 'VN', O: 'Airlock Test PKI', CN: 'Airlock Test Root CA' },
  intermediate: { C: 'VN', O: 'Airlock Test PKI', CN: 'Airlock Test Intermediate CA' },
  unknownRoot: { C: 'VN', O: 'Unknown PKI', CN: 'Unknown Root CA' },
  rsaLeaf: { C: 'VN', O: OFFICE, CN: 'Nguyễn Văn An' },
  ecLeaf: { C: 'VN', O: OFFICE, CN: 'Trần Thị Bình' },
  expiredLeaf: { C: 'VN', O: OFFICE, CN: 'Lê Văn Cường' },
  revokedLeaf: { C: 'VN', O: OFFICE, CN: 'Phạm Thị Dung' },
  unknownLeaf: { C: 'VN', O: 'Đơn vị không xác định', CN: 'Hoàng Văn Em' },
  policyAdmin: { C: 'VN', O: 'Ban Cơ yếu Chính phủ', CN: 'Quản trị chính sách vùng' },
  policyAdminRsa: { C: 'VN', O: 'Ban Cơ yếu Chính phủ', CN: 'Quản trị chính sách vùng (RSA)' },
} as const satisfies Record<string, DistinguishedName>;

export interface TestPkiPaths {
  readonly dir: string;
  /** The `openssl ca` config: sections root_ca, intermediate_ca, unknown_ca and the v3_* profiles. */
  readonly config: string;
  readonly rootCert: string;
  readonly rootKey: string;
  readonly intermediateCert: string;
  readonly intermediateKey: string;
  readonly unknownRootCert: string;
  readonly unknownRootKey: string;
  readonly rsaLeafCert: string;
  readonly rsaLeafCertDer: string;
  readonly ecLeafCert: string;
  readonly ecLeafCertDer: string;
  readonly expiredLeafCert: string;
  readonly expiredLeafKey: string;
  readonly revokedLeafCert: string;
  readonly revokedLeafKey: string;
  readonly unknownLeafCert: string;
  readonly unknownLeafKey: string;
  /** Zone-policy administrators (EC and RSA file keys) with the policy-signing extended key usage. */
  readonly policyAdminCert: string;
  readonly policyAdminKey: string;
  readonly policyAdminRsaCert: string;
  readonly policyAdminRsaKey: string;
  /** A declassification officer's certificate for the token's EC key (the EC leaf's holder, with the officer usage). */
  readonly declassOfficerCert: string;
  /** The intermediate's CRL (listing the revoked leaf), nextUpdate 30 days ahead. */
  readonly crl: string;
  readonly crlDer: string;
  /** The same CA's CRL with nextUpdate in the past. */
  readonly staleCrl: string;
  readonly staleCrlDer: string;
  /** The root's CRL: an intermediate's revocation status comes from it. */
  readonly rootCrl: string;
}

export interface TestPki {
  readonly subjects: typeof TEST_SUBJECTS;
  readonly rootPem: string;
  readonly rootDer: Buffer;
  readonly intermediatePem: string;
  readonly intermediateDer: Buffer;
  readonly unknownRootPem: string;
  readonly rsaLeafPem: string;
  readonly ecLeafPem: string;
  readonly expiredLeafPem: string;
  readonly revokedLeafPem: string;
  readonly unknownLeafPem: string;
  readonly declassOfficerPem: string;
  readonly crlPem: string;
  readonly crlDer: Buffer;
  readonly staleCrlPem: string;
  readonly staleCrlDer: Buffer;
  readonly rootCrlDer: Buffer;
  readonly paths: TestPkiPaths;
}

const CA_DIRS = { root_ca: 'root', intermediate_ca: 'intermediate', unknown_ca: 'unknown' } as const satisfies Record<CaName, string>;

function caDirectories(dir: string): Record<CaName, string> {
  return { root_ca: path.join(dir, CA_DIRS.root_ca), intermediate_ca: path.join(dir, CA_DIRS.intermediate_ca), unknown_ca: path.join(dir, CA_DIRS.unknown_ca) };
}

export function pkiLayout(dir: string): TestPkiPaths {
  const ca = (name: CaName, file: string): string => path.join(caDirectories(dir)[name], file);
  const leaf = (file: string): string => path.join(dir, 'leaves', file);
  return {
    dir,
    config: path.join(dir, 'openssl-ca.cnf'),
    rootCert: ca('root_ca', 'ca.pem'),
    rootKey: ca('root_ca', 'ca.key'),
    intermediateCert: ca('intermediate_ca', 'ca.pem'),
    intermediateKey: ca('intermediate_ca', 'ca.key'),
    unknownRootCert: ca('unknown_ca', 'ca.pem'),
    unknownRootKey: ca('unknown_ca', 'ca.key'),
    rsaLeafCert: leaf('rsa.pem'),
    rsaLeafCertDer: leaf('rsa.der'),
    ecLeafCert: leaf('ec.pem'),
    ecLeafCertDer: leaf('ec.der'),
    expiredLeafCert: leaf('expired.pem'),
    expiredLeafKey: leaf('expired.key'),
    revokedLeafCert: leaf('revoked.pem'),
    revokedLeafKey: leaf('revoked.key'),
    unknownLeafCert: leaf('unknown.pem'),
    unknownLeafKey: leaf('unknown.key'),
    policyAdminCert: leaf('policy-admin.pem'),
    policyAdminKey: leaf('policy-admin.key'),
    policyAdminRsaCert: leaf('policy-admin-rsa.pem'),
    policyAdminRsaKey: leaf('policy-admin-rsa.key'),
    declassOfficerCert: leaf('declass-officer.pem'),
    crl: ca('intermediate_ca', 'crl.pem'),
    crlDer: ca('intermediate_ca', 'crl.der'),
    staleCrl: ca('intermediate_ca', 'stale-crl.pem'),
    staleCrlDer: ca('intermediate_ca', 'stale-crl.der'),
    rootCrl: ca('root_ca', 'crl.pem'),
  };
}

/**
 * The CAs and the leaves with file keys. Needs nothing from the token, so it runs while SoftHSM generates keys.
 * The CAs are back-dated five years so the expired leaf lies inside its issuer's validity and fails for
 * being expired only.
 */
export async function createAuthorities(paths: TestPkiPaths, openssl: RunOpenSsl, now: Date): Promise<void> {
  await mkdir(path.join(paths.dir, 'leaves'), { recursive: true });
  const caDirs = caDirectories(paths.dir);
  await allEnded(Object.values(caDirs).map(initCaDatabase));
  await writeFile(paths.config, caConfig(caDirs));

  const keys = [paths.rootKey, paths.intermediateKey, paths.unknownRootKey, paths.unknownLeafKey, paths.expiredLeafKey, paths.revokedLeafKey, paths.policyAdminKey];
  await allEnded([
    ...keys.map((key) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key])),
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', paths.policyAdminRsaKey]),
  ]);

  const caValidity = { start: daysFrom(now, -5 * 365), end: daysFrom(now, 10 * 365) };
  const mainChain = async (): Promise<void> => {
    await issue(paths, openssl, { ca: 'root_ca', selfSignKey: paths.rootKey, subject: TEST_SUBJECTS.root, out: paths.rootCert, profile: 'v3_root', validity: caValidity });
    await issue(paths, openssl, { ca: 'root_ca', key: paths.intermediateKey, subject: TEST_SUBJECTS.intermediate, out: paths.intermediateCert, profile: 'v3_intermediate', validity: caValidity });
    const expiredValidity = { start: daysFrom(now, -3 * 365), end: daysFrom(now, -2 * 365) };
    await issue(paths, openssl, { ca: 'intermediate_ca', key: paths.expiredLeafKey, subject: TEST_SUBJECTS.expiredLeaf, out: paths.expiredLeafCert, profile: 'v3_leaf_ec', validity: expiredValidity });
    await issue(paths, openssl, { ca: 'intermediate_ca', key: paths.revokedLeafKey, subject: TEST_SUBJECTS.revokedLeaf, out: paths.revokedLeafCert, profile: 'v3_leaf_ec' });
    await openssl(['ca', '-config', paths.config, '-name', 'intermediate_ca', '-batch', '-revoke', paths.revokedLeafCert, '-crl_reason', 'keyCompromise']);
    await issue(paths, openssl, { ca: 'intermediate_ca', key: paths.policyAdminKey, subject: TEST_SUBJECTS.policyAdmin, out: paths.policyAdminCert, profile: 'v3_policy_admin' });
    await issue(paths, openssl, { ca: 'intermediate_ca', key: paths.policyAdminRsaKey, subject: TEST_SUBJECTS.policyAdminRsa, out: paths.policyAdminRsaCert, profile: 'v3_policy_admin' });
  };
  const unknownChain = async (): Promise<void> => {
    await issue(paths, openssl, { ca: 'unknown_ca', selfSignKey: paths.unknownRootKey, subject: TEST_SUBJECTS.unknownRoot, out: paths.unknownRootCert, profile: 'v3_root', validity: caValidity });
    await issue(paths, openssl, { ca: 'unknown_ca', key: paths.unknownLeafKey, subject: TEST_SUBJECTS.unknownLeaf, out: paths.unknownLeafCert, profile: 'v3_leaf_ec' });
  };
  await allEnded([mainChain(), unknownChain()]);
}

/** Leaves for the token keys: the CSR is signed on the token through the pkcs11 engine, the key never leaves it. */
export async function issueTokenLeaves(
  paths: TestPkiPaths,
  openssl: RunOpenSsl,
  token: { readonly rsaKeyUri: string; readonly ecKeyUri: string; readonly userPin: string },
): Promise<void> {
  const engineKey = (uri: string): EngineKey => ({ uri, pin: token.userPin });
  await issue(paths, openssl, { ca: 'intermediate_ca', engineKey: engineKey(token.rsaKeyUri), subject: TEST_SUBJECTS.rsaLeaf, out: paths.rsaLeafCert, profile: 'v3_leaf_rsa' });
  await issue(paths, openssl, { ca: 'intermediate_ca', engineKey: engineKey(token.ecKeyUri), subject: TEST_SUBJECTS.ecLeaf, out: paths.ecLeafCert, profile: 'v3_leaf_ec' });
  await issue(paths, openssl, { ca: 'intermediate_ca', engineKey: engineKey(token.ecKeyUri), subject: TEST_SUBJECTS.ecLeaf, out: paths.declassOfficerCert, profile: 'v3_declass_officer' });
  await writeFile(paths.rsaLeafCertDer, pemToDer(await readFile(paths.rsaLeafCert, 'utf8')));
  await writeFile(paths.ecLeafCertDer, pemToDer(await readFile(paths.ecLeafCert, 'utf8')));
}

/** Run after every revocation: a CRL is a snapshot of the CA database. */
export async function publishCrls(paths: TestPkiPaths, openssl: RunOpenSsl, now: Date): Promise<void> {
  const gencrl = ['ca', '-config', paths.config, '-name', 'intermediate_ca', '-batch', '-gencrl'];
  await openssl([...gencrl, '-crldays', '30', '-out', paths.crl]);
  await openssl([...gencrl, '-crl_lastupdate', opensslTime(daysFrom(now, -40)), '-crl_nextupdate', opensslTime(daysFrom(now, -10)), '-out', paths.staleCrl]);
  await openssl(['ca', '-config', paths.config, '-name', 'root_ca', '-batch', '-gencrl', '-crldays', '30', '-out', paths.rootCrl]);
  await writeFile(paths.crlDer, pemToDer(await readFile(paths.crl, 'utf8')));
  await writeFile(paths.staleCrlDer, pemToDer(await readFile(paths.staleCrl, 'utf8')));
}

export async function readTestPki(paths: TestPkiPaths): Promise<TestPki> {
  const text = (file: string): Promise<string> => readFile(file, 'utf8');
  const [rootPem, intermediatePem, unknownRootPem, rsaLeafPem, ecLeafPem, expiredLeafPem, revokedLeafPem, unknownLeafPem, crlPem, staleCrlPem] = await Promise.all(
    [paths.rootCert, paths.intermediateCert, paths.unknownRootCert, paths.rsaLeafCert, paths.ecLeafCert, paths.expiredLeafCert, paths.revokedLeafCert, paths.unknownLeafCert, paths.crl, paths.staleCrl].map(text),
  ) as [string, string, string, string, string, string, string, string, string, string];
  return {
    subjects: TEST_SUBJECTS,
    rootPem,
    rootDer: pemToDer(rootPem),
    intermediatePem,
    intermediateDer: pemToDer(intermediatePem),
    unknownRootPem,
    rsaLeafPem,
    ecLeafPem,
    expiredLeafPem,
    revokedLeafPem,
    unknownLeafPem,
    declassOfficerPem: await text(paths.declassOfficerCert),
    crlPem,
    crlDer: pemToDer(crlPem),
    staleCrlPem,
    staleCrlDer: pemToDer(staleCrlPem),
    rootCrlDer: pemToDer(await text(paths.rootCrl)),
    paths,
  };
}

/** CSR from the subject's key, then `openssl ca`, so every certificate is in its CA's database. */
function issue(paths: TestPkiPaths, openssl: RunOpenSsl, request: IssueRequest): Promise<void> {
  return issueWith(paths.config, openssl, request);
}

/**
 * The intermediate's and the root's CRLs into a cache, as a cipher officer's import would do:
 * without them every chain ends in "revocation unknown" (fail closed).
 */
export async function importTestCrls(cache: { import(input: Uint8Array, issuers: readonly string[]): Promise<{ status: string; reason?: string }> }, pki: TestPki): Promise<void> {
  for (const crl of [pki.crlDer, pki.rootCrlDer]) {
    const result = await cache.import(crl, [pki.rootPem, pki.intermediatePem]);
    if (result.status === 'rejected') throw new Error(`test CRL rejected: ${result.reason ?? ''}`);
  }
}

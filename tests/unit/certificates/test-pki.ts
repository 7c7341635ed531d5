/**
 * A real, throw-away PKI generated in-process: RSA and ECDSA keys from Node's WebCrypto, certificates
 * and CRLs from @peculiar/x509. Built once per test process around a fixed instant, `NOW`.
 */
import { webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  X509CrlGenerator,
  X509CrlReason,
  type Extension,
  type JsonName,
  type X509Certificate,
  type X509Crl,
} from '../../../electron/core/certificates/x509.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';

export const NOW = new Date('2026-03-01T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
export const days = (count: number) => new Date(NOW.getTime() + count * DAY);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = (keys: CryptoKeyPair) => (keys.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : RSA);

export interface Issued {
  cert: X509Certificate;
  keys: CryptoKeyPair;
  der: Uint8Array;
  pem: string;
}

export interface IssueParams {
  subject: JsonName;
  issuer?: Issued;
  keyType?: 'rsa' | 'ec';
  ca?: { pathLength?: number };
  usages: KeyUsageFlags;
  notBefore?: Date;
  notAfter?: Date;
  extra?: Extension[];
}

let serial = 0x1000;

export async function issue(params: IssueParams): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(params.keyType === 'rsa' ? RSA : EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const signer = params.issuer?.keys ?? keys;
  const extensions: Extension[] = [
    new BasicConstraintsExtension(params.ca !== undefined, params.ca?.pathLength, true),
    new KeyUsagesExtension(params.usages, true),
    await SubjectKeyIdentifierExtension.create(keys.publicKey),
    await AuthorityKeyIdentifierExtension.create(signer.publicKey),
    ...(params.extra ?? []),
  ];
  const cert = await X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16),
    subject: params.subject,
    issuer: params.issuer?.cert.subjectName ?? params.subject,
    notBefore: params.notBefore ?? days(-365),
    notAfter: params.notAfter ?? days(365),
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm: signingAlgorithm(signer),
    extensions,
  });
  return { cert, keys, der: new Uint8Array(cert.rawData), pem: cert.toString('pem') };
}

export async function crlOf(issuer: Issued, revoked: Issued[], window: { thisUpdate: Date; nextUpdate?: Date }): Promise<X509Crl> {
  return X509CrlGenerator.create({
    issuer: issuer.cert.subjectName,
    thisUpdate: window.thisUpdate,
    ...(window.nextUpdate === undefined ? {} : { nextUpdate: window.nextUpdate }),
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: signingAlgorithm(issuer.keys),
    entries: revoked.map((item) => ({ serialNumber: item.cert.serialNumber, revocationDate: days(-3), reason: X509CrlReason.keyCompromise })),
  });
}

/** A copy of `der` with one byte of the signature value (the last byte of the certificate) flipped. */
export function withBrokenSignature(der: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(der);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}

export const person = (name: string, extra: JsonName = []): JsonName => [
  { C: ['VN'] },
  { ST: ['Hà Nội'] },
  { O: ['Bộ Ngoại giao'] },
  { OU: ['Cục Lãnh sự'] },
  { CN: [name] },
  ...extra,
];

export const SIGNING = KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
const CA_USAGES = KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign;

async function build() {
  const root = await issue({ subject: [{ C: ['VN'] }, { O: ['Ban Cơ yếu Chính phủ'] }, { CN: ['Test Root CA Chuyên dùng Chính phủ'] }], keyType: 'rsa', ca: { pathLength: 2 }, usages: CA_USAGES });
  const intermediate = await issue({ subject: [{ C: ['VN'] }, { O: ['Ban Cơ yếu Chính phủ'] }, { CN: ['Test CA Cấp 2'] }], issuer: root, ca: { pathLength: 0 }, usages: CA_USAGES });
  const under = (params: Omit<IssueParams, 'issuer'>) => issue({ ...params, issuer: intermediate });

  const rsaLeaf = await under({
    subject: person('Nguyễn Văn An', [{ '0.9.2342.19200300.100.1.1': ['CCCD:001085012345'] }, { E: ['an.nv@mofa.gov.vn'] }]),
    keyType: 'rsa',
    usages: SIGNING | KeyUsageFlags.keyEncipherment,
    extra: [new ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.2'])],
  });
  const ecLeaf = await under({
    subject: person('Trần Thị Đào'),
    usages: SIGNING | KeyUsageFlags.keyAgreement,
    extra: [new SubjectAlternativeNameExtension([{ type: 'email', value: 'dao.tt@mofa.gov.vn' }])],
  });
  const encipherOnlyLeaf = await under({ subject: person('Lê Văn Bình'), keyType: 'rsa', usages: KeyUsageFlags.keyEncipherment });
  const expiredLeaf = await under({ subject: person('Phạm Hết Hạn'), usages: SIGNING | KeyUsageFlags.keyAgreement, notBefore: days(-400), notAfter: days(-1) });
  const futureLeaf = await under({ subject: person('Võ Chưa Tới'), usages: SIGNING | KeyUsageFlags.keyAgreement, notBefore: days(1), notAfter: days(400) });
  const revokedLeaf = await under({ subject: person('Đặng Bị Thu Hồi'), usages: SIGNING | KeyUsageFlags.keyAgreement });

  // An end entity pretending to be a CA, and a CA nested below a pathLength-0 CA.
  const endEntityIssuer = await under({ subject: person('Hoàng Không Phải CA'), usages: SIGNING | KeyUsageFlags.keyCertSign });
  const underEndEntity = await issue({ subject: person('Ngô Văn Con'), issuer: endEntityIssuer, usages: SIGNING });
  const nestedCa = await under({ subject: [{ C: ['VN'] }, { CN: ['Test CA Cấp 3'] }], ca: {}, usages: CA_USAGES });
  const tooDeepLeaf = await issue({ subject: person('Bùi Quá Sâu'), issuer: nestedCa, usages: SIGNING });

  const foreignRoot = await issue({ subject: [{ C: ['VN'] }, { CN: ['Unknown Root'] }], ca: {}, usages: CA_USAGES });
  const foreignLeaf = await issue({ subject: person('Nguyễn Văn Lạ'), issuer: foreignRoot, usages: SIGNING | KeyUsageFlags.keyAgreement });

  const fresh = { thisUpdate: days(-1), nextUpdate: days(6) };
  const crls = {
    root: await crlOf(root, [], fresh),
    intermediate: await crlOf(intermediate, [revokedLeaf], fresh),
    nested: await crlOf(nestedCa, [], fresh),
    staleIntermediate: await crlOf(intermediate, [revokedLeaf], { thisUpdate: days(-10), nextUpdate: days(-3) }),
  };
  return {
    root, intermediate, rsaLeaf, ecLeaf, encipherOnlyLeaf, expiredLeaf, futureLeaf, revokedLeaf,
    endEntityIssuer, underEndEntity, nestedCa, tooDeepLeaf, foreignRoot, foreignLeaf, crls,
  };
}

export type TestPki = Awaited<ReturnType<typeof build>>;

let cached: Promise<TestPki> | undefined;

export function testPki(): Promise<TestPki> {
  cached ??= build();
  return cached;
}

/** The pinned root of the test PKI, as the app would load it from configuration. */
export function testAnchors(pki: TestPki): TrustAnchors {
  return TrustAnchors.load([pki.root.pem]);
}

/** A CRL cache holding fresh CRLs of the root and of both issuing CAs. */
export async function freshCrls(pki: TestPki): Promise<CrlCache> {
  const cache = new CrlCache(new MemoryCrlStore());
  const issuers = [pki.root.der, pki.intermediate.der, pki.nestedCa.der];
  for (const crl of [pki.crls.root, pki.crls.intermediate, pki.crls.nested]) {
    const result = await cache.import(new Uint8Array(crl.rawData), issuers);
    if (result.status !== 'stored') throw new Error(`test PKI CRL not stored: ${JSON.stringify(result)}`);
  }
  return cache;
}

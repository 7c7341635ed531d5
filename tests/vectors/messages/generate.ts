// Writes the committed message vectors (docs/message-format.md "Vectors"). Run by hand when the
// format changes: `node --import tsx tests/vectors/messages/generate.ts`. Uses the container
// vectors' 100-year test PKI (tests/vectors/container/pki) and, for the unknown signer, a
// self-signed test key of its own (pki/, made once and kept). Test-only keys: never use them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sealEnvelope } from '../../../electron/core/messaging/cms-envelope.js';
import { writeMessage, type MessageDraft } from '../../../electron/core/messaging/cms-message-writer.js';
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { attribute, AttributeSet, der, signContent, sortedAttributes } from '../../../electron/core/messaging/cms-signed-data.js';
import { signAndCheck } from '../../../electron/core/signing/token-signer.js';
import { EssSecurityLabel, SigningCertificateV2 } from '../../../electron/core/messaging/ess-attributes.js';
import { messageAttributes } from '../../../electron/core/messaging/message-attributes.js';
import { writeSignedEntity, writeTextMessage } from '../../../electron/core/messaging/mime-entity.js';
import { ID_AA_SECURITY_LABEL, ID_AA_SIGNING_CERTIFICATE_V2, ID_DATA, ID_SIGNED_DATA } from '../../../electron/core/messaging/message-oids.js';
import { makeReceipt } from '../../../electron/core/messaging/signed-receipt.js';
import { verifySignedData } from '../../../electron/core/messaging/cms-signed-data-verifier.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { vectorTrust, type MessageVector } from './vector-trust.js';

const dir = import.meta.dirname;
const containerPki = path.join(dir, '..', 'container', 'pki');
const ownPki = path.join(dir, 'pki');
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' }), stderr: '' });
const pem = (file: string): string => readFileSync(file, 'utf8');
const certificate = (name: string): Uint8Array => new Uint8Array(pemToDer(pem(path.join(containerPki, `${name}.pem`))));

if (!existsSync(path.join(ownPki, 'unknown-signer.pem'))) {
  mkdirSync(ownPki, { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'unknown-signer.key', '-out', 'unknown-signer.pem', '-days', '36500', '-utf8', '-subj', '/C=VN/O=Đơn vị lạ/CN=Người ký không rõ', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'], { cwd: ownPki, stdio: 'ignore' });
}

const signer = opensslSigner(openssl, path.join(containerPki, 'signer.key'), pem(path.join(containerPki, 'signer.pem')));
const rsaSigner = opensslSigner(openssl, path.join(containerPki, 'recipient-rsa.key'), pem(path.join(containerPki, 'recipient-rsa.pem')), 'rsaPssSha256');
const stranger = opensslSigner(openssl, path.join(ownPki, 'unknown-signer.key'), pem(path.join(ownPki, 'unknown-signer.pem')));
const [recipientRsa, recipientEc] = [certificate('recipient-rsa'), certificate('recipient-ec')];
const now = new Date();

const DRAFT: MessageDraft = {
  subject: 'Công điện khẩn: kiểm tra mạng cơ yếu trước 17 giờ',
  body: 'Đề nghị các đơn vị báo cáo kết quả kiểm tra.\r\nTrân trọng.\r\n',
  inReplyTo: 'goc-1@airlock.invalid',
  references: ['goc-1@airlock.invalid'],
  classification: 'mat',
  precedence: 'hoaToc',
  expiresAt: new Date('2100-01-01T00:00:00Z'),
  requestReceipt: true,
};

type Vector = MessageVector;
const vectors: Vector[] = [];
const save = (vector: Vector, bytes: Uint8Array): void => {
  writeFileSync(path.join(dir, vector.file), bytes);
  vectors.push(vector);
};
const write = (draft: Partial<MessageDraft> = {}, by = signer, to = [recipientRsa, recipientEc]) => writeMessage({ draft: { ...DRAFT, ...draft }, signer: by, chain: [], recipients: to, senderCertificates: [], now });

const good = await write();
save({ file: 'message.der', description: 'ECDSA-signed, Mật, Hỏa tốc, a reply, to RSA and EC recipients; opened with the RSA key', kind: 'message', key: 'recipient-rsa', expect: { ok: true } }, good.message);
vectors.push({ file: 'message.der', description: 'the same, opened with the EC key', kind: 'message', key: 'recipient-ec', expect: { ok: true } });
save({ file: 'signed.der', description: 'the inner SignedData of message.der, alone (the sender’s copy)', kind: 'signed', expect: { ok: true } }, good.signed.signedData);

const original = await verifySignedData(good.signed.signedData, await vectorTrust());
save({ file: 'receipt.der', description: 'signed receipt (RSA-PSS) for signed.der', kind: 'receipt', original: 'signed.der', expect: { ok: true } }, await makeReceipt({ original, signer: rsaSigner, chain: [], now }));
const other = await write({ subject: 'Một tin nhắn khác' });
save({ file: 'signed-other.der', description: 'another message’s SignedData', kind: 'signed', expect: { ok: true } }, other.signed.signedData);
vectors.push({ file: 'receipt.der', description: 'receipt.der checked against another message', kind: 'receipt', original: 'signed-other.der', expect: { ok: false, problem: 'receiptMismatch' } });

const flipped = new Uint8Array(good.message);
const at = flipped.length - 30;
flipped[at] = (flipped[at] ?? 0) ^ 0x01;
save({ file: 'tampered-ciphertext.der', description: 'one bit of the GCM ciphertext flipped', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'tampered' } }, flipped);

const signedText = Buffer.from(good.signed.signedData);
const bodyAt = signedText.indexOf('Content-Transfer-Encoding: base64\r\n\r\n') + 40;
signedText[bodyAt] = (signedText[bodyAt] ?? 0) ^ 0x02;
save({ file: 'tampered-content.der', description: 'signed text changed after signing, then encrypted again', kind: 'message', key: 'recipient-ec', expect: { ok: false, problem: 'tampered' } }, await sealEnvelope(writeSignedEntity(signedText), [recipientRsa, recipientEc]));

save({ file: 'not-recipient.der', description: 'encrypted to the EC recipient only, opened with the RSA key', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'notRecipient' } }, (await write({}, signer, [recipientEc])).message);
save({ file: 'unknown-signer.der', description: 'signed by a self-signed certificate outside the pinned root', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'unknownSigner' } }, (await write({}, stranger)).message);
save({ file: 'expired.der', description: 'expiry 2026-01-01T00:00:00Z', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'expired' } }, (await write({ expiresAt: new Date('2026-01-01T00:00:00Z') })).message);

/** A message with the given Airlock attributes replaced, signed and encrypted as the writer would. */
const withAttributes = async (change: (attributes: ReturnType<typeof messageAttributes>) => ReturnType<typeof messageAttributes>): Promise<Uint8Array> => {
  const messageId = 'vector-label@airlock.invalid';
  const content = writeTextMessage({ messageId, date: now, subject: DRAFT.subject, body: DRAFT.body });
  const labelling = { classification: DRAFT.classification, precedence: DRAFT.precedence, expiresAt: DRAFT.expiresAt, contentIdentifier: new Uint8Array(Buffer.from(messageId)), requestReceipt: true };
  const signed = await signContent({ contentType: ID_DATA, content, signer, chain: [], attributes: change(messageAttributes(labelling, signer.certificateDer)), signingTime: now });
  return sealEnvelope(writeSignedEntity(signed.signedData), [recipientRsa]);
};
const withoutLabel = (attributes: ReturnType<typeof messageAttributes>) => attributes.filter((item) => item.attrType !== ID_AA_SECURITY_LABEL);
save({ file: 'label-missing.der', description: 'no ESS security label', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'labelMissing' } }, await withAttributes(withoutLabel));
const foreignLabel = attribute(ID_AA_SECURITY_LABEL, new EssSecurityLabel({ securityPolicyIdentifier: '1.3.6.1.4.1.32473.99', securityClassification: 3 }));
save({ file: 'label-unknown.der', description: 'ESS security label under another policy OID', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'labelUnknown' } }, await withAttributes((attributes) => [...withoutLabel(attributes), foreignLabel]));

// signing-certificate-v2 naming another certificate (the recipient's), the attributes signed again
// by the real signer: signature valid, binding wrong.
const resigned = AsnConvert.parse(AsnConvert.parse(good.signed.signedData, ContentInfo).content, SignedData);
const signerInfo = resigned.signerInfos[0];
if (signerInfo?.signedAttrs === undefined) throw new Error('no signed attributes');
const otherBinding = AsnConvert.parse(signerInfo.signedAttrs.find((item) => item.attrType === ID_AA_SIGNING_CERTIFICATE_V2)?.attrValues[0] ?? new ArrayBuffer(0), SigningCertificateV2);
const firstCert = otherBinding.certs[0];
if (firstCert === undefined) throw new Error('no ESSCertIDv2');
firstCert.certHash = new OctetString(createHash('sha256').update(recipientRsa).digest());
signerInfo.signedAttrs = sortedAttributes([...signerInfo.signedAttrs.filter((item) => item.attrType !== ID_AA_SIGNING_CERTIFICATE_V2), attribute(ID_AA_SIGNING_CERTIFICATE_V2, otherBinding)]);
signerInfo.signature = new OctetString(await signAndCheck(signer, der(new AttributeSet(signerInfo.signedAttrs))));
const rebound = der(new ContentInfo({ contentType: ID_SIGNED_DATA, content: AsnConvert.serialize(resigned) }));
save({ file: 'signer-mismatch.der', description: 'signing-certificate-v2 names another certificate; the signature itself is valid', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'signerMismatch' } }, await sealEnvelope(writeSignedEntity(rebound), [recipientRsa]));

// What interop demands is decided by what OpenSSL writes: an AES-256-CBC EnvelopedData is not read.
writeFileSync(path.join(dir, 'cbc.smime'), writeSignedEntity(good.signed.signedData));
execFileSync('openssl', ['cms', '-encrypt', '-aes-256-cbc', '-binary', '-in', 'cbc.smime', '-outform', 'DER', '-out', 'enveloped-cbc.der', '-recip', path.join(containerPki, 'recipient-rsa.pem'), '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'], { cwd: dir });
execFileSync('rm', ['-f', 'cbc.smime'], { cwd: dir });
vectors.push({ file: 'enveloped-cbc.der', description: 'AES-256-CBC EnvelopedData made by openssl: not the format', kind: 'message', key: 'recipient-rsa', expect: { ok: false, problem: 'malformed' } });

writeFileSync(path.join(dir, 'vectors.json'), `${JSON.stringify({ format: 'airlock-message/1 (CMS AuthEnvelopedData ∘ S/MIME ∘ SignedData ∘ MIME)', generated: now.toISOString(), pki: '../container/pki', trustAnchor: '../container/pki/root.pem', crl: '../container/pki/root.crl.pem', messageId: good.messageId, subject: DRAFT.subject, vectors }, null, 2)}\n`);
console.log(`${vectors.length} vectors written`);

import { createCipheriv, createDecipheriv, createECDH, ECDH, publicEncrypt, constants, randomBytes } from 'node:crypto';
import { aeskw } from '@noble/ciphers/aes.js';
import { kdf } from 'pkijs';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, type Certificate, id_ce_subjectKeyIdentifier, SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import {
  EncryptedContent,
  EncryptedContentInfo,
  KeyAgreeRecipientIdentifier,
  KeyAgreeRecipientInfo,
  KeyTransRecipientInfo,
  OriginatorIdentifierOrKey,
  OriginatorPublicKey,
  RecipientEncryptedKey,
  RecipientEncryptedKeys,
  RecipientIdentifier,
  RecipientInfo,
  RecipientInfos,
  CMSVersion,
} from '@peculiar/asn1-cms';
import { RsaEsOaepParams } from '@peculiar/asn1-rsa';
import { certificatePublicKey } from '../certificates/certificate-public-key.js';
import { BoundedCache, VALIDATION_CACHE_CAPACITY } from '../certificates/bounded-cache.js';
import { certificateStructure } from '../certificates/certificate-structure.js';
import { sha256Hex } from '../certificates/parsed-certificate.js';
import type { RecipientKeyOperations } from '../crypto/key-wrap.js';
import { DomainError } from '../domain-error.js';
import { AuthEnvelopedData, EccCmsSharedInfo, GcmParameters } from './cms-envelope-schema.js';
import { der, issuerAndSerialOf, sha256 } from './cms-signed-data.js';
import { AuthEnvelopedDataInfo, contentOfInfo } from './cms-content-info.js';
import { MessageError, parsed } from './message-error.js';
import { ID_AES256_GCM, ID_AES256_WRAP, ID_CT_AUTH_ENVELOPED_DATA, ID_DATA, ID_EC_PUBLIC_KEY, ID_ECDH_STD_SHA256_KDF, ID_MGF1, ID_RSAES_OAEP, ID_SHA256 } from './message-oids.js';

/** A key on the reader's token that may be a recipient: its certificate and the token's operations. */
export interface RecipientKey {
  readonly certificateDer: Uint8Array;
  readonly operations: RecipientKeyOperations;
}

const CEK_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const MAX_MESSAGE_BYTES = 24 * 1024 * 1024;

const sha256Id = (): AlgorithmIdentifier => new AlgorithmIdentifier({ algorithm: ID_SHA256 });
const aesWrapId = (): AlgorithmIdentifier => new AlgorithmIdentifier({ algorithm: ID_AES256_WRAP });
const oaepParams = (): RsaEsOaepParams => new RsaEsOaepParams({ hashAlgorithm: sha256Id(), maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: ID_MGF1, parameters: AsnConvert.serialize(sha256Id()) }) });

/**
 * AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084: 12-byte nonce, 16-byte tag) to every
 * certificate, once each: RSA with RSA-OAEP SHA-256 (RFC 8017, RFC 4055), EC P-256 with
 * ephemeral-static ECDH, the X9.63 KDF with SHA-256 and AES-256 key wrap (RFC 5753, RFC 3394).
 */
export async function sealEnvelope(content: Uint8Array, recipients: readonly Uint8Array[]): Promise<Uint8Array> {
  const cek = randomBytes(CEK_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  try {
    const unique = [...new Map(recipients.map((item) => [Buffer.from(sha256(item)).toString('hex'), item])).values()];
    const infos = await Promise.all(unique.map((item) => recipientInfoFor(cek, item)));
    const cipher = createCipheriv('aes-256-gcm', cek, nonce, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(content), cipher.final()]);
    const envelope = new AuthEnvelopedData({
      version: 0,
      recipientInfos: new RecipientInfos(infos),
      authEncryptedContentInfo: new EncryptedContentInfo({
        contentType: ID_DATA,
        contentEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: ID_AES256_GCM, parameters: AsnConvert.serialize(new GcmParameters({ nonce: new OctetString(nonce), icvLength: TAG_BYTES })) }),
        encryptedContent: new EncryptedContent({ value: new OctetString(ciphertext) }),
      }),
      mac: new OctetString(cipher.getAuthTag()),
    });
    return der(new AuthEnvelopedDataInfo({ content: envelope }));
  } finally {
    cek.fill(0);
  }
}

async function recipientInfoFor(cek: Uint8Array, certificateDer: Uint8Array): Promise<RecipientInfo> {
  const certificate = certificateStructure(certificateDer);
  const publicKey = certificatePublicKey(certificateDer);
  const issuerAndSerialNumber = issuerAndSerialOf(certificate);
  if (publicKey.asymmetricKeyType === 'rsa' && (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) {
    const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek);
    return new RecipientInfo({
      ktri: new KeyTransRecipientInfo({
        version: CMSVersion.v0,
        rid: new RecipientIdentifier({ issuerAndSerialNumber }),
        keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: ID_RSAES_OAEP, parameters: AsnConvert.serialize(oaepParams()) }),
        encryptedKey: new OctetString(encryptedKey),
      }),
    });
  }
  if (publicKey.asymmetricKeyType === 'ec' && publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    const recipientPoint = new Uint8Array(certificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
    const ephemeral = createECDH('prime256v1');
    const ephemeralPoint = ephemeral.generateKeys();
    const kek = await keyEncryptionKey(ephemeral.computeSecret(recipientPoint), undefined);
    try {
      return new RecipientInfo({
        kari: new KeyAgreeRecipientInfo({
          version: CMSVersion.v3,
          originator: new OriginatorIdentifierOrKey({ originatorKey: new OriginatorPublicKey({ algorithm: new AlgorithmIdentifier({ algorithm: ID_EC_PUBLIC_KEY }), publicKey: new Uint8Array(ephemeralPoint).buffer }) }),
          keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: ID_ECDH_STD_SHA256_KDF, parameters: AsnConvert.serialize(aesWrapId()) }),
          recipientEncryptedKeys: new RecipientEncryptedKeys([new RecipientEncryptedKey({ rid: new KeyAgreeRecipientIdentifier({ issuerAndSerialNumber }), encryptedKey: new OctetString(aeskw(kek).encrypt(cek)) })]),
        }),
      });
    } finally {
      kek.fill(0);
    }
  }
  throw new Error('a recipient certificate must hold an RSA ≥ 2048 or EC P-256 key');
}

/**
 * RFC 5753 §7.2: KEK = X9.63-KDF-SHA-256(Z, ECC-CMS-SharedInfo{aes256-wrap, ukm, 256 as 4 bytes}),
 * through pkijs' KDF: one WebCrypto round trip per recipient (~0.3 ms measured), kept rather than
 * writing the KDF ourselves (docs/messaging.md "Bench").
 */
async function keyEncryptionKey(sharedSecret: Uint8Array, ukm: OctetString | undefined): Promise<Uint8Array> {
  const sharedInfo = new EccCmsSharedInfo({ keyInfo: aesWrapId(), suppPubInfo: new OctetString(Buffer.from([0, 0, 1, 0])), ...(ukm === undefined ? {} : { entityUInfo: ukm }) });
  try {
    return new Uint8Array(await kdf('SHA-256', new Uint8Array(sharedSecret).buffer, 256, AsnConvert.serialize(sharedInfo)));
  } finally {
    sharedSecret.fill(0);
  }
}

/**
 * The content of an AuthEnvelopedData, the key unwrapped on the reader's token. The recipient infos
 * are taken in the message's order and the first addressed to one of `keys` is used, so a damaged
 * message gets the same answer whichever order the token lists its keys in.
 */
export async function openEnvelope(input: Uint8Array, keys: readonly RecipientKey[]): Promise<Uint8Array> {
  // Attachments travel apart (document containers in the object store): a message is text and signatures.
  if (input.length > MAX_MESSAGE_BYTES) throw new MessageError('malformed', { reason: 'too large' });
  const envelope = contentOfInfo('AuthEnvelopedData', input, ID_CT_AUTH_ENVELOPED_DATA, AuthEnvelopedDataInfo);
  const encrypted = envelope.authEncryptedContentInfo;
  if (encrypted.contentType !== ID_DATA) throw new MessageError('malformed', { reason: `encrypted content type ${encrypted.contentType}` });
  const algorithm = encrypted.contentEncryptionAlgorithm;
  if (algorithm.algorithm !== ID_AES256_GCM || algorithm.parameters == null) throw new MessageError('algorithmUnsupported', { reason: algorithm.algorithm });
  const gcm = parsed('GCM parameters', () => AsnConvert.parse(algorithm.parameters ?? new ArrayBuffer(0), GcmParameters));
  if (gcm.nonce.byteLength !== NONCE_BYTES || gcm.icvLength !== TAG_BYTES || envelope.mac.byteLength !== TAG_BYTES) throw new MessageError('algorithmUnsupported', { reason: 'GCM nonce or tag length' });
  if (envelope.authAttrs !== undefined) throw new MessageError('malformed', { reason: 'authenticated attributes are not used' });
  const ciphertext = encrypted.encryptedContent?.value ?? (encrypted.encryptedContent?.constructedValue === undefined ? undefined : Buffer.concat(encrypted.encryptedContent.constructedValue.map((part) => Buffer.from(part.buffer))));
  if (ciphertext === undefined) throw new MessageError('malformed', { reason: 'no encrypted content' });

  const cek = await unwrapContentKey(envelope.recipientInfos, keys);
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(gcm.nonce.buffer), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(envelope.mac.buffer));
    const bytes = ciphertext instanceof OctetString ? Buffer.from(ciphertext.buffer) : ciphertext;
    return new Uint8Array(Buffer.concat([decipher.update(bytes), decipher.final()]));
  } catch {
    throw new MessageError('tampered', { reason: 'encrypted content' });
  } finally {
    cek.fill(0);
  }
}

/** How a recipient info names a certificate: issuer and serial, or (openssl -keyid) its subject key identifier. */
interface RecipientName {
  readonly issuerAndSerialNumber?: object | undefined;
  readonly subjectKeyIdentifier?: ArrayBuffer | OctetString | undefined;
}

/**
 * How recipient infos name a certificate of ours (issuer and serial DER, subject key identifier):
 * a function of the certificate's bytes, kept under their SHA-256 so it is not encoded again for
 * every message. Public data; bounded.
 */
const recipientNames = new BoundedCache<string, { readonly id: Buffer; readonly keyId: Buffer | undefined }>(VALIDATION_CACHE_CAPACITY);

function recipientNameOf(certificateDer: Uint8Array): { readonly id: Buffer; readonly keyId: Buffer | undefined } {
  return recipientNames.remember(sha256Hex(certificateDer), () => {
    const certificate = certificateStructure(certificateDer);
    return { id: Buffer.from(der(issuerAndSerialOf(certificate))), keyId: subjectKeyIdentifierOf(certificate) };
  });
}

async function unwrapContentKey(infos: RecipientInfos, keys: readonly RecipientKey[]): Promise<Uint8Array> {
  const mine = keys.map((key) => ({ key, ...recipientNameOf(key.certificateDer) }));
  const whose = (name: RecipientName | undefined): RecipientKey | undefined => {
    if (name?.issuerAndSerialNumber !== undefined) {
      const id = Buffer.from(der(name.issuerAndSerialNumber));
      return mine.find((item) => item.id.equals(id))?.key;
    }
    if (name?.subjectKeyIdentifier === undefined) return undefined;
    const keyId = Buffer.from(name.subjectKeyIdentifier instanceof OctetString ? name.subjectKeyIdentifier.buffer : name.subjectKeyIdentifier);
    return mine.find((item) => item.keyId?.equals(keyId) === true)?.key;
  };
  for (const info of infos) {
    if (info.ktri !== undefined) {
      const key = whose(info.ktri.rid);
      if (key !== undefined) return unwrapped(() => unwrapKeyTransport(info.ktri as KeyTransRecipientInfo, key));
    }
    if (info.kari !== undefined) {
      for (const encrypted of info.kari.recipientEncryptedKeys) {
        const key = whose(encrypted.rid.issuerAndSerialNumber === undefined ? encrypted.rid.rKeyId : encrypted.rid);
        if (key !== undefined) return unwrapped(() => unwrapKeyAgreement(info.kari as KeyAgreeRecipientInfo, encrypted, key));
      }
    }
  }
  throw new MessageError('notRecipient');
}

function subjectKeyIdentifierOf(certificate: Certificate): Buffer | undefined {
  const extension = certificate.tbsCertificate.extensions?.find((item) => item.extnID === id_ce_subjectKeyIdentifier);
  return extension === undefined ? undefined : Buffer.from(AsnConvert.parse(extension.extnValue.buffer, SubjectKeyIdentifier).buffer);
}

/**
 * A recipient info of the reader's that does not open is damage (`recipientDamaged`): the token
 * saying the data does not decrypt, AES-KW's integrity check, a key of the wrong size. Only the
 * token itself failing (pulled out, logged out, its process gone) stays a token error.
 */
async function unwrapped(unwrap: () => Promise<Uint8Array>): Promise<Uint8Array> {
  let cek: Uint8Array;
  try {
    cek = await unwrap();
  } catch (error) {
    if (error instanceof MessageError || (error instanceof DomainError && error.code !== 'token.decryptFailed')) throw error;
    throw new MessageError('recipientDamaged');
  }
  if (cek.length !== CEK_BYTES) {
    cek.fill(0);
    throw new MessageError('recipientDamaged', { reason: 'content key length' });
  }
  return cek;
}

async function unwrapKeyTransport(info: KeyTransRecipientInfo, key: RecipientKey): Promise<Uint8Array> {
  const algorithm = info.keyEncryptionAlgorithm;
  const params = algorithm.algorithm === ID_RSAES_OAEP && algorithm.parameters != null ? parsed('RSA-OAEP parameters', () => AsnConvert.parse(algorithm.parameters ?? new ArrayBuffer(0), RsaEsOaepParams)) : undefined;
  if (params === undefined || !Buffer.from(der(params)).equals(der(oaepParams()))) throw new MessageError('algorithmUnsupported', { reason: 'key transport must be RSA-OAEP with SHA-256' });
  const publicKey = certificatePublicKey(key.certificateDer);
  // A number of the wrong length is refused before the token sees it: modules answer such input each in their own way.
  if (publicKey.asymmetricKeyType !== 'rsa' || info.encryptedKey.byteLength !== Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8)) throw new MessageError('recipientDamaged');
  return key.operations.decryptOaep(new Uint8Array(info.encryptedKey.buffer));
}

async function unwrapKeyAgreement(info: KeyAgreeRecipientInfo, encrypted: RecipientEncryptedKey, key: RecipientKey): Promise<Uint8Array> {
  const algorithm = info.keyEncryptionAlgorithm;
  const wrap = algorithm.algorithm === ID_ECDH_STD_SHA256_KDF && algorithm.parameters != null ? parsed('key wrap algorithm', () => AsnConvert.parse(algorithm.parameters ?? new ArrayBuffer(0), AlgorithmIdentifier)) : undefined;
  if (wrap?.algorithm !== ID_AES256_WRAP) throw new MessageError('algorithmUnsupported', { reason: 'key agreement must be ECDH with the SHA-256 X9.63 KDF and AES-256 key wrap' });
  const originator = info.originator.originatorKey;
  if (originator === undefined || originator.algorithm.algorithm !== ID_EC_PUBLIC_KEY) throw new MessageError('algorithmUnsupported', { reason: 'ephemeral originator key expected' });
  const point = new Uint8Array(originator.publicKey);
  try {
    ECDH.convertKey(Buffer.from(point), 'prime256v1'); // a point off the curve is refused before the token sees it
  } catch {
    throw new MessageError('recipientDamaged', { reason: 'ephemeral point' });
  }
  if (point.length !== 65) throw new MessageError('recipientDamaged', { reason: 'ephemeral point' });
  const kek = await keyEncryptionKey(await key.operations.deriveEcdh(point), info.ukm);
  try {
    return aeskw(kek).decrypt(new Uint8Array(encrypted.encryptedKey.buffer));
  } finally {
    kek.fill(0);
  }
}

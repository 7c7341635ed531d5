/**
 * Object identifiers of the message format (docs/message-format.md "Identifiers").
 *
 * AIRLOCK_ARC is a PLACEHOLDER until the Government Cipher Committee assigns Airlock an arc of its
 * own: it lies under IANA's enterprise number 32473, reserved for documentation and examples
 * (RFC 5612), so nothing it names can collide with a real policy while it stands in. (A UUID arc,
 * 2.25.<128-bit>, was tried first: asn1js reads such a component back wrongly.)
 */
export const AIRLOCK_ARC = '1.3.6.1.4.1.32473.15';
/** The ESS security policy whose classifications Airlock labels with. */
export const AIRLOCK_SECURITY_POLICY = `${AIRLOCK_ARC}.1`;
/** Signed attribute: the precedence (MessagePrecedence). */
export const ID_AA_AIRLOCK_PRECEDENCE = `${AIRLOCK_ARC}.2`;
/** Signed attribute: the time after which the message is not shown (MessageExpiry). */
export const ID_AA_AIRLOCK_EXPIRY = `${AIRLOCK_ARC}.3`;

export const ID_DATA = '1.2.840.113549.1.7.1';
export const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const ID_CT_AUTH_ENVELOPED_DATA = '1.2.840.113549.1.9.16.1.23';
export const ID_CT_RECEIPT = '1.2.840.113549.1.9.16.1.1';

export const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const ID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const ID_AA_RECEIPT_REQUEST = '1.2.840.113549.1.9.16.2.1';
export const ID_AA_SECURITY_LABEL = '1.2.840.113549.1.9.16.2.2';
export const ID_AA_MSG_SIG_DIGEST = '1.2.840.113549.1.9.16.2.5';
export const ID_AA_CONTENT_IDENTIFIER = '1.2.840.113549.1.9.16.2.7';
export const ID_AA_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

export const ID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const ID_MGF1 = '1.2.840.113549.1.1.8';
export const ID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const ID_RSAES_OAEP = '1.2.840.113549.1.1.7';
export const ID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const ID_AES256_GCM = '2.16.840.1.101.3.4.1.46';
export const ID_AES256_WRAP = '2.16.840.1.101.3.4.1.45';
/** dhSinglePass-stdDH-sha256kdf-scheme (RFC 5753 / SEC 1): ephemeral-static ECDH, X9.63 KDF with SHA-256. */
export const ID_ECDH_STD_SHA256_KDF = '1.3.132.1.11.1';

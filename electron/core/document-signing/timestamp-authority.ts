// Asks a timestamp authority for a token over a signature value (RFC 3161 §3.4, "Time-Stamp
// Protocol via HTTP"): a TimeStampReq built with pkijs, POSTed as application/timestamp-query, the
// TimeStampResp read with pkijs and its token checked (timestamp-token.ts) before it is attached.
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fromBER, Integer, Null, OctetString } from 'asn1js';
import { AlgorithmIdentifier, MessageImprint, PKIStatus, TimeStampReq, TimeStampResp } from 'pkijs';
import type { SignerTrust } from '../documents/container-reader.js';
import { ID_SHA256 } from '../messaging/message-oids.js';
import { SignatureError } from './signature-error.js';
import { TIMESTAMP_TIMEOUT_MS, type TimestampAuthority } from './signing-options.js';
import { checkTimestampToken, imprintOf, readTimestampToken } from './timestamp-token.js';

/** A token with its chain is a few KiB; anything much larger is not an answer to our request. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/** The DER of a checked TimeStampToken over SHA-256(signatureValue); throws SignatureError timestamp*. */
export async function requestTimestamp(authority: TimestampAuthority, signatureValue: Uint8Array, trust: SignerTrust): Promise<Uint8Array> {
  const { der, nonce } = timestampQuery(signatureValue);
  const answer = await post(authority, der);
  const tokenDer = grantedToken(answer);
  const { tstInfo } = readTimestampToken(tokenDer);
  // The nonce ties the answer to this request: a replayed or cached token for the same value is refused.
  if (tstInfo.nonce === undefined || !Buffer.from(tstInfo.nonce.valueBlock.valueHexView).equals(nonce)) throw new SignatureError('timestampRefused', { reason: 'nonce' });
  // RFC 3161 §2.4.2: the imprint is the one asked for; a token over another hash of the value answers another request.
  if (tstInfo.messageImprint.hashAlgorithm.algorithmId !== ID_SHA256) throw new SignatureError('timestampRefused', { reason: 'imprint algorithm not as asked' });
  const check = await checkTimestampToken(tokenDer, signatureValue, trust);
  if (!check.valid) throw new SignatureError(check.problem ?? 'timestampInvalid', check.reason === undefined ? {} : { reason: check.reason });
  return tokenDer;
}

/**
 * A nonce whose bytes are exactly its DER INTEGER contents: the first byte 0x40–0x7F (positive, and
 * never a leading zero, which DER forbids and OpenSSL refuses as "Bad request format"), then 64
 * random bits — 70 in all, so it reads back as sent.
 */
export function timestampNonce(random: (size: number) => Uint8Array = randomBytes): Buffer {
  const nonce = Buffer.from(random(9));
  nonce[0] = 0x40 | ((nonce[0] ?? 0) & 0x3f);
  return nonce;
}

/** The DER TimeStampReq (RFC 3161 §2.4.1) over SHA-256(signatureValue), and the nonce it carries. */
export function timestampQuery(signatureValue: Uint8Array, random?: (size: number) => Uint8Array): { der: Buffer; nonce: Buffer } {
  const nonce = timestampNonce(random);
  const query = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: ID_SHA256, algorithmParams: new Null() }),
      hashedMessage: new OctetString({ valueHex: imprintOf(signatureValue) }),
    }),
    nonce: new Integer({ valueHex: nonce }),
    certReq: true, // the authority's certificate inside the token, so any reader can check it
  });
  return { der: Buffer.from(query.toSchema().toBER()), nonce };
}

function grantedToken(answer: Buffer): Uint8Array {
  let response: TimeStampResp;
  try {
    const asn = fromBER(answer);
    if (asn.offset !== answer.byteLength) throw new Error('trailing bytes');
    response = new TimeStampResp({ schema: asn.result });
  } catch {
    throw new SignatureError('timestampRefused', { reason: 'not a TimeStampResp' });
  }
  const status = response.status.status;
  if (status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) {
    const text = (response.status.statusStrings ?? []).map((item) => item.valueBlock.value).join('; ');
    throw new SignatureError('timestampRefused', { reason: `status ${status}${text === '' ? '' : `: ${text}`}` });
  }
  if (response.timeStampToken === undefined) throw new SignatureError('timestampRefused', { reason: 'no token' });
  return new Uint8Array(response.timeStampToken.toSchema().toBER());
}

/**
 * One POST, bounded by the timeout as a whole (connect, send, the full answer). No answer at all —
 * refused connection, unknown host, timeout, a 5xx from a gateway — is `timestampUnreachable`; an
 * answer that is not a timestamp reply is `timestampRefused`.
 */
async function post(authority: TimestampAuthority, body: Buffer): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(authority.url);
  } catch {
    throw new SignatureError('timestampUnreachable', { reason: 'not a URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SignatureError('timestampUnreachable', { reason: `protocol ${url.protocol}` });
  const timeout = AbortSignal.timeout(authority.timeoutMs ?? TIMESTAMP_TIMEOUT_MS);
  const signal = authority.signal === undefined ? timeout : AbortSignal.any([timeout, authority.signal]);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = send(url, { method: 'POST', signal, headers: { 'content-type': 'application/timestamp-query', 'content-length': body.length } }, resolve);
    outgoing.on('error', reject);
    outgoing.end(body);
  }).catch((error: unknown) => {
    throw unreachable(error, timeout, authority.signal);
  });
  const status = response.statusCode ?? 0;
  if (status >= 500) {
    response.resume();
    throw new SignatureError('timestampUnreachable', { reason: `HTTP ${status}` });
  }
  const type = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (status !== 200 || type !== 'application/timestamp-reply') {
    response.resume();
    throw new SignatureError('timestampRefused', { reason: `HTTP ${status} ${type ?? ''}`.trim() });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy();
        throw new SignatureError('timestampRefused', { reason: 'answer too large' });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw error instanceof SignatureError ? error : unreachable(error, timeout, authority.signal);
  }
  return Buffer.concat(chunks);
}

/** The job's own abort (cancel, lock) is passed on as it is: the job reports it, not the authority. */
function unreachable(error: unknown, timeout: AbortSignal, job: AbortSignal | undefined): unknown {
  if (job?.aborted === true) return job.reason;
  if (timeout.aborted) return new SignatureError('timestampUnreachable', { reason: 'timeout' });
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  return new SignatureError('timestampUnreachable', { reason: code ?? (error instanceof Error ? error.message : 'no answer') });
}

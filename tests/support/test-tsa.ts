// A loopback RFC 3161 timestamp authority for the signing tests: a tiny HTTP server that answers
// each application/timestamp-query by running the real `openssl ts -reply` with a TSA key and
// certificate issued by a test CA. Misbehaviours a real authority can show are switches on it.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromBER } from 'asn1js';
import { Certificate, ContentInfo, IssuerAndSerialNumber, SignedData, TimeStampResp } from 'pkijs';
import { opensslTime } from '../../tools/training-kit/pki/openssl-ca.js';
import type { TestPkiPaths } from './softhsm/test-pki.js';

const run = promisify(execFile);

/** A placeholder policy under the documentation arc (RFC 5612), as the message OIDs use. */
export const TEST_TSA_POLICY = '1.3.6.1.4.1.32473.15.99.1';

export interface TsaCertificate {
  readonly cert: string;
  readonly key: string;
  /** The issuing CA certificate, sent along in each token (certs = in the ts config). */
  readonly issuerCert: string;
}

/** How a test TSA certificate departs from a good one (RFC 3161 §2.3 and a normal validity). */
export interface TsaCertificateShape {
  /** The extendedKeyUsage extension: `critical` (RFC 3161's, the default), the same not critical, timeStamping with codeSigning beside it, or none. */
  readonly eku?: 'critical' | 'nonCritical' | 'withOther' | 'none';
  /** notBefore / notAfter (through `openssl ca`, which sets them); default now to 30 days ahead. */
  readonly validity?: { readonly start: Date; readonly end: Date };
}

const EKU_LINES: Readonly<Record<NonNullable<TsaCertificateShape['eku']>, string>> = {
  critical: 'extendedKeyUsage=critical,timeStamping\n',
  nonCritical: 'extendedKeyUsage=timeStamping\n',
  withOther: 'extendedKeyUsage=critical,timeStamping,codeSigning\n',
  none: '',
};

/**
 * A TSA key (EC P-256) and certificate: digitalSignature + the critical timeStamping extended key
 * usage RFC 3161 asks for (or the departure `shape` names). `issuer`: the test intermediate (trusted)
 * or the unknown root (not). With a validity, `openssl ca` issues it (and enters it in the
 * intermediate's database, so `openssl ca -revoke` can list it later).
 */
export async function issueTsaCertificate(pki: TestPkiPaths, dir: string, issuer: 'intermediate' | 'unknownRoot', name: string, existingKey?: string, shape: TsaCertificateShape = {}): Promise<TsaCertificate> {
  await mkdir(dir, { recursive: true });
  const [caCert, caKey] = issuer === 'intermediate' ? [pki.intermediateCert, pki.intermediateKey] : [pki.unknownRootCert, pki.unknownRootKey];
  const key = existingKey ?? path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  const ext = path.join(dir, `${name}.ext`);
  await writeFile(ext, `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n${EKU_LINES[shape.eku ?? 'critical']}`);
  const keyArgs = existingKey === undefined ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key] : ['-key', key];
  await run('openssl', ['req', '-new', ...keyArgs, '-out', csr, '-subj', `/C=VN/O=Ban Cơ yếu Chính phủ/CN=Máy chủ cấp dấu thời gian thử${existingKey === undefined ? '' : ' (bản thứ hai)'}`, '-utf8']);
  if (shape.validity !== undefined) {
    if (issuer !== 'intermediate') throw new Error('a chosen validity is issued by the test intermediate only');
    const { start, end } = shape.validity;
    await run('openssl', ['ca', '-config', pki.config, '-name', 'intermediate_ca', '-batch', '-notext', '-utf8', '-in', csr, '-out', cert, '-extfile', ext, '-startdate', opensslTime(start), '-enddate', opensslTime(end)]);
    return { cert, key, issuerCert: caCert };
  }
  // Serials from the clock, one millisecond apart at least: a twin issued in the same call gets its own.
  await new Promise((resolve) => setTimeout(resolve, 2));
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-set_serial', `0x${Date.now().toString(16)}`, '-days', '30', '-sha256', '-extfile', ext, '-out', cert]);
  return { cert, key, issuerCert: caCert };
}

export interface TestTsa {
  readonly url: string;
  /** Queries answered so far (a signing that failed before asking leaves it unchanged). */
  readonly answered: () => number;
  close(): Promise<void>;
}

export interface TestTsaOptions {
  /** Stamp a value one bit away from the one asked for (same nonce): a token that does not match. */
  readonly wrongImprint?: boolean;
  /**
   * The token's ESS signing-certificate names this certificate (another one for the same key),
   * while the token says it was signed by the authority's own: openssl signs as `essNames`, then
   * the SignerInfo's sid (not covered by the signature) and the embedded certificate are swapped
   * for the authority's. The signature still holds under either; only the ESS binding tells.
   */
  readonly essNames?: TsaCertificate;
  /**
   * The token is signed by this certificate's key instead (one `openssl ts -reply` refuses to sign
   * with: without the critical timeStamping-only usage): openssl ts makes the TSTInfo, then
   * `openssl cms -sign -cades` signs those same bytes as a TSTInfo SignedData with an ESS
   * signing-certificate(-v2) naming `signAs`.
   */
  readonly signAs?: TsaCertificate;
  /** The imprint hashes it accepts (openssl ts `digests`); default sha256 only. */
  readonly digests?: readonly string[];
  /** Where it listens (default 127.0.0.1, any free port): a zone's gateway address inside that zone's namespace. */
  readonly host?: string;
  readonly port?: number;
  /** Told the peer address of each query it answers. */
  readonly onQuery?: (from: string) => void;
}

export async function startTestTsa(dir: string, certificate: TsaCertificate, options: TestTsaOptions = {}): Promise<TestTsa> {
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'tsa.cnf');
  await writeFile(path.join(dir, 'serial'), '01\n');
  await writeFile(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${path.join(dir, 'serial')}`,
      `signer_cert = ${(options.essNames ?? certificate).cert}`,
      `signer_key = ${certificate.key}`,
      `certs = ${certificate.issuerCert}`,
      'signer_digest = sha256',
      `default_policy = ${TEST_TSA_POLICY}`,
      `digests = ${(options.digests ?? ['sha256']).join(', ')}`,
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let count = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = ++count;
      options.onQuery?.(request.socket.remoteAddress ?? '?');
      const query = Buffer.concat(chunks);
      if (options.wrongImprint === true) flipImprint(query);
      const queryFile = path.join(dir, `${id}.tsq`);
      const replyFile = path.join(dir, `${id}.tsr`);
      writeFile(queryFile, query)
        .then(() => run('openssl', ['ts', '-reply', '-config', config, '-queryfile', queryFile, '-out', replyFile]))
        .then(() => readFile(replyFile))
        .then(async (reply) => (options.essNames === undefined ? reply : presentedAs(reply, await readFile(certificate.cert, 'utf8'))))
        .then(async (reply) => (options.signAs === undefined ? reply : resignedAs(reply, options.signAs, path.join(dir, `${id}`))))
        .then(
          (reply) => response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply),
          (error: unknown) => {
            process.stderr.write(`test TSA failed on query ${id}: ${String(error)}\n`);
            response.writeHead(500).end(String(error));
          },
        );
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/tsa`,
    answered: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The reply with its token's signer named (sid) and carried as `certificatePem`, with pkijs: the signed parts keep their bytes. */
function presentedAs(reply: Buffer, certificatePem: string): Buffer {
  const certificate = Certificate.fromBER(Buffer.from(certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  const response = new TimeStampResp({ schema: fromBER(reply).result });
  const token = response.timeStampToken;
  if (token === undefined) throw new Error('no token to present');
  const signedData = new SignedData({ schema: token.content });
  const signer = signedData.signerInfos[0];
  if (signer === undefined) throw new Error('no signer');
  const named = signer.sid instanceof IssuerAndSerialNumber ? signer.sid : undefined;
  signer.sid = new IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber });
  signedData.certificates = (signedData.certificates ?? []).map((item) => (item instanceof Certificate && named !== undefined && item.serialNumber.isEqual(named.serialNumber) ? certificate : item));
  response.timeStampToken = new ContentInfo({ contentType: ContentInfo.SIGNED_DATA, content: signedData.toSchema(true) });
  return Buffer.from(response.toSchema().toBER());
}

/** The reply with its TSTInfo signed again by `signer` through `openssl cms -sign` (the token's bytes never edited by hand). */
async function resignedAs(reply: Buffer, signer: TsaCertificate, stem: string): Promise<Buffer> {
  const response = new TimeStampResp({ schema: fromBER(reply).result });
  if (response.timeStampToken === undefined) throw new Error('no token to sign again');
  const tokenFile = `${stem}.token.der`;
  const tstInfoFile = `${stem}.tstinfo.der`;
  const resignedFile = `${stem}.resigned.der`;
  await writeFile(tokenFile, Buffer.from(response.timeStampToken.toSchema().toBER()));
  await run('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', tokenFile, '-out', tstInfoFile]);
  await run('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', tstInfoFile, '-econtent_type', '1.2.840.113549.1.9.16.1.4', '-signer', signer.cert, '-inkey', signer.key, '-md', 'sha256', '-cades', '-nosmimecap', '-certfile', signer.issuerCert, '-outform', 'DER', '-out', resignedFile]);
  response.timeStampToken = ContentInfo.fromBER(await readFile(resignedFile));
  return Buffer.from(response.toSchema().toBER());
}

/** The query's SHA-256 imprint is the OCTET STRING of 32 bytes (04 20 …): its last byte, flipped. */
function flipImprint(query: Buffer): void {
  const at = query.indexOf(Buffer.from([0x04, 0x20]));
  if (at < 0) throw new Error('no SHA-256 imprint in the query');
  const last = at + 2 + 31;
  query[last] = (query[last] ?? 0) ^ 0x01;
}

/** A port that was just free and is closed again: an authority that is down. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/tsa`;
}

/** Accepts the request and never answers: the client's timeout has to end it. */
export async function startSilentServer(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A token whose document signing key asks its PIN for every signature (CKA_ALWAYS_AUTHENTICATE, made
// with pkcs11-tool --always-auth on a real SoftHSM token, certificate with nonRepudiation): the app
// chooses that key (docs/signing.md "Which key signs"), signing.options says so, and signing.sign
// takes the PIN for this signature. Right PIN: a PDF pdfsig finds valid and trusted, a .p7s openssl
// accepts, signed by that key's certificate. Wrong: token.pinIncorrect, no file, audited. None:
// token.contextPinRequired before the token is asked, no file, audited. The command line too.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { addAlwaysAuthSigningKey, ALWAYS_AUTH_SUBJECT, type AlwaysAuthKey } from '../../support/always-auth-key.js';
import { cliFolder, type CliFolder } from '../../support/airlock-cli.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { signingJobs, trustingNssDb, type SigningJobs } from '../../support/signing-jobs.js';
import { startedTokenCore } from '../../support/token-core.js';
import { textPdf } from '../../support/text-pdf.js';

const run = promisify(execFile);

describe('a document signing key that asks its PIN for every signature (SoftHSM, --always-auth)', () => {
  let token: SoftHsmToken;
  let key: AlwaysAuthKey;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let nssDir: string;
  let cli: CliFolder;
  let jobs: SigningJobs;

  before(async () => {
    token = await createSoftHsmToken();
    key = await addAlwaysAuthSigningKey(token);
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-signature-pin-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    jobs = signingJobs(api);
    assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
    nssDir = path.join(dir, 'nss');
    await trustingNssDb(nssDir, token.pki.paths.rootCert);
    cli = await cliFolder(token);
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), dir === undefined ? undefined : rm(dir, { recursive: true, force: true }), cli === undefined ? undefined : rm(cli.dir, { recursive: true, force: true })]);
  });

  const jobId = (): string => jobs.jobId();
  const ended = (job: string) => jobs.ended(job);
  const letter = async (name: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, textPdf([['Quyet dinh so 9/QD-UBND', 'Phe duyet du toan nam 2027']]));
    return file;
  };
  const lastAudit = async (kind: 'document.signed' | 'token.pinWrong') => {
    const entries = await api.audit.query({ kind });
    assert.ok(entries.ok);
    const [newest] = entries.value;
    assert.ok(newest !== undefined, `no ${kind} entry`);
    return newest;
  };
  const signedFiles = async (): Promise<string[]> => (await readdir(dir)).filter((name) => name.includes('đã ký') || name.endsWith('.p7s')).sort();

  it('signing.options says the signing key asks its PIN each time', async () => {
    assert.deepEqual(await api.signing.options({}), { ok: true, value: { visible: true, timestamp: false, pinPerSignature: true } });
  });

  it('without the PIN: refused at once as token.contextPinRequired (the screen asks), audited, no file', async () => {
    const source = await letter('Quyết định 9.pdf');
    const started = await api.signing.sign({ source, job: jobId() });
    assert.deepEqual(started.ok ? started : started.error.code, 'token.contextPinRequired');
    const entry = await lastAudit('document.signed');
    assert.deepEqual([entry.result, entry.details['file'], entry.details['code']], ['refused', 'Quyết định 9.pdf', 'token.contextPinRequired']);
    assert.deepEqual(await signedFiles(), []);
  });

  it('a wrong PIN: the job ends token.pinIncorrect, no file; audited as document.signed failed and token.pinWrong', async () => {
    const source = path.join(dir, 'Quyết định 9.pdf');
    const job = jobId();
    assert.ok((await api.signing.sign({ source, pin: '000000', job })).ok);
    const end = await ended(job);
    assert.deepEqual(end.ok ? end : end.error.code, 'token.pinIncorrect');
    assert.deepEqual(await signedFiles(), []);
    const signed = await lastAudit('document.signed');
    assert.deepEqual([signed.result, signed.details['file'], signed.details['code']], ['failed', 'Quyết định 9.pdf', 'token.pinIncorrect']);
    const wrong = await lastAudit('token.pinWrong');
    assert.deepEqual([wrong.result, wrong.details['serial']], ['failed', token.serial]);
    // The PIN itself is in no audit entry.
    const all = await api.audit.query({});
    assert.ok(all.ok);
    assert.ok(!JSON.stringify(all.value).includes('000000'));
  });

  it('the right PIN: a PDF signed by the always-auth key that pdfsig finds valid and trusted', async () => {
    const source = path.join(dir, 'Quyết định 9.pdf');
    const job = jobId();
    assert.ok((await api.signing.sign({ source, pin: token.userPin, job })).ok);
    const end = await ended(job);
    assert.deepEqual(end, { job, ok: true, output: path.join(dir, 'Quyết định 9 (đã ký).pdf') });
    const said = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, end.output])).stdout;
    assert.match(said, /Signature is Valid\./);
    assert.match(said, /Certificate is Trusted\./);
    assert.match(said, new RegExp(`Signer Certificate Common Name: ${ALWAYS_AUTH_SUBJECT.CN}`));
    const report = await api.signing.verify({ path: end.output });
    assert.ok(report.ok);
    assert.deepEqual([report.value.verdict, report.value.signatures[0]?.signer?.name], ['valid', ALWAYS_AUTH_SUBJECT.CN]);
    const signed = await lastAudit('document.signed');
    assert.deepEqual([signed.result, signed.details['target']], ['ok', 'Quyết định 9 (đã ký).pdf']);
  });

  it('the right PIN on any file: a .p7s openssl cms accepts, made with that key', async () => {
    const source = path.join(dir, 'bien-ban.txt');
    await writeFile(source, 'Biên bản họp ngày 5/12/2026\n');
    const job = jobId();
    assert.ok((await api.signing.sign({ source, pin: token.userPin, job })).ok);
    const end = await ended(job);
    assert.ok(end.ok);
    const openssl = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', end.output, '-content', source, '-CAfile', token.pki.paths.rootCert, '-purpose', 'any', '-certsout', path.join(dir, 'signer.pem'), '-out', '/dev/null']);
    assert.match(openssl.stderr, /Verification successful/);
    const signer = await run('openssl', ['x509', '-in', path.join(dir, 'signer.pem'), '-noout', '-fingerprint', '-sha256']);
    assert.match(signer.stdout, new RegExp(fingerprintOf(key.certificateDer), 'i'));
  });

  it('airlock sign: the PIN for the signature from AIRLOCK_SIGN_PIN or the second line of stdin; none is exit 3 token.contextPinRequired, wrong exit 3 token.pinIncorrect, and no file', async () => {
    const input = path.join(cli.dir, 'cong-van.txt');
    await writeFile(input, 'Công văn số 15\n');
    const none = await cli.run(['sign', '--in', input, ...cli.crlArgs, '--json']);
    assert.deepEqual([none.code, none.json?.['problem']], [3, 'token.contextPinRequired']);
    const wrong = await cli.run(['sign', '--in', input, ...cli.crlArgs, '--json'], { AIRLOCK_SIGN_PIN: '000000' });
    assert.deepEqual([wrong.code, wrong.json?.['problem']], [3, 'token.pinIncorrect']);
    assert.deepEqual((await readdir(cli.dir)).filter((name) => name.startsWith('cong-van')), ['cong-van.txt']);
    const fromEnvironment = await cli.run(['sign', '--in', input, ...cli.crlArgs, '--json'], { AIRLOCK_SIGN_PIN: token.userPin });
    assert.equal(fromEnvironment.code, 0, fromEnvironment.stderr);
    assert.equal((fromEnvironment.json?.['signer'] as { subject?: string } | undefined)?.subject?.includes(ALWAYS_AUTH_SUBJECT.CN), true);
    const fromStdin = await cli.run(['sign', '--in', input, '--out', path.join(cli.dir, 'cong-van.2.p7s'), ...cli.crlArgs, '--pin-stdin', '--json'], {}, `${token.userPin}\n${token.userPin}\n`);
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    const verified = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(cli.dir, 'cong-van.2.p7s'), '-content', input, '-CAfile', token.pki.paths.rootCert, '-purpose', 'any', '-out', '/dev/null']);
    assert.match(verified.stderr, /Verification successful/);
  });
});

/** As `openssl x509 -fingerprint -sha256` prints it. */
function fingerprintOf(der: Uint8Array): string {
  return [...createHash('sha256').update(der).digest()].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

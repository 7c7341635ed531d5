// Offline check of an exported Airlock audit report, for an inspector's own machine.
// Run: node --import tsx bin/airlock-audit-verify.ts [--json] [--signer <fingerprint>] <report.json>
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { verifyReport, type AuditReport } from '../electron/core/audit/audit-report.js';
import type { SignerSummary } from '../electron/core/signing/token-signer.js';

const HELP = `Usage: airlock-audit-verify [--json] [--signer <sha256-fingerprint>] <report.json>

Checks an audit report exported from Airlock, offline and without any key:
  - the signature, with the certificate inside the report (RSA-PSS or ECDSA, SHA-256);
  - entries in order, inside the report's range, linked where their numbers are consecutive;
  - what Airlock's verifier said about the whole log when the report was made.
It prints who signed. Whether that certificate is the official's is for you to decide: pass
--signer with the fingerprint you expect, or validate the certificate against the national root.

The live audit database cannot be checked here: its chain key derives from the data key, which
only the official's token can unwrap. That check runs inside Airlock (verify the audit log).

Options:
  --json            machine-readable result on stdout
  --signer <hex>    fail unless the report is signed by this certificate (SHA-256, hex)
  -h, --help        this text

Exit status: 0 report authentic and log verified, 1 FAILED, 2 usage error or unreadable file.`;

interface Outcome {
  ok: boolean;
  file: string;
  reason?: string;
  detail?: string;
  signer?: SignerSummary;
  range?: AuditReport['range'];
  generatedAt?: string;
  entries?: number;
  chainHead?: AuditReport['chainHead'];
  verification?: AuditReport['verification'];
}

function check(file: string, json: unknown, expectedSigner: string | undefined): Outcome {
  const result = verifyReport(json);
  if (!result.ok) return { ok: false, file, reason: result.reason, detail: result.detail };
  const { report, signer } = result;
  const facts = { file, signer, range: report.range, generatedAt: report.generatedAt, entries: report.entries.length, chainHead: report.chainHead, verification: report.verification };
  if (expectedSigner !== undefined && signer.fingerprint !== expectedSigner.toLowerCase()) {
    return { ok: false, ...facts, reason: 'unexpectedSigner', detail: `signed by ${signer.fingerprint}, expected ${expectedSigner.toLowerCase()}` };
  }
  if (!report.verification.ok) {
    const { firstBad, problem } = report.verification;
    return { ok: false, ...facts, reason: 'logBroken', detail: `the log did not verify when exported: entry ${firstBad} ${problem}` };
  }
  return { ok: true, ...facts };
}

function render(outcome: Outcome): string {
  const lines = [`Airlock audit report  ${outcome.file}`];
  if (outcome.signer !== undefined) {
    lines.push(`  Signed by     ${outcome.signer.subject}`);
    lines.push(`  Certificate   ${outcome.signer.fingerprint} (valid ${outcome.signer.notBefore} to ${outcome.signer.notAfter})`);
  }
  if (outcome.range !== undefined) lines.push(`  Range         ${outcome.range.from} to ${outcome.range.to} (end excluded), generated ${outcome.generatedAt ?? '?'}`);
  if (outcome.entries !== undefined && outcome.chainHead !== undefined) lines.push(`  Entries       ${outcome.entries}; whole log had ${outcome.chainHead.seq} at export`);
  const verification = outcome.verification;
  if (verification?.ok === true) {
    const checkpoint = verification.lastCheckpoint === undefined ? 'no signed checkpoint' : `last signed checkpoint at entry ${verification.lastCheckpoint}`;
    lines.push(`  Log at export verified: ${verification.entries} entries, ${checkpoint}`);
  }
  lines.push(outcome.ok ? 'Result: OK' : `Result: FAILED (${outcome.reason ?? 'unknown'}: ${outcome.detail ?? ''})`);
  return `${lines.join('\n')}\n`;
}

interface Output {
  write(text: string): unknown;
}

/** The whole command; returns the exit status. Exported so tests can run it in-process. */
export async function main(argv: readonly string[], stdout: Output = process.stdout, stderr: Output = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { json: { type: 'boolean' }, signer: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    stdout.write(`${HELP}\n`);
    return 0;
  }
  const [file] = positionals;
  if (file === undefined || positionals.length !== 1) {
    stderr.write(`Give exactly one report file.\n\n${HELP}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    stderr.write(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined; // reported below as a malformed report: the file was read, it is not one
  }
  const outcome = check(file, json, values.signer);
  stdout.write(values.json === true ? `${JSON.stringify(outcome, null, 2)}\n` : render(outcome));
  return outcome.ok ? 0 : 1;
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(realpathSync(invoked)).href) process.exitCode = await main(process.argv.slice(2));

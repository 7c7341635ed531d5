// The report the signing screen shows (signing-service.ts reportOf), from the committed signing
// vectors: the verdict word, each signature's signer or problem, coverage and time kind.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyFile } from '../../../electron/core/document-signing/document-signing.js';
import { SIGNATURE_PROBLEMS } from '../../../electron/core/document-signing/signature-error.js';
import { reportOf } from '../../../electron/core/document-signing/signing-service.js';
import { SIGNATURE_PROBLEM_CODES, SignatureReport } from '../../../shared/domain/signature.js';
import { ERROR_CODES } from '../../../shared/ipc/errors.js';
import { vectorTrust } from '../../vectors/messages/vector-trust.js';

const dir = path.resolve(import.meta.dirname, '../../vectors/signing');
const report = async (file: string, content?: string) => {
  const made = reportOf(file, await verifyFile(path.join(dir, file), await vectorTrust(), content === undefined ? undefined : path.join(dir, content)));
  return SignatureReport.parse(made);
};

describe('the signature report', () => {
  it("names the core's problems, each with an error code the window words", () => {
    assert.deepEqual([...SIGNATURE_PROBLEM_CODES], [...SIGNATURE_PROBLEMS]);
    for (const problem of SIGNATURE_PROBLEM_CODES) assert.ok((ERROR_CODES as readonly string[]).includes(`signature.${problem}`), problem);
  });

  it('two signatures in turn: valid, the first covering a revision with only a signature after it, the second the whole file', async () => {
    const made = await report('signed-twice.pdf');
    assert.equal(made.verdict, 'valid');
    assert.deepEqual(made.signatures.map((check) => [check.valid, check.coverage, check.timeKind, check.signer?.name !== undefined]), [
      [true, 'signaturesAppended', 'claimed', true],
      [true, 'wholeDocument', 'claimed', true],
    ]);
  });

  it('pages appended after a signature: the signature holds, the verdict is changedAfter', async () => {
    const made = await report('changed-after.pdf');
    assert.equal(made.verdict, 'changedAfter');
    assert.deepEqual(made.signatures.map((check) => [check.valid, check.coverage]), [[true, 'changesAppended']]);
  });

  it('a tampered PDF and an unknown signer: invalid, each with its problem and no signer named', async () => {
    for (const [file, problem] of [['tampered.pdf', 'tampered'], ['unknown-signer.pdf', 'unknownSigner']] as const) {
      const made = await report(file);
      assert.equal(made.verdict, 'invalid');
      assert.deepEqual(made.signatures.map((check) => [check.valid, check.problem, check.signer]), [[false, problem, undefined]]);
    }
  });

  it('a .p7s: the signed signing time; over a changed file, tampered', async () => {
    const good = await report('content.txt.p7s', 'content.txt');
    assert.deepEqual([good.format, good.verdict, good.signatures[0]?.timeKind, good.signatures[0]?.time !== undefined], ['p7s', 'valid', 'signed', true]);
    const bad = await report('content.txt.p7s', 'content-changed.txt');
    assert.deepEqual([bad.verdict, bad.signatures[0]?.problem], ['invalid', 'tampered']);
  });

  it("a timestamp as the core reports it (signing-options.ts TimestampCheck): a valid one is shown; one that does not hold fails the signature with its problem, the signer still named", async () => {
    const verification = await verifyFile(path.join(dir, 'signed-ec.pdf'), await vectorTrust());
    assert.ok(verification.format === 'pades' && verification.valid);
    const [first] = verification.signatures;
    assert.ok(first?.valid === true);
    const stamped = (timestamp: NonNullable<typeof first.signature.timestamp>, valid: boolean) => ({ ...verification, valid, signatures: [{ ...first, signature: { ...first.signature, timestamp } }] });
    const good = SignatureReport.parse(reportOf('x.pdf', stamped({ time: '2026-12-05T02:00:00.000Z', authority: 'TSA tập huấn', valid: true, matches: true }, true)));
    assert.equal(good.verdict, 'valid');
    assert.deepEqual(good.signatures[0]?.timestamp, { time: '2026-12-05T02:00:00.000Z', authority: 'TSA tập huấn', valid: true });
    // The report says as of when the signer's certificate was judged, as the core did it.
    const asOf = (checkedAt: typeof first.signature.checkedAt) => SignatureReport.parse(reportOf('x.pdf', { ...verification, signatures: [{ ...first, signature: { ...first.signature, checkedAt } }] })).signatures[0]?.certificateCheckedAt;
    assert.deepEqual(asOf({ time: '2026-12-05T02:00:00.000Z', basis: 'timestamp' }), { time: '2026-12-05T02:00:00.000Z', basis: 'timestamp' });
    assert.equal(good.signatures[0]?.certificateCheckedAt?.basis, 'now');
    const bad = SignatureReport.parse(reportOf('x.pdf', stamped({ time: undefined, authority: undefined, valid: false, matches: false, problem: 'timestampMismatch' }, false)));
    assert.equal(bad.verdict, 'invalid');
    assert.deepEqual([bad.signatures[0]?.valid, bad.signatures[0]?.problem, bad.signatures[0]?.signer !== undefined, bad.signatures[0]?.timestamp], [false, 'timestampMismatch', true, { valid: false }]);
  });

  it("the authority's certificate (docs/signing.md \"The authority's certificate\"): expired or revoked since a valid timestamp is said on it; each refusal is the signature's own problem", async () => {
    const verification = await verifyFile(path.join(dir, 'signed-ec.pdf'), await vectorTrust());
    assert.ok(verification.format === 'pades' && verification.valid);
    const [first] = verification.signatures;
    assert.ok(first?.valid === true);
    const stamped = (timestamp: NonNullable<typeof first.signature.timestamp>) => SignatureReport.parse(reportOf('x.pdf', { ...verification, valid: timestamp.valid, signatures: [{ ...first, signature: { ...first.signature, timestamp } }] }));
    const base = { time: '2026-12-05T02:00:00.000Z', authority: 'TSA tập huấn', matches: true };
    const since = stamped({ ...base, valid: true, authorityNote: { expiredSince: '2027-01-01T00:00:00.000Z', revokedSince: '2026-12-20T00:00:00.000Z' } });
    assert.deepEqual([since.verdict, since.signatures[0]?.timestamp], ['valid', { time: base.time, authority: base.authority, valid: true, authorityExpiredSince: '2027-01-01T00:00:00.000Z', authorityRevokedSince: '2026-12-20T00:00:00.000Z' }]);
    for (const problem of ['timestampAuthorityNotTsa', 'timestampAuthorityExpired', 'timestampAuthorityRevoked'] as const) {
      const refused = stamped({ ...base, valid: false, problem });
      assert.deepEqual([refused.verdict, refused.signatures[0]?.problem, refused.signatures[0]?.signer !== undefined], ['invalid', problem, true]);
    }
  });
});

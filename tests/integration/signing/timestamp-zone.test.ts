// The timestamp request leaves on the live zone's network (#17, docs/signing.md "In the app"): a real
// `openssl ts` authority served only inside the office LAN's namespace of the zone lab, the app on
// the workstation's side with the real zone helper switching links, firewall and routes. The core's
// sockets must leave through the workstation namespace's zone links, so the suite runs itself again
// inside that namespace (`ip netns exec`, as messaging-zones does); the outer run only makes and
// removes the lab. Root, SoftHSM token, signed policy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { before, describe, it } from 'node:test';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { issueTsaCertificate } from '../../support/test-tsa.js';
import { textPdf } from '../../support/text-pdf.js';
import { timestampedSigning } from '../../support/signing-job.js';
import { suiteInsideWorkstation } from '../../support/zone-lab-rerun.js';
import type { ZoneLab } from '../../support/zone-lab.js';
import { startLabHelper, startZoneCore } from '../../support/zone-core.js';

const INSIDE = 'AIRLOCK_TIMESTAMP_ZONE_LAB';
const TSA_PORT = 3180;

suiteInsideWorkstation(import.meta.filename, INSIDE, { suite: 'the timestamp authority in the zones (the app inside the zone lab’s workstation namespace)', test: 'runs the suite inside the workstation namespace, against an authority only the office LAN reaches' }, inside);

function inside(lab: ZoneLab): void {
  const office = lab.zone('van-phong');
  const cipher = lab.zone('co-yeu');

  describe('a signature’s timestamp is asked on the live zone’s own network, and never from another zone', () => {
    const teardown = teardownAfterSuite();
    let token: SoftHsmToken;
    let api: AirlockApi;
    let dir: string;
    let tsaUrl: string;
    /** The peer address of every query the office authority answered. */
    const queries: string[] = [];
    const finished: EventPayload<'documents.finished'>[] = [];

    before(async () => {
      [token, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.tempDir('airlock-tsa-zones-')]);
      // The authority: on the office LAN's gateway address, inside that zone's namespace only.
      const certificate = await issueTsaCertificate(token.pki.paths, path.join(dir, 'tsa'), 'intermediate', 'tsa');
      const child = teardown.process(
        spawn('ip', ['netns', 'exec', office.ns, process.execPath, '--import', 'tsx', path.resolve(import.meta.dirname, '../../support/test-tsa-process.ts'), JSON.stringify({ dir: path.join(dir, 'tsa'), certificate, host: office.gateway, port: TSA_PORT })], { stdio: ['pipe', 'pipe', 'inherit'] }),
      );
      teardown.defer(() => child.stdin.end());
      tsaUrl = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the zone authority exited (${String(code)})`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          const said = JSON.parse(line) as { url?: string; from?: string };
          if (said.url !== undefined) resolve(said.url);
          if (said.from !== undefined) queries.push(said.from);
        });
      });

      // The office LAN names its authority. The cipher network names the same URL — an address on the
      // office LAN — so only the network, not the policy, stands between that zone and the authority.
      const zones = await startLabHelper(teardown, token, lab, path.join(dir, 'helper'), (policy) => {
        for (const zone of policy['zones'] as Record<string, unknown>[]) if (zone['id'] === office.id || zone['id'] === cipher.id) zone['timestampAuthority'] = { url: tsaUrl };
      });
      ({ api } = await startZoneCore(teardown, token, path.join(dir, 'data'), zones));
      api.events.on('documents.finished', (event) => finished.push(event));
    });

    const ref = () => ({ serial: token.serial, label: token.label });
    const unlock = async () => assert.ok((await api.session.unlock({ token: ref(), pin: token.userPin })).ok);
    const switchTo = async (zone: string) => {
      await unlock();
      const switched = await api.zones.switch({ zone, reason: 'Ký văn bản có dấu thời gian', token: ref(), pin: token.userPin });
      assert.ok(switched.ok, JSON.stringify(switched));
      await unlock();
    };
    const signedJob = timestampedSigning(() => api, finished);
    const signed = async (name: string): Promise<{ end: EventPayload<'documents.finished'>; source: string }> => {
      const source = path.join(dir, name);
      await writeFile(source, textPdf([['Quyet dinh so 21/QD-UBND']]));
      return { end: await signedJob(source), source };
    };

    it('in the office LAN: the authority answers a query that came from the workstation’s office address, and the PDF carries its valid timestamp', async () => {
      await switchTo(office.id);
      assert.deepEqual(await api.signing.options({}), { ok: true, value: { visible: true, timestamp: true, pinPerSignature: false } });
      const { end } = await signed('Quyết định (mạng nội bộ).pdf');
      assert.ok(end.ok, JSON.stringify(end));
      assert.deepEqual(queries, [office.address.split('/')[0]], 'one query, from the office link');
      const report = await api.signing.verify({ path: end.output });
      assert.ok(report.ok && report.value.verdict === 'valid', JSON.stringify(report));
      assert.deepEqual([report.value.signatures[0]?.timestamp?.valid, report.value.signatures[0]?.certificateCheckedAt?.basis], [true, 'timestamp']);
    });

    it('in the cipher network, whose policy names the same URL: the request cannot reach the office LAN — timestampUnreachable, nothing signed, audited, the authority never asked', async () => {
      await switchTo(cipher.id);
      assert.deepEqual(await api.signing.options({}), { ok: true, value: { visible: true, timestamp: true, pinPerSignature: false } });
      const listing = await readdir(dir);
      const { end } = await signed('Quyết định (mạng cơ yếu).pdf');
      assert.deepEqual(end.ok ? 'signed' : end.error.code, 'signature.timestampUnreachable');
      assert.deepEqual((await readdir(dir)).filter((name) => !listing.includes(name)), ['Quyết định (mạng cơ yếu).pdf'], 'only the source written by the test; no signed file');
      assert.equal(queries.length, 1, 'no query reached the authority');
      const audited = await api.audit.query({ kind: 'document.signed', limit: 5 });
      assert.ok(audited.ok);
      assert.deepEqual([audited.value[0]?.result, audited.value[0]?.details['code']], ['failed', 'signature.timestampUnreachable']);
    });

    it('back in the office LAN: the same authority answers again', async () => {
      await switchTo(office.id);
      const { end } = await signed('Quyết định (trở lại mạng nội bộ).pdf');
      assert.ok(end.ok, JSON.stringify(end));
      assert.deepEqual(queries, [office.address.split('/')[0], office.address.split('/')[0]]);
    });
  });
}

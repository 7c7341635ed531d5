// A UTF-8 byte-order mark (EF BB BF) is three bytes like any other: docs/container.md refuses a file
// that does not start with `airlock-container/` (notContainer) and a header line of an unknown kind
// (malformed). The reference reader's TextDecoder dropped a BOM before reading each line, so such
// a file passed `inspect` (found by the independent reader of tests/independent/container-reader/).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inspectContainer } from '../../../electron/core/documents/container-reader.js';

const vector = readFileSync(new URL('../../vectors/container/two-chunks.alc', import.meta.url));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const folder = mkdtempSync(join(tmpdir(), 'container-bom-'));
after(() => rmSync(folder, { recursive: true, force: true }));

async function problemOf(name: string, bytes: Buffer): Promise<string> {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  try {
    await inspectContainer(path);
    return 'accepted';
  } catch (error) {
    return (error as { problem?: string }).problem ?? String(error);
  }
}

describe('container header: a byte-order mark is not skipped', () => {
  it('reads the unchanged vector (the test\'s own control)', async () => {
    assert.equal(await problemOf('plain.alc', vector), 'accepted');
  });

  it('refuses a BOM before the version line as notContainer', async () => {
    assert.equal(await problemOf('bom-first.alc', Buffer.concat([BOM, vector])), 'notContainer');
  });

  it('refuses a BOM at the start of the label line as malformed', async () => {
    const at = vector.indexOf('\nlabel ') + 1;
    assert.equal(await problemOf('bom-label.alc', Buffer.concat([vector.subarray(0, at), BOM, vector.subarray(at)])), 'malformed');
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { layeringViolation } from '../../electron/core/layers.js';

const coreDir = fileURLToPath(new URL('../../electron/core/', import.meta.url));

/** Every relative import (static, type-only, re-export or dynamic) of a module's source text. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1] ?? '');
}

/** Imports that break the layers, as "file → target: why", for files given relative to electron/core. */
function violations(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    for (const specifier of relativeImports(source)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith('../')) continue; // outside electron/core (shared/, platform/): not a core layer
      const why = layeringViolation(file, target);
      if (why !== undefined) found.push(`${file} → ${specifier}: ${why}`);
    }
  }
  return found;
}

function coreSources(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(coreDir, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith('.ts')) files.set(entry.split(path.sep).join('/'), readFileSync(path.join(coreDir, entry), 'utf8'));
  }
  return files;
}

describe('core layers (electron/core/layers.ts)', () => {
  it('no module of electron/core imports a higher layer or a sibling of its own layer', () => {
    const files = coreSources();
    assert.ok(files.size > 50, `read ${files.size} files`);
    assert.deepEqual(violations(files), []);
  });

  it('fails on a planted upward import, a same-layer import and a folder no layer lists', () => {
    const planted = new Map([
      ['token/planted.ts', "import type { AuditTrail } from '../audit/audit-trail.js';\n"],
      ['settings/planted.ts', "export { ColleagueDirectory } from '../directory/colleague-directory.js';\n"],
      ['kernel-planted.ts', "const late = await import('./zones/zone-service.js');\n"],
      ['newcomer/planted.ts', "import { DomainError } from '../domain-error.js';\n"],
    ]);
    assert.deepEqual(violations(planted), [
      'token/planted.ts → ../audit/audit-trail.js: token (layer 4) imports audit (layer 6), a higher layer',
      'settings/planted.ts → ../directory/colleague-directory.js: settings and directory share layer 8: neither may import the other',
      'kernel-planted.ts → ./zones/zone-service.js: kernel (layer 0) imports zones (layer 10), a higher layer',
      'newcomer/planted.ts → ../domain-error.js: newcomer/ is in no layer of electron/core/layers.ts',
    ]);
  });

  it('allows imports downward and within a folder', () => {
    const fine = new Map([
      ['documents/x.ts', "import { ZoneService } from '../zones/zone-service.js';\nimport { a } from './container-format.js';\nimport { b } from '../../../shared/domain/zone.js';\n"],
      ['core.ts', "import { createZones } from './zones/capability.js';\n"],
    ]);
    assert.deepEqual(violations(fine), []);
  });
});

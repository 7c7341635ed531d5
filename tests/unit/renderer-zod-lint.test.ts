import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

/** The lint rule that keeps zod out of the renderer's imports must be able to fail (real ESLint, project config). */
describe('lint: no zod in the renderer', () => {
  const eslint = new ESLint();
  const refused = async (code: string, filePath = 'renderer/src/features/x.ts') => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((message) => message.message.includes('zod out of the renderer')).length;
  };

  it('refuses zod itself and the schema modules as values, in any renderer folder', async () => {
    assert.equal(await refused("import { z } from 'zod';\nexport const x = z;\n"), 1);
    assert.equal(await refused("import { Classification } from '../../../shared/domain/classification.js';\nexport const x = Classification;\n"), 1);
    assert.equal(await refused("import { contract } from '../../../shared/ipc/contract.js';\nexport const x = contract;\n"), 1);
    assert.equal(await refused("import { documentsChannels } from '../../../../shared/ipc/contracts/documents.js';\nexport const x = documentsChannels;\n", 'renderer/src/features/documents/x.ts'), 1);
    assert.equal(await refused("import { ERROR_CODES } from '../../shared/ipc/errors.js';\nexport const x = ERROR_CODES;\n", 'renderer/src/x.ts'), 1);
  });

  it('allows types from them, and values from the zod-free modules', async () => {
    assert.equal(await refused("import type { z } from 'zod';\nexport type X = z.ZodType;\n"), 0);
    assert.equal(await refused("import type { Classification } from '../../../shared/domain/classification.js';\nexport type X = Classification;\n"), 0);
    assert.equal(await refused("import { CLASSIFICATION_LEVELS } from '../../../shared/domain/levels.js';\nexport const x = CLASSIFICATION_LEVELS;\n"), 0);
    assert.equal(await refused("import { DEFAULT_LANGUAGE } from '../../../shared/domain/languages.js';\nexport const x = DEFAULT_LANGUAGE;\n"), 0);
    assert.equal(await refused("import { AUDIT_KINDS } from '../../../shared/domain/audit-kinds.js';\nexport const x = AUDIT_KINDS;\n"), 0);
    assert.equal(await refused("import { SWITCH_STEPS } from '../../../shared/domain/zone-vocabulary.js';\nexport const x = SWITCH_STEPS;\n"), 0);
  });

  it('leaves the main process alone', async () => {
    assert.equal(await refused("import { z } from 'zod';\nexport const x = z;\n", 'electron/core/x.ts'), 0);
  });
});

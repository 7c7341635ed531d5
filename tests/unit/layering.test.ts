import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

/** The layering rules must be able to fail: each bad import below has to be reported. */
describe('lint layering rules (real ESLint, project config)', () => {
  const eslint = new ESLint();
  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((message) => message.message.includes('Bad layering'));
  };

  it('rejects Node, Electron and main-process imports in shared/', async () => {
    assert.equal((await problems('shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).length, 1);
    assert.equal((await problems('shared/domain/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).length, 1);
    assert.equal((await problems('shared/domain/x.ts', "import { createCore } from '../../electron/core/core.js';\nexport const x = createCore;\n")).length, 1);
  });

  it('rejects a runtime electron import in a main-process service but allows a type import', async () => {
    assert.equal((await problems('electron/core/services/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).length, 1);
    assert.equal((await problems('electron/core/services/x.ts', "import type { App } from 'electron';\nexport type X = App;\n")).length, 0);
    assert.equal((await problems('electron/shells/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).length, 0);
  });

  it('rejects Node and main-process imports in the renderer', async () => {
    assert.equal((await problems('renderer/src/x.ts', "import fs from 'fs';\nexport const x = fs;\n")).length, 1);
    assert.equal((await problems('renderer/src/x.ts', "import { createCore } from '../../electron/core/core.js';\nexport const x = createCore;\n")).length, 1);
    assert.equal((await problems('renderer/src/x.ts', "import { contract } from '../../shared/ipc/contract.js';\nexport const x = contract;\n")).length, 0);
  });

  it('rejects test and renderer imports in tools/ (the training kit is product code the tests import)', async () => {
    assert.equal((await problems('tools/training-kit/x.ts', "import { launchApp } from '../../tests/support/chromium-shell.js';\nexport const x = launchApp;\n")).length, 1);
    assert.equal((await problems('tools/training-kit/x.ts', "import { App } from '../../renderer/src/App.js';\nexport const x = App;\n")).length, 1);
    assert.equal((await problems('tools/training-kit/x.ts', "import { createCore } from '../../electron/core/core.js';\nexport const x = createCore;\n")).length, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropDocuments, isContainerName, type DroppedItem } from '../../renderer/src/features/documents/document-drop.js';

const item = (name: string, isFolder = false): DroppedItem => ({ name, isFolder, file: { name } });

function recording(paths: Record<string, string | null>) {
  const opened: string[] = [];
  const sources: string[] = [];
  return {
    opened,
    sources,
    deps: {
      pathOf: (file: unknown) => Promise.resolve(paths[(file as { name: string }).name] ?? null),
      open: (path: string) => {
        opened.push(path);
        return Promise.resolve();
      },
      encryptSource: (path: string) => void sources.push(path),
    },
  };
}

describe('dropping files on the Documents screen', () => {
  it('knows a container by its extension, in any case', () => {
    assert.equal(isContainerName('Công văn.alc'), true);
    assert.equal(isContainerName('BAO-CAO.ALC'), true);
    assert.equal(isContainerName('bao-cao.alc.txt'), false);
    assert.equal(isContainerName('alc'), false);
  });

  it('opens a dropped container through the normal open, by its path', async () => {
    const { deps, opened, sources } = recording({ 'a.alc': '/home/u/a.alc' });
    assert.deepEqual(await dropDocuments([item('a.alc')], deps), { status: 'opened', name: 'a.alc', several: false });
    assert.deepEqual(opened, ['/home/u/a.alc']);
    assert.deepEqual(sources, []);
  });

  it('puts any other file in the encrypt form; of several, the first only, and says so', async () => {
    const { deps, opened, sources } = recording({ 'Giấy mời.pdf': '/home/u/Giấy mời.pdf', 'b.alc': '/home/u/b.alc' });
    assert.deepEqual(await dropDocuments([item('Giấy mời.pdf'), item('b.alc')], deps), { status: 'source', name: 'Giấy mời.pdf', several: true });
    assert.deepEqual(sources, ['/home/u/Giấy mời.pdf']);
    assert.deepEqual(opened, []);
  });

  it('refuses a folder without asking for its path, and says when the shell cannot tell a path', async () => {
    const { deps, opened, sources } = recording({ 'Hồ sơ': '/home/u/Hồ sơ' });
    assert.deepEqual(await dropDocuments([item('Hồ sơ', true)], deps), { status: 'folder' });
    assert.deepEqual(await dropDocuments([item('made.txt')], deps), { status: 'noPath', name: 'made.txt' });
    assert.deepEqual(await dropDocuments([], deps), null);
    assert.deepEqual([...opened, ...sources], []);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serveRendererAsset } from '../../electron/platform/renderer-assets.js';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicyForPage } from '../../electron/platform/csp.js';
import { sri } from '../../electron/platform/script-pins.js';

const ORIGIN = 'https://airlock.invalid';
const IMPORT_MAP = '{"integrity":{"/assets/app.js":"sha384-x"}}';

describe('renderer assets served to both shells (real files in a temp folder)', () => {
  let base: string;
  let root: string;
  before(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'airlock-assets-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>a</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(root, 'pinned.html'), `<!doctype html><script type="importmap">${IMPORT_MAP}</script><script>inline()</script>`);
    await writeFile(path.join(root, 'assets', 'pdf.worker.min-x.mjs'), 'export {}');
    await writeFile(path.join(base, 'secret.js'), 'secret');
    await writeFile(path.join(root, 'notes.txt'), 'not served');
    await symlink(path.join(base, 'secret.js'), path.join(root, 'assets', 'link.js'));
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('serves index.html for / with the CSP and nosniff headers', async () => {
    const response = await serveRendererAsset(root, ORIGIN, 'GET', `${ORIGIN}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers['Content-Type'], 'text/html; charset=utf-8');
    assert.equal(response.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(response.headers['X-Content-Type-Options'], 'nosniff');
    assert.match(response.body.toString(), /<title>a<\/title>/);
  });

  it("allows a page's import map by its hash in the header, and no other inline script", async () => {
    const response = await serveRendererAsset(root, ORIGIN, 'GET', `${ORIGIN}/pinned.html`);
    assert.equal(response.headers['Content-Security-Policy'], contentSecurityPolicyForPage([sri(IMPORT_MAP)]));
    assert.ok(!response.headers['Content-Security-Policy']?.includes(sri('inline()')));
    const script = await serveRendererAsset(root, ORIGIN, 'GET', `${ORIGIN}/assets/app.js`);
    assert.equal(script.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY, 'scripts and the worker keep the plain policy');
  });

  it('serves a script with its type', async () => {
    const response = await serveRendererAsset(root, ORIGIN, 'GET', `${ORIGIN}/assets/app.js?v=1`);
    assert.equal(response.status, 200);
    assert.equal(response.headers['Content-Type'], 'text/javascript; charset=utf-8');
  });

  it('serves the pdf.js worker module as JavaScript, under the same CSP (a worker takes its policy from its own response)', async () => {
    const response = await serveRendererAsset(root, ORIGIN, 'GET', `${ORIGIN}/assets/pdf.worker.min-x.mjs`);
    assert.equal(response.status, 200);
    assert.equal(response.headers['Content-Type'], 'text/javascript; charset=utf-8');
    assert.equal(response.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
  });

  it('refuses anything outside the folder, another origin, other methods and unknown types', async () => {
    const cases: [string, string, number][] = [
      ['GET', `${ORIGIN}/../secret.js`, 404],
      // URL parsing folds %2e%2e into '..' and resolves it inside the root: nothing to serve there.
      ['GET', `${ORIGIN}/assets/%2e%2e/%2e%2e/secret.js`, 404],
      ['GET', `${ORIGIN}/assets/..%2f..%2fsecret.js`, 403],
      ['GET', `${ORIGIN}/assets/..%5c..%5csecret.js`, 403],
      ['GET', `${ORIGIN}/assets/link.js`, 403],
      ['GET', `${ORIGIN}/index.html%00.js`, 403],
      ['GET', `${ORIGIN}/%E0%A4%A`, 400],
      ['GET', `${ORIGIN}/notes.txt`, 404],
      ['GET', `${ORIGIN}/missing.js`, 404],
      ['GET', 'https://evil.example/index.html', 403],
      ['GET', 'https://user@airlock.invalid/index.html', 403],
      ['GET', 'not a url', 400],
      ['POST', `${ORIGIN}/index.html`, 405],
    ];
    for (const [method, url, status] of cases) {
      const response = await serveRendererAsset(root, ORIGIN, method, url);
      assert.equal(response.status, status, `${method} ${url}`);
      assert.equal(response.body.length, 0, `${method} ${url} must have an empty body`);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicyForPage, contentSecurityPolicyMeta } from '../../electron/platform/csp.js';
import { PDF_WORKER_POLICY } from '../../shared/platform/trusted-types.js';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+(.*)/s) as [string, string]));
}

describe('content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows no remote content, no inline script or style, no eval', () => {
    assert.equal(policy.get('default-src'), "'none'");
    assert.equal(policy.get('script-src'), "'self'");
    assert.equal(policy.get('style-src'), "'self'");
    assert.equal(policy.get('connect-src'), "'none'");
    assert.equal(policy.get('object-src'), "'none'");
    assert.equal(policy.get('frame-src'), "'none'");
    assert.equal(policy.get('frame-ancestors'), "'none'");
    assert.equal(policy.get('base-uri'), "'none'");
    assert.equal(policy.get('require-trusted-types-for'), "'script'");
    for (const forbidden of ['unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval', 'http:', 'https:', 'data:', '*']) {
      assert.ok(!CONTENT_SECURITY_POLICY.includes(forbidden), `CSP must not contain ${forbidden}`);
    }
  });

  it('lets the page start only app-file workers, through the one Trusted Types policy the PDF viewer owns', () => {
    assert.equal(policy.get('worker-src'), "'self'");
    assert.equal(policy.get('child-src'), "'none'");
    assert.equal(policy.get('trusted-types'), PDF_WORKER_POLICY);
    assert.ok(!/allow-duplicates|blob:|\*/.test(`${policy.get('worker-src')} ${policy.get('trusted-types')}`));
    assert.equal(policy.get('script-src'), "'self'", 'no eval or wasm for the worker either: it gets this header too');
  });

  it('repeats the policy in the meta tag with scripts pinned by hash, without the header-only frame-ancestors', () => {
    const hash = 'sha384-1MO+svCZrmFCEMWrttK+SDawMYMMl2ZaKSnqG/eSgmC2QxOKGN38IwW33VBAnhA5';
    const meta = directives(contentSecurityPolicyMeta([hash]));
    assert.equal(meta.has('frame-ancestors'), false);
    assert.equal(meta.get('script-src'), `'${hash}'`);
    for (const [name, value] of meta) if (name !== 'script-src') assert.equal(policy.get(name), value, name);
    assert.equal(meta.size, policy.size - 1);
  });

  it('refuses to build a meta policy without valid script hashes', () => {
    assert.throws(() => contentSecurityPolicyMeta([]));
    assert.throws(() => contentSecurityPolicyMeta(["sha384-abc' 'unsafe-inline"]));
  });

  it("gives the page's header one more script source, its import map's hash, and changes nothing else", () => {
    const hash = 'sha384-1MO+svCZrmFCEMWrttK+SDawMYMMl2ZaKSnqG/eSgmC2QxOKGN38IwW33VBAnhA5';
    const page = directives(contentSecurityPolicyForPage([hash]));
    assert.equal(page.get('script-src'), `'self' '${hash}'`);
    for (const [name, value] of policy) if (name !== 'script-src') assert.equal(page.get(name), value, name);
    assert.equal(contentSecurityPolicyForPage([]), CONTENT_SECURITY_POLICY);
    assert.throws(() => contentSecurityPolicyForPage(["sha384-abc' 'unsafe-inline"]));
  });
});

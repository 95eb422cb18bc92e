// Least privilege: the shipped manifest, and each package built from it, ask for nothing beyond the committed
// allow-list (tests/unit/manifest-allow-list.json; docs/security.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/server.mjs';

const allow = JSON.parse(readFileSync(join(REPO_ROOT, 'tests/unit/manifest-allow-list.json'), 'utf8'));
const manifests = [['manifest.json', join(REPO_ROOT, 'manifest.json')], ...['chrome', 'firefox'].map((b) => [`dist/${b}`, join(REPO_ROOT, 'dist', b, 'manifest.json')])];

for (const [name, path] of manifests) {
  test(`${name} asks for no more than the allow-list`, (t) => {
    if (!existsSync(path)) return t.skip(`${name} not built (./build.sh build)`);
    const m = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(m.permissions || [], allow.permissions);
    assert.deepEqual(m.optional_permissions || [], allow.optional_permissions);
    assert.deepEqual(m.host_permissions || [], allow.host_permissions);
    for (const script of m.content_scripts || []) assert.deepEqual(script.matches, allow.content_script_matches);
    const resources = (m.web_accessible_resources || []).flatMap((r) => r.resources);
    assert.deepEqual(resources, allow.web_accessible_resources);
    for (const r of m.web_accessible_resources || []) {
      assert.deepEqual(r.matches, allow.content_script_matches);
      assert.equal(r.use_dynamic_url, allow.web_accessible_use_dynamic_url);
    }
    assert.equal(m.content_security_policy && m.content_security_policy.extension_pages, allow.extension_pages_csp);
    for (const key of allow.forbidden_keys) {
      const value = key.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), m);
      assert.equal(value, undefined, `${key} must not be set`);
    }
  });
}

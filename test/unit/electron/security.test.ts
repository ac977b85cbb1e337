import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, CONTENT_SECURITY_POLICY, isAppUrl, isSafeExternalUrl, resolveAppAsset } from '../../../src-main/electron/security.js';

describe('electron security rules', () => {
  it('recognises only the app origin as the app', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://crosstag/assets/x.js')).toBe(true);
    for (const url of ['app://evil/index.html', 'file:///index.html', 'https://crosstag/', 'not a url'])
      expect(isAppUrl(url), url).toBe(false);
  });

  it('opens only ordinary web links externally', () => {
    expect(isSafeExternalUrl('https://en.wikipedia.org/wiki/Named-entity_recognition')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'http://127.0.0.1:5173/?token=x',
      'http://localhost:8080/',
      'https://user:pw@example.com/',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(isSafeExternalUrl(url), url.slice(0, 40)).toBe(false);
    }
  });

  it('serves app:// paths from the renderer folder only', () => {
    const dir = resolve('/srv/renderer');
    expect(resolveAppAsset(dir, 'app://crosstag/')).toBe(join(dir, 'index.html'));
    expect(resolveAppAsset(dir, 'app://crosstag/assets/index-1.js')).toBe(join(dir, 'assets', 'index-1.js'));
    for (const url of [
      'app://crosstag/..%2f..%2fetc%2fpasswd',
      'app://crosstag/a%5c..%5c..%5cx',
      'app://other/index.html',
      'app://crosstag/x%00',
    ]) {
      expect(resolveAppAsset(dir, url), url).toBeNull();
    }
  });

  it('has a CSP without inline scripts or styles and without framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });
});

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticPath } from '../../../src-main/web/static-files.js';

describe('resolveStaticPath', () => {
  const root = resolve('/srv/renderer');

  it('maps URL paths inside the root, with index.html for folders', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses paths that decode to somewhere outside the root', () => {
    for (const p of [
      '/..%2foutside.txt',
      '/assets/..%2F..%2Fetc%2Fpasswd',
      '/%2e%2e%2f%2e%2e%2fx',
      '/a%5c..%5c..%5cx',
      '/x%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer asset types and falls back to octet-stream', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.bin')).toBe('application/octet-stream');
  });
});

import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../../src-renderer/lib/route.js';

describe('routes in the URL fragment', () => {
  it('round-trips a screen with and without an item', () => {
    for (const route of [
      { screen: 'annotate', id: 42 },
      { screen: 'projects', id: null },
      { screen: 'pairs', id: 7 },
    ] as const) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
  });

  it('rejects unknown screens and malformed fragments', () => {
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('#/annotate/abc')).toBeNull();
    expect(parseRoute('')).toBeNull();
  });
});

// The screen and the open item live in the URL fragment, so a reload lands where the person was.

export const SCREENS = ['projects', 'annotate', 'pairs', 'train', 'evaluate', 'settings', 'models'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  screen: Screen;
  /** The sentence (Annotate) or pair (Pairs) that was open. */
  id: number | null;
}

export function parseRoute(hash: string): Route | null {
  const m = /^#\/([a-z]+)(?:\/(\d+))?\/?$/.exec(hash);
  if (!m) return null;
  const screen = m[1] as Screen;
  if (!SCREENS.includes(screen)) return null;
  return { screen, id: m[2] === undefined ? null : Number(m[2]) };
}

export function formatRoute(route: Route): string {
  return route.id === null ? `#/${route.screen}` : `#/${route.screen}/${route.id}`;
}

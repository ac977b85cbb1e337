// Appearance preferences, kept in this browser profile (they are not project data).

export type Theme = 'light' | 'dark' | 'system';

const KEY = 'crosstag.theme';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class SettingsState {
  theme = $state<Theme>('system');

  constructor() {
    const saved = storage()?.getItem(KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') this.theme = saved;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    storage()?.setItem(KEY, theme);
    this.apply();
  }

  /** Puts the theme on <html>, where the stylesheet's variables pick it up. */
  apply(): void {
    if (typeof document !== 'undefined') document.documentElement.dataset['theme'] = this.theme;
  }
}

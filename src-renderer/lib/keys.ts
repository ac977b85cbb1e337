// The keyboard maps, kept as data so the `?` overlay, Settings and the handlers can never
// disagree about what a key does. `?` shows the keys of the screen in view.

export type AnnotateAction =
  | { type: 'label'; n: number }
  | { type: 'move'; visual: 'left' | 'right' }
  | { type: 'extend'; visual: 'left' | 'right' }
  | { type: 'remove' }
  | { type: 'confirm' }
  | { type: 'accept' }
  | { type: 'reject' }
  | { type: 'prev' }
  | { type: 'next' }
  | { type: 'next-useful' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'search' }
  | { type: 'help' }
  | { type: 'escape' };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Ctrl/⌘+Z undoes, with Shift (or Ctrl+Y, the Windows habit) redoes; any other key is null. */
export function historyKey(e: KeyInput): 'undo' | 'redo' | null {
  if (e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/** Maps one key press to an Annotate action, or null when the key is not ours. */
export function annotateAction(e: KeyInput): AnnotateAction | null {
  if (e.altKey) return null;
  if (e.ctrlKey || e.metaKey) {
    const step = historyKey(e);
    return step === null ? null : { type: step };
  }
  if (/^[1-9]$/.test(e.key) && !e.shiftKey) return { type: 'label', n: Number(e.key) };
  switch (e.key) {
    case 'ArrowLeft':
      return { type: e.shiftKey ? 'extend' : 'move', visual: 'left' };
    case 'ArrowRight':
      return { type: e.shiftKey ? 'extend' : 'move', visual: 'right' };
    case 'ArrowUp':
      return e.shiftKey ? null : { type: 'prev' };
    case 'ArrowDown':
      return e.shiftKey ? null : { type: 'next' };
    case 'Backspace':
    case 'Delete':
      return { type: 'remove' };
    case 'Enter':
      return e.shiftKey ? null : { type: 'confirm' };
    case 'Escape':
      return { type: 'escape' };
    case '?':
      return { type: 'help' };
    case '/':
      return { type: 'search' };
  }
  if (e.shiftKey) return null;
  switch (e.key) {
    case 'a':
      return { type: 'accept' };
    case 'x':
      return { type: 'reject' };
    case 'k':
      return { type: 'prev' };
    case 'j':
      return { type: 'next' };
    case 'n':
      return { type: 'next-useful' };
  }
  return null;
}

export interface KeyHelpRow {
  keys: string[];
  action: string;
}

/** Every Annotate key, in the order the help overlay lists them. */
export function annotateKeyHelp(mac: boolean): KeyHelpRow[] {
  const mod = mac ? '⌘' : 'Ctrl';
  return [
    { keys: ['1 … 9'], action: 'Apply label N to the selection, the entity under focus, or the focused token' },
    { keys: ['←', '→'], action: 'Move token focus, following the reading direction' },
    { keys: ['Shift + ←', 'Shift + →'], action: 'Extend the selection' },
    { keys: ['Backspace'], action: 'Remove the entity under focus' },
    { keys: ['Enter'], action: 'Confirm the sentence as gold, then go to the next' },
    { keys: ['a'], action: 'Accept all predictions in this sentence' },
    { keys: ['x'], action: 'Reject all predictions in this sentence' },
    { keys: ['↑', '↓', 'k', 'j'], action: 'Previous or next sentence' },
    { keys: ['n'], action: 'Next most useful sentence (active learning)' },
    { keys: [`${mod} + Z`], action: 'Undo (kept across restarts)' },
    { keys: [`${mod} + Shift + Z`], action: 'Redo' },
    { keys: ['/'], action: 'Focus the search box' },
    { keys: ['Esc'], action: 'Clear the selection, close this overlay' },
    { keys: ['?'], action: 'Show or hide this help' },
  ];
}

/** The Pairs screen's keys: its undo is about link edits only. */
export function pairsKeyHelp(mac: boolean): KeyHelpRow[] {
  const mod = mac ? '⌘' : 'Ctrl';
  return [
    { keys: ['Tab', 'Shift + Tab'], action: 'Move between the tokens of the two sentences and the links' },
    { keys: ['Enter', 'Space'], action: 'On a token of the upper sentence: choose it; on one below: link it to the chosen one' },
    { keys: ['Enter', 'Space'], action: 'On a link: cycle it through same type, different type, unset' },
    { keys: [`${mod} + Z`], action: 'Undo the last link edit (sentence edits are undone in Annotate)' },
    { keys: [`${mod} + Shift + Z`], action: 'Redo a link edit' },
    { keys: ['Esc'], action: 'Close this overlay' },
    { keys: ['?'], action: 'Show or hide this help' },
  ];
}

/** The keys every other screen has: the ordinary ones of forms and buttons. */
export function formKeyHelp(): KeyHelpRow[] {
  return [
    { keys: ['Tab', 'Shift + Tab'], action: 'Move to the next or previous control' },
    { keys: ['Enter', 'Space'], action: 'Press the focused button, tick the focused box' },
    { keys: ['Esc'], action: 'Close a dialog or this overlay' },
    { keys: ['?'], action: 'Show or hide this help' },
  ];
}

/** The help for a screen: its title and rows; Annotate and Pairs have keys of their own. */
export function keyHelpFor(screen: string, mac: boolean): { title: string; rows: KeyHelpRow[] } {
  if (screen === 'annotate') return { title: 'Keys in Annotate', rows: annotateKeyHelp(mac) };
  if (screen === 'pairs') return { title: 'Keys in Pairs', rows: pairsKeyHelp(mac) };
  const name = screen.length > 0 ? `${screen[0]!.toUpperCase()}${screen.slice(1)}` : 'this screen';
  return { title: `Keys in ${name}`, rows: formKeyHelp() };
}

/** Whether a key press happened where the person is typing, so our single keys must stay out. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!target || typeof target !== 'object' || !('tagName' in target)) return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

export function isMacPlatform(platform: string): boolean {
  return /mac|darwin|iphone|ipad/i.test(platform);
}

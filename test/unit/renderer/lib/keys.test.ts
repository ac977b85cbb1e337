import { describe, expect, it } from 'vitest';
import { annotateAction, annotateKeyHelp, historyKey, isTextEntry, keyHelpFor, type KeyInput } from '../../../../src-renderer/lib/keys.js';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('annotateAction', () => {
  it('maps digits 1..9 to labels and ignores 0', () => {
    expect(annotateAction(key('1'))).toEqual({ type: 'label', n: 1 });
    expect(annotateAction(key('9'))).toEqual({ type: 'label', n: 9 });
    expect(annotateAction(key('0'))).toBeNull();
  });

  it('moves with arrows and extends with shift+arrows', () => {
    expect(annotateAction(key('ArrowLeft'))).toEqual({ type: 'move', visual: 'left' });
    expect(annotateAction(key('ArrowRight', { shiftKey: true }))).toEqual({ type: 'extend', visual: 'right' });
  });

  it('navigates sentences with arrows up/down and j/k', () => {
    expect(annotateAction(key('ArrowUp'))).toEqual({ type: 'prev' });
    expect(annotateAction(key('k'))).toEqual({ type: 'prev' });
    expect(annotateAction(key('ArrowDown'))).toEqual({ type: 'next' });
    expect(annotateAction(key('j'))).toEqual({ type: 'next' });
    expect(annotateAction(key('n'))).toEqual({ type: 'next-useful' });
  });

  it('undoes with Ctrl or Cmd+Z and redoes with Shift or Ctrl+Y', () => {
    expect(annotateAction(key('z', { ctrlKey: true }))).toEqual({ type: 'undo' });
    expect(annotateAction(key('z', { metaKey: true }))).toEqual({ type: 'undo' });
    expect(annotateAction(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ type: 'redo' });
    expect(annotateAction(key('y', { ctrlKey: true }))).toEqual({ type: 'redo' });
  });

  it('leaves other modified keys to the browser', () => {
    expect(annotateAction(key('1', { ctrlKey: true }))).toBeNull();
    expect(annotateAction(key('a', { altKey: true }))).toBeNull();
    expect(annotateAction(key('c', { ctrlKey: true }))).toBeNull();
    expect(annotateAction(key('A', { shiftKey: true }))).toBeNull();
  });

  it('has the single-letter and editing keys', () => {
    expect(annotateAction(key('a'))).toEqual({ type: 'accept' });
    expect(annotateAction(key('x'))).toEqual({ type: 'reject' });
    expect(annotateAction(key('Backspace'))).toEqual({ type: 'remove' });
    expect(annotateAction(key('Enter'))).toEqual({ type: 'confirm' });
    expect(annotateAction(key('/'))).toEqual({ type: 'search' });
    expect(annotateAction(key('?', { shiftKey: true }))).toEqual({ type: 'help' });
  });

  it('lists every action in the help table', () => {
    const help = annotateKeyHelp(false)
      .map((r) => r.action.toLowerCase())
      .join('\n');
    for (const word of [
      'label',
      'reading direction',
      'selection',
      'remove',
      'confirm',
      'accept',
      'reject',
      'next',
      'useful',
      'undo',
      'redo',
      'search',
      'help',
    ]) {
      expect(help).toContain(word);
    }
    expect(annotateKeyHelp(true).some((r) => r.keys.some((k) => k.includes('⌘')))).toBe(true);
  });
});

describe('keys per screen', () => {
  it('shows each screen its own keys: Annotate’s, Pairs’ link undo, and the ordinary ones elsewhere', () => {
    expect(keyHelpFor('annotate', false)).toEqual({ title: 'Keys in Annotate', rows: annotateKeyHelp(false) });
    const pairs = keyHelpFor('pairs', true);
    expect(pairs.title).toBe('Keys in Pairs');
    expect(pairs.rows.find((r) => r.keys.includes('⌘ + Z'))?.action).toMatch(/link edit/);
    expect(pairs.rows.some((r) => /label/i.test(r.action))).toBe(false);
    const train = keyHelpFor('train', false);
    expect(train.title).toBe('Keys in Train');
    expect(train.rows.map((r) => r.keys[0])).toEqual(['Tab', 'Enter', 'Esc', '?']);
  });

  it('reads undo and redo the same on every screen', () => {
    expect(historyKey(key('z', { ctrlKey: true }))).toBe('undo');
    expect(historyKey(key('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(historyKey(key('y', { ctrlKey: true }))).toBe('redo');
    expect(historyKey(key('z'))).toBeNull();
    expect(historyKey(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

describe('isTextEntry', () => {
  it('is true for text inputs, textareas and selects, false for buttons and checkboxes', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'search' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});

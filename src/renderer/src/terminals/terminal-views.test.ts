import { describe, expect, it } from 'vitest';
import { EMPTY_VIEW, Signal, TerminalViews } from './terminal-views';

describe('TerminalViews', () => {
  it('wakes only the run whose view changed, and only on a real change', () => {
    const views = new TerminalViews();
    let a = 0;
    let b = 0;
    const offA = views.subscribe('a', () => (a += 1));
    views.subscribe('b', () => (b += 1));
    expect(views.get('a')).toBe(EMPTY_VIEW);
    views.update('a', { painted: true });
    views.update('a', { painted: true });
    views.update('a', { search: { index: 0, count: 2 } });
    views.update('a', { search: { index: 0, count: 2 } });
    expect([a, b]).toEqual([2, 0]);
    expect(views.get('a')).toMatchObject({ painted: true, search: { index: 0, count: 2 } });
    const before = views.get('a');
    views.update('a', { lastLine: null });
    expect(views.get('a')).toBe(before); // a stable snapshot for useSyncExternalStore
    offA();
    views.update('a', { painted: false });
    expect(a).toBe(2);
  });
});

describe('Signal', () => {
  it('notifies on change', () => {
    const s = new Signal<string | null>(null);
    let n = 0;
    s.subscribe(() => (n += 1));
    s.set('x');
    s.set('x');
    s.set(null);
    expect([s.get(), n]).toEqual([null, 2]);
  });
});

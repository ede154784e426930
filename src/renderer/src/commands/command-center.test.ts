import { describe, expect, it } from 'vitest';
import { createFakeCore } from '../rpc/fake-core';
import { createAppStore } from '../state/store';
import { createCommandCenter } from './command-center';
import { OVERRIDES_KEY, type KeyValueStorage } from './overrides-storage';

/** A Storage stand-in (the renderer's unit tests run in Node, which has no localStorage). */
function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const env = { platform: 'other', web: false } as const;
const dom = { focusSoon: () => {}, cardRunIds: () => [] };

function center(storage: KeyValueStorage | null) {
  const core = createFakeCore({});
  return createCommandCenter({ actions: { client: core.client, store: createAppStore() }, dom, env, storage });
}

describe('shortcut overrides', () => {
  it('persists a remapped shortcut and reads it back in a new window', () => {
    const storage = memoryStorage();
    const first = center(storage);
    first.setChords('thread.compare', ['Ctrl+Alt+C']);
    expect(first.keymap().get('thread.compare')).toEqual(['Ctrl+Alt+C']);
    expect(JSON.parse(storage.data.get(OVERRIDES_KEY) ?? '{}')).toEqual({ 'thread.compare': ['Ctrl+Alt+C'] });
    expect(first.keyParts('thread.compare')).toEqual(['Ctrl', 'Alt', 'C']);

    const second = center(storage);
    expect(second.keymap().get('thread.compare')).toEqual(['Ctrl+Alt+C']);
    second.resetChords('thread.compare');
    expect(second.keymap().get('thread.compare')).toEqual(['Ctrl+Shift+X']);
    expect(storage.data.has(OVERRIDES_KEY)).toBe(false);
  });

  it('keeps a removed shortcut removed, and Reset all brings every default back', () => {
    const storage = memoryStorage();
    const c = center(storage);
    c.setChords('run.stop', []);
    c.setChords('run.merge', ['Ctrl+Alt+M']);
    expect(center(storage).keymap().get('run.stop')).toEqual([]);
    expect(center(storage).keyParts('run.stop')).toBeNull();
    c.resetAll();
    expect(center(storage).keymap().get('run.merge')).toEqual(['Ctrl+Shift+M']);
  });

  it('ignores stored junk and a storage that throws', () => {
    expect(center(memoryStorage({ [OVERRIDES_KEY]: '{not json' })).keymap().get('run.merge')).toEqual(['Ctrl+Shift+M']);
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    const c = center(broken);
    c.setChords('run.merge', ['Ctrl+Alt+M']);
    expect(c.keymap().get('run.merge')).toEqual(['Ctrl+Alt+M']); // this session still has it
    expect(center(null).keymap().get('palette.open')).toEqual(['Ctrl+K', 'Ctrl+Shift+P']);
  });
});

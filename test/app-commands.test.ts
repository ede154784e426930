// The desktop menu's path to the window and back, over the contract with a real core: the window
// reports its shortcuts (they reach the platform's menu), and a menu item becomes an `app.command`
// event in every window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuShortcut } from '../src/shared/contract/commands';
import { RpcError } from '../src/shared/rpc/client';
import { startCore, type CoreHarness } from './helpers/core-harness';

describe('app commands over the contract', () => {
  let h: CoreHarness;
  const reported: (readonly MenuShortcut[])[] = [];

  beforeAll(async () => {
    h = await startCore({ platform: { shell: 'desktop', setMenuShortcuts: (shortcuts) => reported.push(shortcuts) } });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('hands the window\u2019s shortcuts to the platform\u2019s menu', async () => {
    const shortcuts = [{ command: 'run.merge', chords: ['Ctrl+Shift+M'] }, { command: 'run.stop', chords: [] }];
    expect(await h.client.call('app.setMenuShortcuts', { shortcuts })).toEqual({});
    expect(reported).toEqual([shortcuts]);
  });

  it('refuses malformed shortcut lists and hands nothing over', async () => {
    const bad: unknown[] = [
      { shortcuts: [{ command: 'run.merge', chords: ['Ctrl+\0M'] }] },
      { shortcuts: [{ command: 'run.merge', chords: ['../../etc/passwd'] }] },
      { shortcuts: [{ command: 'Run Merge', chords: [] }] },
      { shortcuts: [{ command: 'run.merge', chords: ['a', 'b', 'c', 'd', 'e'] }] },
      { shortcuts: [{ command: 'run.merge', chords: [], extra: 1 }] },
      { shortcuts: Array.from({ length: 201 }, () => ({ command: 'run.merge', chords: [] })) },
    ];
    for (const input of bad) {
      const err = await h.client.call('app.setMenuShortcuts', input as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).code).toBe('INVALID_INPUT');
    }
    expect(reported).toHaveLength(1);
  });

  it('emits a menu item\u2019s command to every window', async () => {
    const other = h.connect();
    const seen: string[] = [];
    h.client.on('app.command', ({ id }) => seen.push(`first:${id}`));
    other.on('app.command', ({ id }) => seen.push(`second:${id}`));
    h.core.runCommand('run.merge');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.sort()).toEqual(['first:run.merge', 'second:run.merge']);
  });
});

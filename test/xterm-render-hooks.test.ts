// The renderer's card terminals (src/renderer/src/terminals/card-refresh.ts) wrap three methods of
// xterm.js's internal render service, which no public API covers. They were checked against
// @xterm/xterm 6.0.0; this test fails on an upgrade so the hooks are checked again (where they are
// missing, cards simply render at full rate, or every row, which the terminals burst bench would show).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('the xterm.js internals the card refresh wraps', () => {
  it('are still there, in the version they were checked against', () => {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve('@xterm/xterm/package.json'), 'utf8')) as { version: string };
    const bundle = readFileSync(require.resolve('@xterm/xterm'), 'utf8');
    expect(pkg.version).toBe('6.0.0');
    for (const name of ['_renderService', 'refreshRows(', 'handleSelectionChanged(']) expect(bundle).toContain(name);
    // The animation frame reaches _renderRows through the instance, so wrapping it there takes effect:
    // in both builds (the renderer's bundler takes the ES module one).
    const esm = readFileSync(require.resolve('@xterm/xterm').replace(/xterm\.js$/, 'xterm.mjs'), 'utf8');
    for (const build of [bundle, esm]) expect(build).toMatch(/=>\s*this\._renderRows\(/);
  });
});

// The bench's page: the product's own terminal code end to end. The real RPC client and WebSocket
// transport, and the renderer's TerminalRegistry, which builds each run's MountedTerminal exactly as
// the board does (TerminalStream: attach, replay, writes, AckCounter credits; cards repainted on the
// card clock; the focused terminal fitted to its pane, rendering every frame, its input going through
// xterm's onData like a keypress). Hosts get the product's classes and stylesheets (app.css), so a
// card is the board's 180 px thumbnail and the focused pane drives the PTY size. In headless Chromium
// without a GPU the registry's WebGL pool declines (software WebGL), so every terminal uses xterm's
// DOM renderer, as the board would there.
//
// Exposes counters on `window.bench` for the benches (lib/browser.ts): characters each terminal's
// xterm has parsed (counted in its write callbacks), renders per terminal (xterm's onRender, i.e.
// repaints that reached the screen), animation frames that found new parsed output to show,
// requestAnimationFrame deltas, and the on-screen change times of one run after an interrupt.
import '@xterm/xterm/css/xterm.css';
import '../../../src/renderer/src/styles/app.css';
import '../../../src/renderer/src/styles/theme.css';
// Imported by RunTerminal.tsx in the app; the probe mounts terminals without React.
import '../../../src/renderer/src/styles/terminal-cards.css';
import type { Terminal } from '@xterm/xterm';
import { createClient, type RpcClient } from '../../../src/shared/rpc/client';
import { createWebSocketTransport } from '../../../src/renderer/src/rpc/ws-transport';
import { headlessToken, webSocketUrl } from '../../../src/renderer/src/rpc/connect';
import { TerminalRegistry, type TerminalMode } from '../../../src/renderer/src/terminals/terminal-registry';

/** Most rAF deltas kept: 20k frames = 5 min at 60 fps, far more than any window. */
const MAX_FRAMES = 20_000;

interface Mounted {
  host: HTMLElement;
  term: Terminal;
  unmount: () => void;
  parsed: number;
  renders: number;
  /** Animation frames by the start of which this terminal had parsed new output since the previous one. */
  framesWithOutput: number;
  parsedAtLastFrame: number;
}

const mounted = new Map<string, Mounted>();
let client: RpcClient | null = null;
let registry: TerminalRegistry | null = null;
let frameDeltas: number[] = [];
let lastFrame = 0;
/** The run whose on-screen changes are being timed (interrupt bench). */
let watch: { runId: string; sentAt: number; lastParsed: number; lastChangeAt: number; frames: number } | null = null;
const errors: string[] = [];

function onFrame(t: number): void {
  if (lastFrame > 0 && frameDeltas.length < MAX_FRAMES) frameDeltas.push(t - lastFrame);
  lastFrame = t;
  for (const m of mounted.values()) {
    if (m.parsed === m.parsedAtLastFrame) continue;
    m.parsedAtLastFrame = m.parsed;
    m.framesWithOutput += 1;
  }
  if (watch) {
    const parsed = mounted.get(watch.runId)?.parsed ?? 0;
    if (parsed !== watch.lastParsed) {
      watch.lastParsed = parsed;
      watch.lastChangeAt = t;
    }
    watch.frames++;
  }
  requestAnimationFrame(onFrame);
}

function services(): { client: RpcClient; registry: TerminalRegistry } {
  if (!client || !registry) {
    const token = headlessToken(location.search);
    if (!token) throw new Error('no token in the page URL');
    client = createClient(createWebSocketTransport(new WebSocket(webSocketUrl(token, location))));
    registry = new TerminalRegistry(client, { reportError: (err) => errors.push(String(err)) });
  }
  return { client, registry };
}

/**
 * The xterm instance the registry made for a run. The registry keeps them private (nothing in the
 * product needs one from outside); the bench reads its `entries` map to count parses and renders.
 */
function terminalOf(r: TerminalRegistry, runId: string): Terminal {
  const entries = (r as unknown as { entries?: Map<string, { term: Terminal }> }).entries;
  const term = entries?.get(runId)?.term;
  if (!term) throw new Error(`no live terminal for run ${runId} (TerminalRegistry internals changed?)`);
  return term;
}

/** A host like RunTerminal's: `terminal-host terminal-<mode>` around the element the registry fills. */
function hostFor(mode: TerminalMode): { host: HTMLElement; mount: HTMLElement } {
  const host = document.createElement('div');
  host.className = `terminal-host terminal-${mode}`;
  const mount = document.createElement('div');
  mount.className = 'terminal-mount';
  host.appendChild(mount);
  document.getElementById(mode === 'card' ? 'cards' : 'focus')?.appendChild(host);
  return { host, mount };
}

function mountOne(r: TerminalRegistry, runId: string, mode: TerminalMode): Mounted {
  const { host, mount } = hostFor(mode);
  const unmount = r.mount(runId, mount, { mode, autoFocus: mode === 'focus' });
  const term = terminalOf(r, runId);
  const m: Mounted = { host, term, unmount, parsed: 0, renders: 0, framesWithOutput: 0, parsedAtLastFrame: 0 };
  // Count what xterm has parsed, in its write callbacks. The stream writes only after its attach
  // call has returned, so every write goes through this wrapper.
  const write = term.write.bind(term);
  term.write = (data: string | Uint8Array, callback?: () => void) =>
    write(data, () => {
      m.parsed += data.length;
      callback?.();
    });
  term.onRender(() => (m.renders += 1));
  return m;
}

const api = {
  /**
   * Mounts a terminal per run in the given mode (cards in the grid, focus in the side pane); resolves
   * once each has painted its replay.
   */
  async mount(runIds: string[], mode: TerminalMode = 'card', timeoutMs = 15_000): Promise<void> {
    const { registry: r } = services();
    for (const id of runIds) if (!mounted.has(id)) mounted.set(id, mountOne(r, id, mode));
    const deadline = performance.now() + timeoutMs;
    const painted = (id: string) => r.views.get(id).painted;
    while (!runIds.every(painted)) {
      if (errors.length > 0) throw new Error(errors.join('; '));
      if (performance.now() > deadline) throw new Error('replays were not painted in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
  /**
   * Takes these runs' terminals off the page, as the board does when a card leaves the screen: the
   * registry keeps the most recent few alive and attached (TerminalLimits.keepHidden) and disposes
   * and detaches the others.
   */
  async unmount(runIds: string[]): Promise<void> {
    for (const id of runIds) {
      const m = mounted.get(id);
      if (!m) continue;
      mounted.delete(id);
      m.unmount();
      m.host.remove();
    }
    // The registry trims its hidden terminals in a microtask; give it that, and the detach calls a turn.
    await new Promise((resolve) => setTimeout(resolve, 0));
  },
  /** Characters parsed, renders, and frames that had new output to show, per run, since it was mounted. */
  counts(): Record<string, { parsed: number; renders: number; framesWithOutput: number }> {
    return Object.fromEntries([...mounted].map(([id, m]) => [id, { parsed: m.parsed, renders: m.renders, framesWithOutput: m.framesWithOutput }]));
  },
  resetFrames(): void {
    frameDeltas = [];
  },
  frames(): number[] {
    return frameDeltas;
  },
  /** Types Ctrl-C into a run's focused terminal (xterm's input path, like a keypress) and starts timing its on-screen changes. */
  interrupt(runId: string): void {
    const m = mounted.get(runId);
    if (!m) throw new Error(`run ${runId} is not mounted`);
    const now = performance.now();
    watch = { runId, sentAt: now, lastParsed: m.parsed, lastChangeAt: now, frames: 0 };
    m.term.input('\x03', true);
  },
  /**
   * ms from the Ctrl-C to the last animation frame at which that run's parsed output had changed;
   * `sentAtEpoch` is the Ctrl-C on the wall clock (Date.now() scale), to line up with the core's times.
   */
  interruptResult(): { stopMs: number; frames: number; sentAtEpoch: number } | null {
    if (!watch) return null;
    return { stopMs: Math.max(0, watch.lastChangeAt - watch.sentAt), frames: watch.frames, sentAtEpoch: performance.timeOrigin + watch.sentAt };
  },
  /** Text of a run's visible rows (for checks). */
  screen(runId: string): string {
    const m = mounted.get(runId);
    if (!m) return '';
    const b = m.term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < m.term.rows; y++) rows.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return rows.join('\n');
  },
};

export type ProbeApi = typeof api;
(globalThis as unknown as { bench: ProbeApi }).bench = api;
requestAnimationFrame(onFrame);

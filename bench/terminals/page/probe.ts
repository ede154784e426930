// The bench's page: the product's real RPC client, real WebSocket transport and the renderer's own
// TerminalStream (attach, replay gating and reset, writes, AckCounter credits), one @xterm/xterm
// terminal per attached run with the board's settings (TerminalTuning: font 13 px, line height 1.1,
// scrollback 5000), shown at the PTY's size and scaled down into a card like the board's thumbnails.
// Nothing else is on the page. In headless Chromium without a GPU the board would use the DOM
// renderer (webgl-pool.ts asks for hardware WebGL2), and so does this page.
// Exposes counters on `window.bench` for Playwright: characters parsed per run (counted in xterm's
// write callbacks), requestAnimationFrame deltas, and per-frame change times of one run.
// xterm.css comes from lib/browser.ts. Type-checked in the Node program (tsconfig.node.json has no
// DOM lib), hence the small DOM typings below.
import { Terminal } from '@xterm/xterm';
import { createClient, type RpcClient } from '../../../src/shared/rpc/client';
import { createWebSocketTransport, type SocketLike } from '../../../src/renderer/src/rpc/ws-transport';
import { headlessToken, webSocketUrl } from '../../../src/renderer/src/rpc/connect';
import { TerminalStream } from '../../../src/renderer/src/terminals/terminal-stream';

/** The board's terminal options (src/renderer/src/terminals/mounted-terminal.ts, TerminalTuning). */
const BOARD_TERMINAL = { fontSize: 13, lineHeight: 1.1, scrollback: 5000 } as const;
/** Card size in CSS px: 4 columns of 470 px fit the 1920 px viewport, 4 rows of 240 px its height. */
const CARD = { width: 470, height: 240 } as const;
/** Most rAF deltas kept: 20k frames = 5 min at 60 fps, far more than any window. */
const MAX_FRAMES = 20_000;

interface El {
  className: string;
  style: Record<string, string>;
  offsetWidth: number;
  offsetHeight: number;
  firstElementChild: El | null;
  appendChild(child: El): void;
  remove(): void;
}
interface Dom {
  document: { getElementById(id: string): El; createElement(tag: string): El };
  location: { search: string; host: string; protocol: string };
  WebSocket: new (url: string) => SocketLike;
  requestAnimationFrame(cb: (t: number) => void): number;
  bench: unknown;
}
const dom = globalThis as unknown as Dom;

interface Mounted {
  term: Terminal;
  card: El;
  stream: TerminalStream;
  parsed: number;
  replays: number;
}

const mounted = new Map<string, Mounted>();
let client: RpcClient | null = null;
let frameDeltas: number[] = [];
let lastFrame = 0;
/** The run whose on-screen changes are being timed (interrupt bench). */
let watch: { runId: string; sentAt: number; lastParsed: number; lastChangeAt: number; frames: number } | null = null;
/** attach/detach of one run in order, as the registry's `serialize` does. */
const queues = new Map<string, Promise<void>>();

function onFrame(t: number): void {
  if (lastFrame > 0 && frameDeltas.length < MAX_FRAMES) frameDeltas.push(t - lastFrame);
  lastFrame = t;
  if (watch) {
    const parsed = mounted.get(watch.runId)?.parsed ?? 0;
    if (parsed !== watch.lastParsed) {
      watch.lastParsed = parsed;
      watch.lastChangeAt = t;
    }
    watch.frames++;
  }
  dom.requestAnimationFrame(onFrame);
}

function connect(): RpcClient {
  if (client) return client;
  const token = headlessToken(dom.location.search);
  if (!token) throw new Error('no token in the page URL');
  client = createClient(createWebSocketTransport(new dom.WebSocket(webSocketUrl(token, dom.location))));
  return client;
}

/** Scales the terminal's element down to fit its card, as the board's thumbnails do. */
function fitThumbnail(m: Mounted): void {
  const el = m.card.firstElementChild;
  if (!el || el.offsetWidth === 0) return;
  const scale = Math.min(1, CARD.width / el.offsetWidth, CARD.height / el.offsetHeight);
  el.style.transform = `scale(${scale})`;
  el.style.transformOrigin = '0 0';
}

function mountOne(c: RpcClient, runId: string, reportError: (err: unknown) => void): Mounted {
  const card = dom.document.createElement('div');
  card.className = 'card';
  card.style.width = `${CARD.width}px`;
  card.style.height = `${CARD.height}px`;
  dom.document.getElementById('grid').appendChild(card);
  const term = new Terminal({ ...BOARD_TERMINAL, cursorBlink: false, disableStdin: true });
  const write = term.write.bind(term);
  const m = { term, card, parsed: 0, replays: 0 } as Mounted;
  // Count what xterm has parsed, in its write callbacks, without touching the stream's own logic.
  term.write = (data: string | Uint8Array, callback?: () => void) =>
    write(data, () => {
      m.parsed += data.length;
      callback?.();
    });
  term.open(card as never);
  const serialize = (op: () => Promise<void>): Promise<void> => {
    const next = (queues.get(runId) ?? Promise.resolve()).then(op);
    queues.set(runId, next.catch(() => undefined));
    return next;
  };
  m.stream = new TerminalStream(runId, term, { client: c, reportError, serialize }, {
    onReplay: (size) => {
      m.replays++;
      term.resize(size.cols, size.rows);
      fitThumbnail(m);
    },
    onPainted: () => fitThumbnail(m),
  });
  return m;
}

const errors: string[] = [];

const api = {
  /** Mounts a terminal per run (its stream attaches); resolves once every run's replay arrived. */
  async mount(runIds: string[], timeoutMs = 15_000): Promise<void> {
    const c = connect();
    for (const id of runIds) if (!mounted.has(id)) mounted.set(id, mountOne(c, id, (err) => errors.push(String(err))));
    const deadline = performance.now() + timeoutMs;
    while (!runIds.every((id) => (mounted.get(id)?.replays ?? 0) > 0)) {
      if (errors.length > 0) throw new Error(errors.join('; '));
      if (performance.now() > deadline) throw new Error('replays did not arrive in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  /** Closes the streams (detach) and disposes the terminals of these runs. */
  async unmount(runIds: string[]): Promise<void> {
    for (const id of runIds) {
      const m = mounted.get(id);
      if (!m) continue;
      mounted.delete(id);
      m.stream.close();
      m.term.dispose();
      m.card.remove();
      await queues.get(id);
    }
  },
  /** Characters parsed by xterm per run (replays included), and replay frames seen. */
  parsed(): Record<string, { parsed: number; replays: number }> {
    return Object.fromEntries([...mounted].map(([id, m]) => [id, { parsed: m.parsed, replays: m.replays }]));
  },
  resetFrames(): void {
    frameDeltas = [];
  },
  frames(): number[] {
    return frameDeltas;
  },
  /** Sends Ctrl-C to a run through the contract and starts timing its on-screen changes. */
  async interrupt(runId: string): Promise<void> {
    const now = performance.now();
    watch = { runId, sentAt: now, lastParsed: mounted.get(runId)?.parsed ?? 0, lastChangeAt: now, frames: 0 };
    await connect().call('runs.write', { runId: runId as never, data: '\x03' });
  },
  /** ms from the Ctrl-C to the last animation frame at which that run's parsed output had changed. */
  interruptResult(): { stopMs: number; frames: number } | null {
    if (!watch) return null;
    return { stopMs: Math.max(0, watch.lastChangeAt - watch.sentAt), frames: watch.frames };
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
dom.bench = api;
dom.requestAnimationFrame(onFrame);

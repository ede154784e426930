// Incremental scanner for the OSC sequences agent CLIs use to say what they are doing: desktop notifications
// (OSC 9, OSC 777, OSC 99), ConEmu progress (OSC 9;4) and program status (OSC 7501). Fed the decoded output
// chunks of one PTY in order; a sequence split across chunks is reassembled. Pure: no I/O, no timers.
//
// Formats, with where they are specified or seen:
// - OSC 9 ; text ST — iTerm2 "Post a notification" (https://iterm2.com/documentation-escape-codes.html).
//   ConEmu reuses OSC 9 for numbered commands, most commonly `9;4;state;percent` (progress), which Claude Code
//   (anthropics/claude-code CHANGELOG: "stray '4;0;' desktop notification … terminals that interpret OSC 9 as a
//   notification") and Copilot CLI (`copilot help config`: terminalProgress) emit; those are not notifications.
// - OSC 777 ; notify ; title ; body ST — rxvt-unicode / Ghostty / WezTerm; emitted by Gemini CLI
//   (google-gemini/gemini-cli packages/cli/src/utils/terminalNotifications.ts, OSC777_PREFIX) and Copilot CLI.
// - OSC 99 ; metadata ; payload ST — kitty desktop notifications (https://sw.kovidgoyal.net/kitty/desktop-notifications/);
//   metadata `i=id:d=0|1:p=title|body:e=0|1`. OpenCode's TUI probes for it (`99;i=opentui-notifications:p=?;`).
// - OSC 7501 ; key=value:… ST — the Program Status protocol (superlogical.com/rex/docs/build/program-status,
//   rev 0.2; mitchellh.com/writing/program-status-osc7501). Seen live here: Codex CLI 0.169.0 writes
//   `7501;state=idle|working|done:app=codex` unprompted; Claude Code 2.1.329 first sends the query `7501;?` and
//   reports `state=working|done:app=claude-code` only once the terminal answers with the same bytes.
// ST is BEL or ESC \. CAN and SUB abort a sequence; an ESC that does not start ESC \ aborts it and starts a new
// escape. 8-bit C1 controls (0x9D, 0x9C) are not recognized: the chunks are UTF-8 text, where they do not occur.

/** What a terminal answers to `OSC 7501 ; ?` to say it understands program status reports. */
export const PROGRAM_STATUS_QUERY_REPLY = '\x1b]7501;?\x1b\\';

export type ProgramState = 'idle' | 'working' | 'done' | 'blocked' | 'error' | 'clear';

export interface ProgramStatusReport {
  state: ProgramState;
  /** Record id; absent for the root record (the program itself). */
  id?: string;
  /** Only with 'blocked': what it waits for. */
  kind?: 'permission' | 'question' | 'auth';
  progress?: number;
  app?: string;
  title?: string;
  msg?: string;
}

export type OscEvent =
  | { kind: 'notify'; code: 9 | 777 | 99; title?: string; body: string }
  | { kind: 'progress'; state: number; percent?: number }
  | { kind: 'program-status'; report: ProgramStatusReport }
  | { kind: 'program-status-query' };

/** Longest OSC body kept (OSC 7501's own limit); longer sequences of interest are dropped whole. */
export const MAX_OSC_BYTES = 4096;
/** Kitty notifications still being assembled from chunks (d=0), at most. */
const MAX_PENDING_KITTY = 16;

const INTERESTING_CODES = new Set(['9', '777', '99', '7501']);
/** C0 and C1 control characters (and DEL): never part of text shown to people. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HAS_CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;
const ESC = '\x1b';
const BEL = '\x07';

type Mode = 'ground' | 'esc' | 'osc' | 'osc-esc' | 'skip' | 'skip-esc';

export class OscScanner {
  #mode: Mode = 'ground';
  #buffer = '';
  /** Set once the OSC number has been read (the first ';' or the end). */
  #code: string | null = null;
  readonly #kitty = new Map<string, { title: string; body: string }>();

  /** Scans the next chunk of output and returns the complete sequences of interest it ends, in order. */
  push(chunk: string): OscEvent[] {
    const events: OscEvent[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.#mode === 'ground') {
        const next = chunk.indexOf(ESC, i);
        if (next < 0) return events;
        this.#mode = 'esc';
        i = next + 1;
        continue;
      }
      const ch = chunk[i] as string;
      i++;
      switch (this.#mode) {
        case 'esc':
          if (ch === ']') this.#startOsc();
          else if (ch !== ESC) this.#mode = 'ground';
          break;
        case 'osc':
        case 'skip':
          this.#inString(ch, events);
          break;
        case 'osc-esc':
        case 'skip-esc':
          if (ch === '\\') {
            if (this.#mode === 'osc-esc') this.#finish(events);
            this.#mode = 'ground';
          } else {
            // ESC not followed by '\' aborts the string and begins a new escape sequence.
            this.#mode = 'esc';
            i--;
          }
          break;
      }
    }
    return events;
  }

  /** Forgets any half-read sequence (e.g. after the terminal was reset). */
  reset(): void {
    this.#mode = 'ground';
    this.#buffer = '';
    this.#code = null;
    this.#kitty.clear();
  }

  #startOsc(): void {
    this.#mode = 'osc';
    this.#buffer = '';
    this.#code = null;
  }

  #inString(ch: string, events: OscEvent[]): void {
    const skipping = this.#mode === 'skip';
    if (ch === BEL) {
      if (!skipping) this.#finish(events);
      this.#mode = 'ground';
      return;
    }
    if (ch === ESC) {
      this.#mode = skipping ? 'skip-esc' : 'osc-esc';
      return;
    }
    if (ch === '\x18' || ch === '\x1a') {
      this.#mode = 'ground';
      return;
    }
    if (skipping) return;
    this.#buffer += ch;
    if (this.#code === null) {
      if (ch === ';') {
        this.#code = this.#buffer.slice(0, -1);
        if (!INTERESTING_CODES.has(this.#code)) this.#mode = 'skip';
      } else if (this.#buffer.length > 6) {
        this.#mode = 'skip'; // no OSC number we care about is that long
      }
    }
    if (this.#buffer.length > MAX_OSC_BYTES) this.#mode = 'skip';
  }

  #finish(events: OscEvent[]): void {
    const body = this.#buffer;
    this.#buffer = '';
    const semi = body.indexOf(';');
    if (semi < 0) return;
    const code = body.slice(0, semi);
    const rest = body.slice(semi + 1);
    let event: OscEvent | null = null;
    if (code === '9') event = parseOsc9(rest);
    else if (code === '777') event = parseOsc777(rest);
    else if (code === '99') event = this.#parseOsc99(rest);
    else if (code === '7501') event = parseOsc7501(rest);
    if (event) events.push(event);
  }

  #parseOsc99(rest: string): OscEvent | null {
    const semi = rest.indexOf(';');
    if (semi < 0) return null;
    const meta = parseKittyMetadata(rest.slice(0, semi));
    if (meta.p === '?' || meta.p === 'close' || meta.p === 'alive') return null; // queries, not notifications
    let payload = rest.slice(semi + 1);
    if (meta.e === '1') {
      const decoded = decodeBase64Utf8(payload);
      if (decoded === null) return null;
      payload = decoded;
    }
    const id = meta.i ?? '';
    const pending = this.#kitty.get(id) ?? { title: '', body: '' };
    if ((meta.p ?? 'title') === 'title') pending.title += payload;
    else if (meta.p === 'body') pending.body += payload;
    if (meta.d === '0') {
      if (!this.#kitty.has(id) && this.#kitty.size >= MAX_PENDING_KITTY) this.#kitty.clear();
      this.#kitty.set(id, pending);
      return null;
    }
    this.#kitty.delete(id);
    const title = sanitizeText(pending.title);
    const text = sanitizeText(pending.body);
    if (!title && !text) return null;
    return text ? { kind: 'notify', code: 99, title: title || undefined, body: text } : { kind: 'notify', code: 99, body: title };
  }
}

function parseOsc9(rest: string): OscEvent | null {
  const progress = /^4;(\d*)(?:;(\d*))?;?$/.exec(rest);
  if (progress) {
    const state = progress[1] ? Number(progress[1]) : 0;
    const percent = progress[2] ? Number(progress[2]) : undefined;
    return percent === undefined ? { kind: 'progress', state } : { kind: 'progress', state, percent };
  }
  // Other ConEmu commands (9;1 sleep, 9;2 message box, 9;3 tab title, 9;9 cwd, …) are numbered too.
  if (/^\d{1,2}(;|$)/.test(rest)) return null;
  const body = sanitizeText(rest);
  return body ? { kind: 'notify', code: 9, body } : null;
}

function parseOsc777(rest: string): OscEvent | null {
  const parts = rest.split(';');
  if (parts[0] !== 'notify' || parts.length < 2) return null; // other 777 subcommands (preexec, precmd, …)
  const title = sanitizeText(parts[1] ?? '');
  const body = sanitizeText(parts.slice(2).join(';'));
  if (!title && !body) return null;
  return body ? { kind: 'notify', code: 777, title: title || undefined, body } : { kind: 'notify', code: 777, body: title };
}

const PROGRAM_STATES = new Set<ProgramState>(['idle', 'working', 'done', 'blocked', 'error', 'clear']);
const BLOCKED_KINDS = new Set(['permission', 'question', 'auth']);

/** Parses the body of an OSC 7501 report as the spec says: bad pairs skipped, bad text discards the whole report. */
export function parseOsc7501(rest: string): OscEvent | null {
  if (rest === '?') return { kind: 'program-status-query' };
  const pairs = new Map<string, string>();
  for (const pair of rest.split(':')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!/^[a-z]{1,16}$/.test(key) || !/^[A-Za-z0-9_.,+/=-]*$/.test(value)) continue;
    pairs.set(key, value); // the last duplicate wins
  }
  const state = pairs.get('state') as ProgramState | undefined;
  if (!state || !PROGRAM_STATES.has(state)) return null;
  const report: ProgramStatusReport = { state };
  const id = pairs.get('id');
  if (id !== undefined) {
    if (!/^[A-Za-z0-9_.+-]{1,32}(\/[A-Za-z0-9_.+-]{1,32}){0,7}$/.test(id) || id.length > 128) return null;
    report.id = id;
  }
  const kind = pairs.get('kind');
  if (state === 'blocked' && kind && BLOCKED_KINDS.has(kind)) report.kind = kind as ProgramStatusReport['kind'];
  const progress = pairs.get('progress');
  if (progress && /^\d{1,3}$/.test(progress) && Number(progress) <= 100 && (state === 'working' || state === 'blocked')) {
    report.progress = Number(progress);
  }
  const app = pairs.get('app');
  if (app && /^[A-Za-z0-9_.+-]{1,32}$/.test(app)) report.app = app;
  for (const key of ['title', 'msg'] as const) {
    const encoded = pairs.get(key);
    if (encoded === undefined || encoded === '') continue;
    const decoded = decodeBase64Utf8(encoded);
    // Invalid base64 or a control character in the decoded text discards the whole report.
    if (decoded === null || HAS_CONTROL_CHAR.test(decoded)) return null;
    report[key] = decoded;
  }
  return { kind: 'program-status', report };
}

function parseKittyMetadata(meta: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of meta.split(':')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

function decodeBase64Utf8(text: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? null : decoded;
}

/** Notification text is untrusted: control characters become spaces, runs of blanks collapse, 500 chars at most. */
function sanitizeText(text: string): string {
  return text
    .replace(CONTROL_CHARS, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

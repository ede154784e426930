// Renders one turn of the built-in agent readably into the run's terminal: the prompt, the model's text as it
// streams, each tool call with its arguments summarized, a command's live output, results truncated, and a footer
// with tokens and time. Output is xterm text: CRLF line ends, SGR colours, and nothing else from the model or a
// command gets through as a control sequence (no OSC clipboard writes, no screen clears).
import { RenderLimits } from './loop-constants';
import type { AgentTurnResult, TerminalSink, ToolCall, ToolOutcome } from './loop-types';

const SGR = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
} as const;

/** A complete CSI sequence that only sets colours/attributes (SGR): kept in command output. */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const SGR_SEQUENCE = /^\x1b\[[0-9;:]*m/;
/** Any complete escape sequence: CSI, OSC/DCS/APC/PM/SOS strings (BEL or ST terminated), or a two-byte ESC x. */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANY_SEQUENCE = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|[ -~])/;
/** An escape sequence cut off at the end of a chunk: held back until the next chunk completes it. */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const PARTIAL_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*|[\]PX^_][^\x07\x1b]*)?$/;

export class TurnRenderer {
  private atLineStart = true;
  private readonly shownChars = new Map<string, number>();
  private readonly carry = new Map<string, string>();

  constructor(private readonly sink: TerminalSink) {}

  userPrompt(text: string): void {
    this.newBlock();
    this.emit(`${SGR.bold}${SGR.cyan}› ${SGR.reset}${SGR.bold}${clean(text, false)}${SGR.reset}\n\n`);
  }

  assistantDelta(text: string): void {
    this.emit(clean(text, false));
  }

  toolCall(call: ToolCall): void {
    this.newBlock();
    this.emit(`${SGR.yellow}● ${call.name}${SGR.reset} ${SGR.dim}${clean(summarizeArguments(call), false)}${SGR.reset}\n`);
  }

  /** A command's live output, capped per call at RenderLimits.commandOutputChars. */
  toolOutput(callId: string, text: string): void {
    const shown = this.shownChars.get(callId) ?? 0;
    if (shown >= RenderLimits.commandOutputChars) return;
    const joined = (this.carry.get(callId) ?? '') + text;
    const partial = PARTIAL_SEQUENCE.exec(joined);
    const complete = partial ? joined.slice(0, partial.index) : joined;
    this.carry.set(callId, partial ? partial[0] : '');
    const room = RenderLimits.commandOutputChars - shown;
    const piece = clean(complete, true).slice(0, room);
    this.shownChars.set(callId, shown + piece.length);
    this.emit(piece);
    if (shown + piece.length >= RenderLimits.commandOutputChars) {
      this.newBlock();
      this.emit(`${SGR.dim}[… further output of this command is not shown here …]${SGR.reset}\n`);
    }
  }

  toolResult(call: ToolCall, outcome: ToolOutcome): void {
    this.carry.delete(call.callId);
    this.shownChars.delete(call.callId);
    this.newBlock();
    const mark = outcome.isError ? `${SGR.red}✗` : `${SGR.green}✓`;
    const preview = outcome.summary ?? previewOf(outcome.output);
    const [first = '', ...rest] = preview.split('\n');
    this.emit(`${mark} ${clean(first, false)}${SGR.reset}\n`);
    if (rest.length > 0) this.emit(`${SGR.dim}${clean(rest.join('\n'), false)}${SGR.reset}\n`);
  }

  error(reason: string): void {
    this.newBlock();
    this.emit(`${SGR.bold}${SGR.red}✗ ${clean(reason, false)}${SGR.reset}\n`);
  }

  turnEnd(result: AgentTurnResult): void {
    this.newBlock();
    const tokens = `${result.usage.inputTokens.toLocaleString('en-US')} in / ${result.usage.outputTokens.toLocaleString('en-US')} out tokens${result.usageComplete ? '' : ' (some not reported)'}`;
    const status = result.status === 'completed' ? '' : ` · ${result.status}`;
    const steps = `${result.steps} step${result.steps === 1 ? '' : 's'}`;
    this.emit(`${SGR.dim}── ${tokens} · ${(result.elapsedMs / 1000).toFixed(1)} s · ${steps}${status}${SGR.reset}\n\n`);
  }

  /** Starts the next block on a fresh line, whatever the model or a command printed last. */
  private newBlock(): void {
    if (!this.atLineStart) this.emit('\n');
  }

  private emit(text: string): void {
    if (text === '') return;
    this.atLineStart = text.endsWith('\n');
    this.sink.write(text.replace(/\r?\n/g, '\r\n'));
  }
}

/**
 * Text safe to show: tabs, line feeds (and, in command output, carriage returns for progress lines and SGR
 * colours) pass; every other control character and escape sequence is dropped.
 */
export function clean(text: string, commandOutput: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\x1b') {
      const rest = text.slice(i, i + 512);
      const sgr = commandOutput ? SGR_SEQUENCE.exec(rest) : null;
      if (sgr) out += sgr[0];
      const any = sgr ?? ANY_SEQUENCE.exec(rest);
      i += any ? any[0].length : 1;
      continue;
    }
    const code = ch.charCodeAt(0);
    const allowed = ch === '\n' || ch === '\t' || (commandOutput && ch === '\r');
    if ((code < 0x20 && !allowed) || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function previewOf(output: string): string {
  const lines = output.split('\n');
  let text = lines.slice(0, RenderLimits.resultPreviewLines).join('\n');
  const more = lines.length > RenderLimits.resultPreviewLines;
  if (text.length > RenderLimits.resultPreviewChars) text = `${text.slice(0, RenderLimits.resultPreviewChars)}…`;
  return more ? `${text}\n… (${lines.length - RenderLimits.resultPreviewLines} more lines)` : text;
}

/** One line describing a tool call's arguments, per tool; unknown tools get their JSON, clipped. */
export function summarizeArguments(call: ToolCall): string {
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(call.arguments || '{}');
    args = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return clip(call.arguments);
  }
  const str = (key: string): string => (typeof args[key] === 'string' ? (args[key] as string) : '');
  switch (call.name) {
    case 'run_command': {
      const argv = Array.isArray(args.argv) ? args.argv.map(String) : null;
      return clip(`$ ${argv ? argv.map(quoteWord).join(' ') : str('command')}`);
    }
    case 'read_file':
    case 'list_files':
      return clip(str('path') || '.');
    case 'write_file': {
      const content = str('content');
      return clip(`${str('path')} (${content.split('\n').length} lines, ${Buffer.byteLength(content)} bytes)`);
    }
    case 'apply_patch':
      return clip(summarizePatch(str('patch')));
    case 'search_files':
      return clip(`${JSON.stringify(str('pattern'))} in ${str('path') || '.'}`);
    default:
      return clip(JSON.stringify(args));
  }
}

function summarizePatch(patch: string): string {
  const files = new Set<string>();
  let added = 0;
  let removed = 0;
  for (const line of patch.split('\n')) {
    const target = /^\+\+\+ (?:b\/)?(.+)$/.exec(line);
    if (target?.[1] && target[1] !== '/dev/null') files.add(target[1].trim());
    else if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return `${[...files].join(', ') || '(no files)'} +${added} −${removed}`;
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function clip(text: string): string {
  const one = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return one.length > RenderLimits.argumentsPreviewChars ? `${one.slice(0, RenderLimits.argumentsPreviewChars)}…` : one;
}

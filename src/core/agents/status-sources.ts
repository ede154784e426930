// Turns the raw signals an agent CLI gives about itself into status signals for its run: hook payloads (Claude
// Code, Qwen Code, Gemini CLI, Copilot CLI, our OpenCode plugin), Codex `notify` payloads, terminal sequences
// (see osc-scanner) and, as a last resort, silence. Each signal says which kind of source produced it, so the
// status machine can rank them; the quiet-output heuristic is the only source whose signals are guesses.
// Pure parsing except QuietOutputDetector, which owns one timer.
import { CONTROL_CHARS, type OscEvent } from './osc-scanner';

export type SignalState = 'working' | 'needs-input' | 'done' | 'idle-guess';
/** Best first: an agent's own hooks and notify program, then terminal sequences, then the heuristic. */
export type SignalSource = 'hook' | 'notify' | 'osc' | 'heuristic';

export interface StatusSignal {
  state: SignalState;
  source: SignalSource;
  /** One line for people (the notification text, the tool waiting for permission, …); untrusted text. */
  detail?: string;
  /** Set on every heuristic signal: nothing the agent said backs it. */
  guess?: true;
}

const MAX_DETAIL_CHARS = 300;

// ---------------------------------------------------------------------------------------------------------------
// Hooks. The JSON a hook command receives on stdin, per CLI (fixtures in status-sources.test.ts were captured
// from real runs here: Claude Code 2.1.329, Gemini CLI 0.61.0, Qwen Code 0.24.4):
// - Claude Code (code.claude.com/docs/en/hooks): {session_id, transcript_path, cwd, hook_event_name, …}; Stop adds
//   stop_hook_active and last_assistant_message; Notification adds message and notification_type
//   (permission_prompt | idle_prompt | elicitation_dialog | auth_success | …); PermissionRequest adds tool_name.
// - Qwen Code (QwenLM/qwen-code docs/users/features/hooks.md): Claude's event names and fields, plus timestamp.
// - Gemini CLI (google-gemini/gemini-cli docs/hooks/reference.md): BeforeAgent, AfterAgent, BeforeTool, AfterTool,
//   BeforeModel, Notification (notification_type "ToolPermission"), SessionStart/End; same base fields.
// - Copilot CLI (docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference): camelCase events
//   (userPromptSubmitted, preToolUse, postToolUse, agentStop, notification, permissionRequest, …) with camelCase
//   fields (sessionId, timestamp, cwd) and no event name in the payload, so the event comes from our argv.
// - OpenCode: our plugin (cli-catalog) forwards bus events {type, properties}: session.status, session.idle,
//   session.error, permission.asked / permission.updated, question.asked.
// ---------------------------------------------------------------------------------------------------------------

const WORKING_EVENTS = new Set([
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PreCompact',
  'SubagentStart',
  'BeforeAgent',
  'BeforeTool',
  'AfterTool',
  'BeforeModel',
  'BeforeToolSelection',
  'userPromptSubmitted',
  'preToolUse',
  'postToolUse',
  'subagentStart',
]);
const DONE_EVENTS = new Set(['Stop', 'AfterAgent', 'agentStop']);
const PERMISSION_EVENTS = new Set(['PermissionRequest', 'permissionRequest']);
const NOTIFICATION_EVENTS = new Set(['Notification', 'notification']);
/** notification_type values that mean the agent is blocked on the user. */
const NEEDS_INPUT_NOTIFICATIONS = new Set(['permission_prompt', 'elicitation_dialog', 'agent_needs_input', 'ToolPermission']);
/** "Waiting for your next message" (Claude after 60 s at its prompt; Qwen after a failed turn): the turn is over. */
const IDLE_NOTIFICATIONS = new Set(['idle_prompt']);

/**
 * The status a hook call reports, or null when the event says nothing about it (SessionStart, SubagentStop,
 * auth_success, …). `event` is the event name our hook command was registered for; the payload's
 * hook_event_name, when present, wins.
 */
export function hookPayloadToSignal(event: string | undefined, payload: unknown): StatusSignal | null {
  const record = asRecord(payload);
  const name = stringField(record, 'hook_event_name') ?? event ?? stringField(record, 'type');
  if (!name) return null;
  if (name.startsWith('session.') || name.endsWith('.asked') || name.endsWith('.updated')) return openCodeEventToSignal(name, record);
  if (WORKING_EVENTS.has(name)) return { state: 'working', source: 'hook' };
  if (DONE_EVENTS.has(name)) return withDetail({ state: 'done', source: 'hook' }, stringField(record, 'last_assistant_message'));
  if (PERMISSION_EVENTS.has(name)) {
    const tool = stringField(record, 'tool_name') ?? stringField(record, 'toolName');
    return withDetail({ state: 'needs-input', source: 'hook' }, tool ? `Permission requested: ${tool}` : 'Permission requested');
  }
  if (NOTIFICATION_EVENTS.has(name)) {
    const type = stringField(record, 'notification_type') ?? stringField(record, 'notificationType');
    const message = stringField(record, 'message');
    if (type && NEEDS_INPUT_NOTIFICATIONS.has(type)) return withDetail({ state: 'needs-input', source: 'hook' }, message);
    if (type && IDLE_NOTIFICATIONS.has(type)) return withDetail({ state: 'done', source: 'hook' }, message);
    return null;
  }
  return null;
}

function openCodeEventToSignal(type: string, record: Record<string, unknown> | null): StatusSignal | null {
  const properties = asRecord(record?.properties);
  switch (type) {
    case 'session.status': {
      const status = stringField(asRecord(properties?.status), 'type');
      if (status === 'busy' || status === 'retry') return { state: 'working', source: 'hook' };
      if (status === 'idle') return { state: 'done', source: 'hook' };
      return null;
    }
    case 'session.idle':
      return { state: 'done', source: 'hook' };
    case 'session.error':
      return withDetail({ state: 'needs-input', source: 'hook' }, errorText(properties?.error) ?? 'The session stopped with an error');
    case 'permission.asked':
    case 'permission.updated':
      return withDetail({ state: 'needs-input', source: 'hook' }, stringField(properties, 'title') ?? 'Permission requested');
    case 'question.asked':
      return { state: 'needs-input', source: 'hook', detail: 'A question is waiting for you' };
    default:
      return null;
  }
}

/** The agent's own session id in a hook payload, for resuming it later. */
export function hookSessionId(payload: unknown): string | undefined {
  const record = asRecord(payload);
  return (
    stringField(record, 'session_id') ??
    stringField(record, 'sessionId') ??
    stringField(asRecord(record?.properties), 'sessionID') ??
    stringField(asRecord(asRecord(record?.properties)?.info), 'id')
  );
}

/**
 * Lets through the events of one agent session: the first session id seen becomes the run's session, later
 * events from other sessions (subagents, side threads) are dropped. Events without an id pass.
 */
export class PrimarySessionGate {
  #primary: string | undefined;
  accept(sessionId: string | undefined): boolean {
    if (sessionId === undefined) return true;
    this.#primary ??= sessionId;
    return sessionId === this.#primary;
  }
  get sessionId(): string | undefined {
    return this.#primary;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Codex `notify` (openai/codex docs/config.md "notify"): Codex runs the configured program with one extra argv
// entry, a JSON object. Seen live from codex-cli 0.169.0:
// {"type":"agent-turn-complete","thread-id":"…","turn-id":"…","cwd":"/tmp/cx/wt","client":"codex-tui",
//  "input-messages":["hello \"world\""],"last-assistant-message":"All done."}
// The TUI also runs a side thread that names the task; its completion arrives as a second agent-turn-complete
// with another thread-id and a single input message "Generate a concise, single-line task title …", possibly
// before the real turn ends. CodexThreadGate keeps to the thread the user's prompt went to.
// ---------------------------------------------------------------------------------------------------------------

export interface CodexNotification {
  type: string;
  threadId?: string;
  turnId?: string;
  cwd?: string;
  inputMessages: string[];
  lastAssistantMessage?: string;
}

/** Parses a notify payload (the JSON text, or the object it decodes to); null when it is not one. */
export function parseCodexNotify(payload: unknown): CodexNotification | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  const record = asRecord(value);
  const type = stringField(record, 'type');
  if (!record || !type) return null;
  const messages = Array.isArray(record['input-messages']) ? record['input-messages'].filter((m): m is string => typeof m === 'string') : [];
  return {
    type,
    threadId: stringField(record, 'thread-id'),
    turnId: stringField(record, 'turn-id'),
    cwd: stringField(record, 'cwd'),
    inputMessages: messages,
    lastAssistantMessage: stringField(record, 'last-assistant-message'),
  };
}

/** agent-turn-complete → done; other (future) notification types say nothing we know how to read. */
export function codexNotifyToSignal(notification: CodexNotification): StatusSignal | null {
  if (notification.type !== 'agent-turn-complete') return null;
  return withDetail({ state: 'done', source: 'notify' }, notification.lastAssistantMessage);
}

const CODEX_TITLE_THREAD = /^Generate a concise, single-line task title/;

/**
 * Decides which Codex threads speak for the run: the thread whose input messages contain the prompt we started
 * it with; until that is known, anything but the title-naming side thread; once known, only that thread.
 */
export class CodexThreadGate {
  #primary: string | undefined;
  constructor(private readonly initialPrompt?: string) {}

  accept(notification: CodexNotification): boolean {
    const thread = notification.threadId;
    if (thread === undefined) return true;
    if (this.#primary !== undefined) return thread === this.#primary;
    if (this.initialPrompt && notification.inputMessages.includes(this.initialPrompt)) {
      this.#primary = thread;
      return true;
    }
    const [first] = notification.inputMessages;
    if (notification.inputMessages.length === 1 && first !== undefined && CODEX_TITLE_THREAD.test(first)) return false;
    if (!this.initialPrompt) this.#primary = thread;
    return true;
  }

  /** The thread id to pass to `codex resume`, once known. */
  get threadId(): string | undefined {
    return this.#primary;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Terminal sequences (osc-scanner). Program status (OSC 7501) is the CLI's own structured report and, once a run
// has sent one, its plain notifications are ignored. Without it, a notification means "look at me".
// ---------------------------------------------------------------------------------------------------------------

export type NotificationClassifier = (n: { code: 9 | 777 | 99; title?: string; body: string }) => SignalState | null;

/** Gemini CLI's notification titles (terminalNotifications.ts buildRunEventNotificationContent). */
export const geminiNotificationClassifier: NotificationClassifier = (n) => {
  const text = `${n.title ?? ''} | ${n.body}`;
  if (/session complete/i.test(text)) return 'done';
  if (/needs your attention|action required/i.test(text)) return 'needs-input';
  return 'needs-input';
};

/** Per run: turns scanned OSC events into signals, remembering whether the program reports its own status. */
export class OscStatusSource {
  #programStatusSeen = false;
  #workingSeen = false;
  constructor(private readonly classify: NotificationClassifier = () => 'needs-input') {}

  /** True once the program has sent an OSC 7501 report (so its status is in-band and structured). */
  get reportsProgramStatus(): boolean {
    return this.#programStatusSeen;
  }

  signals(events: readonly OscEvent[]): StatusSignal[] {
    const out: StatusSignal[] = [];
    for (const event of events) {
      const signal = this.#signal(event);
      if (signal) out.push(signal);
    }
    return out;
  }

  #signal(event: OscEvent): StatusSignal | null {
    switch (event.kind) {
      case 'program-status': {
        const { report } = event;
        if (report.id !== undefined) return null; // sub-records (a program's own subtasks) do not change the run
        this.#programStatusSeen = true;
        switch (report.state) {
          case 'working':
            this.#workingSeen = true;
            return withDetail({ state: 'working', source: 'osc' }, report.msg);
          case 'blocked':
            return withDetail({ state: 'needs-input', source: 'osc' }, report.msg ?? (report.kind ? `Waiting for ${report.kind}` : undefined));
          case 'done':
            return withDetail({ state: 'done', source: 'osc' }, report.msg);
          case 'error':
            return { state: 'needs-input', source: 'osc', detail: truncate(`Error: ${report.msg ?? 'the turn failed'}`) };
          case 'idle':
            // Codex reports idle before the first prompt is even submitted; only an idle after work means done.
            return this.#workingSeen ? withDetail({ state: 'done', source: 'osc' }, report.msg) : null;
          default:
            return null;
        }
      }
      case 'notify': {
        if (this.#programStatusSeen) return null;
        const state = this.classify(event);
        return state ? withDetail({ state, source: 'osc' }, event.title ? `${event.title}: ${event.body}` : event.body) : null;
      }
      case 'progress':
        if (this.#programStatusSeen) return null;
        return event.state === 1 || event.state === 3 ? { state: 'working', source: 'osc' } : null;
      default:
        return null;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Quiet output: the last resort for CLIs that report nothing structured.
// ---------------------------------------------------------------------------------------------------------------

export interface QuietOutputOptions {
  /** How long without output before guessing the agent waits. */
  quietMs: number;
  onSignal: (signal: StatusSignal) => void;
}

/**
 * Calls onSignal with idle-guess once output has been silent for quietMs, and with a working guess when output
 * comes back after such a guess. Call output() for every chunk and stop() when the run ends.
 */
export class QuietOutputDetector {
  #timer: NodeJS.Timeout | null = null;
  #guessedIdle = false;
  #stopped = false;

  constructor(private readonly options: QuietOutputOptions) {
    this.#arm();
  }

  output(): void {
    if (this.#stopped) return;
    if (this.#guessedIdle) {
      this.#guessedIdle = false;
      this.options.onSignal({ state: 'working', source: 'heuristic', guess: true, detail: 'Output resumed' });
    }
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped || this.#guessedIdle) return;
      this.#guessedIdle = true;
      const seconds = Math.round(this.options.quietMs / 1000);
      this.options.onSignal({ state: 'idle-guess', source: 'heuristic', guess: true, detail: `No output for ${seconds} s` });
    }, this.options.quietMs);
    this.#timer.unref?.();
  }
}

// ---------------------------------------------------------------------------------------------------------------

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function stringField(record: Record<string, unknown> | null | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function errorText(value: unknown): string | undefined {
  const record = asRecord(value);
  return stringField(asRecord(record?.data), 'message') ?? stringField(record, 'message') ?? stringField(record, 'name');
}

function withDetail(signal: StatusSignal, detail: string | undefined): StatusSignal {
  if (!detail) return signal;
  const text = truncate(detail.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim());
  return text ? { ...signal, detail: text } : signal;
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAUDE, CODEX_NOTIFY_TITLE_THREAD, CODEX_NOTIFY_TURN, COPILOT, GEMINI, OPENCODE, QWEN } from './hook-payload-fixtures';
import { OscScanner } from './osc-scanner';
import {
  CodexThreadGate,
  codexNotifyToSignal,
  geminiNotificationClassifier,
  hookPayloadToSignal,
  hookSessionId,
  OscStatusSource,
  parseCodexNotify,
  PrimarySessionGate,
  QuietOutputDetector,
  type StatusSignal,
} from './status-sources';

describe('hookPayloadToSignal', () => {
  it.each<[string, string | undefined, unknown, StatusSignal | null]>([
    ['Claude SessionStart says nothing', 'SessionStart', CLAUDE.SessionStart, null],
    ['Claude UserPromptSubmit', 'UserPromptSubmit', CLAUDE.UserPromptSubmit, { state: 'working', source: 'hook' }],
    ['Claude PreToolUse', 'PreToolUse', CLAUDE.PreToolUse, { state: 'working', source: 'hook' }],
    ['Claude Stop', 'Stop', CLAUDE.Stop, { state: 'done', source: 'hook', detail: 'All done.' }],
    ['Claude PermissionRequest', 'PermissionRequest', CLAUDE.PermissionRequest, { state: 'needs-input', source: 'hook', detail: 'Permission requested: Bash' }],
    [
      'Claude Notification permission_prompt',
      'Notification',
      CLAUDE.NotificationPermission,
      { state: 'needs-input', source: 'hook', detail: 'Claude needs your permission to use Bash' },
    ],
    ['Claude Notification idle_prompt: the turn is over', 'Notification', CLAUDE.NotificationIdle, { state: 'done', source: 'hook', detail: 'Claude is waiting for your input' }],
    ['Claude Notification auth_success says nothing', 'Notification', CLAUDE.NotificationAuth, null],
    ['Claude SubagentStop says nothing', 'SubagentStop', CLAUDE.SubagentStop, null],
    ['the payload event name wins over argv', 'Stop', CLAUDE.UserPromptSubmit, { state: 'working', source: 'hook' }],
    ['Gemini SessionStart', 'SessionStart', GEMINI.SessionStart, null],
    ['Gemini BeforeAgent', 'BeforeAgent', GEMINI.BeforeAgent, { state: 'working', source: 'hook' }],
    ['Gemini AfterAgent', 'AfterAgent', GEMINI.AfterAgent, { state: 'done', source: 'hook' }],
    ['Gemini ToolPermission', 'Notification', GEMINI.Notification, { state: 'needs-input', source: 'hook', detail: 'Run shell command: npm test' }],
    ['Qwen UserPromptSubmit', 'UserPromptSubmit', QWEN.UserPromptSubmit, { state: 'working', source: 'hook' }],
    ['Qwen idle after a failed turn', 'Notification', QWEN.NotificationIdle, { state: 'done', source: 'hook', detail: 'Qwen Code is waiting for your input' }],
    ['Copilot agentStop (event from argv)', 'agentStop', COPILOT.agentStop, { state: 'done', source: 'hook' }],
    ['Copilot userPromptSubmitted', 'userPromptSubmitted', COPILOT.userPromptSubmitted, { state: 'working', source: 'hook' }],
    ['OpenCode busy', 'session.status', OPENCODE.busy, { state: 'working', source: 'hook' }],
    ['OpenCode idle', 'session.idle', OPENCODE.idle, { state: 'done', source: 'hook' }],
    ['OpenCode permission', 'permission.asked', OPENCODE.permission, { state: 'needs-input', source: 'hook', detail: 'Run npm install?' }],
    ['a truncated payload still has its argv event', 'Stop', null, { state: 'done', source: 'hook' }],
    ['no event at all', undefined, {}, null],
    ['an unknown event', 'SomethingNew', { hook_event_name: 'SomethingNew' }, null],
  ])('%s', (_name, event, payload, expected) => {
    expect(hookPayloadToSignal(event, payload)).toEqual(expected);
  });

  it('cleans and shortens the detail text', () => {
    const long = { ...CLAUDE.Stop, last_assistant_message: `line one\nline\ttwo ${'x'.repeat(1000)}` };
    const detail = hookPayloadToSignal('Stop', long)?.detail ?? '';
    expect(detail.startsWith('line one line two')).toBe(true);
    expect(detail.length).toBeLessThanOrEqual(300);
  });

  it('finds the session id in every payload shape', () => {
    expect(hookSessionId(CLAUDE.Stop)).toBe('11111111-2222-4333-8444-555555555555');
    expect(hookSessionId(GEMINI.BeforeAgent)).toBe('f5866650-e6e4-44f8-8414-1c4d813e4462');
    expect(hookSessionId(COPILOT.agentStop)).toBe('01HW2X3Y4Z5');
    expect(hookSessionId(OPENCODE.idle)).toBe('ses_main');
    expect(hookSessionId('nope')).toBeUndefined();
  });
});

describe('PrimarySessionGate', () => {
  it('keeps to the first session and lets id-less events through', () => {
    const gate = new PrimarySessionGate();
    expect(gate.accept('ses_main')).toBe(true);
    expect(gate.accept('ses_child')).toBe(false);
    expect(gate.accept(undefined)).toBe(true);
    expect(gate.accept('ses_main')).toBe(true);
    expect(gate.sessionId).toBe('ses_main');
  });
});

describe('Codex notify', () => {
  it('parses the payload codex-cli 0.169 passes and reads agent-turn-complete as done', () => {
    const n = parseCodexNotify(CODEX_NOTIFY_TURN);
    expect(n).toEqual({
      type: 'agent-turn-complete',
      threadId: '01a1fd63-437d-7080-8b88-1aa574550a1b',
      turnId: '01a1fd63-43ba-7c73-ac9b-9c3b5a35449f',
      cwd: '/tmp/cx/wt',
      inputMessages: ['hello "world"'],
      lastAssistantMessage: 'All done.',
    });
    expect(codexNotifyToSignal(n!)).toEqual({ state: 'done', source: 'notify', detail: 'All done.' });
  });

  it.each([['not json'], ['[]'], ['{}'], [42]])('rejects %j', (payload) => {
    expect(parseCodexNotify(payload)).toBeNull();
  });

  it('ignores notification types it does not know', () => {
    expect(codexNotifyToSignal({ type: 'approval-requested', inputMessages: [] })).toBeNull();
  });

  it('drops the title-naming side thread even when it finishes first, then keeps to the prompt thread', () => {
    const gate = new CodexThreadGate('hello "world"');
    const title = parseCodexNotify(CODEX_NOTIFY_TITLE_THREAD)!;
    const turn = parseCodexNotify(CODEX_NOTIFY_TURN)!;
    expect(gate.accept(title)).toBe(false);
    expect(gate.accept(turn)).toBe(true);
    expect(gate.threadId).toBe('01a1fd63-437d-7080-8b88-1aa574550a1b');
    expect(gate.accept({ ...turn, threadId: 'other', inputMessages: ['follow-up'] })).toBe(false);
    expect(gate.accept({ ...turn, inputMessages: ['follow-up typed in the terminal'] })).toBe(true);
  });

  it('without a known prompt (a resumed run) locks onto the first thread that is not the title thread', () => {
    const gate = new CodexThreadGate();
    expect(gate.accept(parseCodexNotify(CODEX_NOTIFY_TITLE_THREAD)!)).toBe(false);
    expect(gate.accept(parseCodexNotify(CODEX_NOTIFY_TURN)!)).toBe(true);
    expect(gate.threadId).toBe('01a1fd63-437d-7080-8b88-1aa574550a1b');
  });
});

describe('OscStatusSource', () => {
  const ESC = '\x1b';
  const scan = (...chunks: string[]) => {
    const scanner = new OscScanner();
    return chunks.flatMap((c) => scanner.push(c));
  };

  it('follows Codex program status: idle before work is ignored, later idle means done', () => {
    const source = new OscStatusSource();
    const events = scan(`${ESC}]7501;state=idle:app=codex${ESC}\\`, `${ESC}]7501;state=working:app=codex${ESC}\\`, `${ESC}]7501;state=idle:app=codex${ESC}\\`);
    expect(source.signals(events)).toEqual([
      { state: 'working', source: 'osc' },
      { state: 'done', source: 'osc' },
    ]);
    expect(source.reportsProgramStatus).toBe(true);
  });

  it('maps blocked and error to needs-input and ignores sub-records', () => {
    const source = new OscStatusSource();
    const events = scan(
      `${ESC}]7501;state=blocked:kind=permission${ESC}\\`,
      `${ESC}]7501;state=error:msg=${Buffer.from('rate limited').toString('base64')}${ESC}\\`,
      `${ESC}]7501;state=done:id=sub/task${ESC}\\`,
    );
    expect(source.signals(events)).toEqual([
      { state: 'needs-input', source: 'osc', detail: 'Waiting for permission' },
      { state: 'needs-input', source: 'osc', detail: 'Error: rate limited' },
    ]);
  });

  it('reads a plain notification as needs-input, and ignores notifications once program status is seen', () => {
    const source = new OscStatusSource();
    expect(source.signals(scan(`${ESC}]9;Approve rm -rf?\x07`))).toEqual([{ state: 'needs-input', source: 'osc', detail: 'Approve rm -rf?' }]);
    source.signals(scan(`${ESC}]7501;state=working${ESC}\\`));
    expect(source.signals(scan(`${ESC}]9;All done.\x07`, `${ESC}]9;4;3;\x07`))).toEqual([]);
  });

  it("reads Gemini CLI's notification titles", () => {
    const source = new OscStatusSource(geminiNotificationClassifier);
    const events = scan(
      `${ESC}]9;Gemini CLI session complete | Run finished | The session finished successfully.\x07`,
      `${ESC}]777;notify;Gemini CLI needs your attention;Action required | Open Gemini CLI to continue.\x07`,
    );
    expect(source.signals(events).map((s) => s.state)).toEqual(['done', 'needs-input']);
  });

  it('treats terminal progress (OSC 9;4) as working only while it is shown', () => {
    const source = new OscStatusSource();
    expect(source.signals(scan(`${ESC}]9;4;3;\x07`, `${ESC}]9;4;0;\x07`))).toEqual([{ state: 'working', source: 'osc' }]);
  });
});

describe('QuietOutputDetector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('guesses idle after the quiet period, once, and working when output comes back', () => {
    const signals: StatusSignal[] = [];
    const detector = new QuietOutputDetector({ quietMs: 30_000, onSignal: (s) => signals.push(s) });
    vi.advanceTimersByTime(20_000);
    detector.output();
    vi.advanceTimersByTime(29_999);
    expect(signals).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(signals).toEqual([{ state: 'idle-guess', source: 'heuristic', guess: true, detail: 'No output for 30 s' }]);
    vi.advanceTimersByTime(120_000);
    expect(signals).toHaveLength(1);
    detector.output();
    detector.output();
    expect(signals[1]).toEqual({ state: 'working', source: 'heuristic', guess: true, detail: 'Output resumed' });
    expect(signals).toHaveLength(2);
    detector.stop();
    vi.advanceTimersByTime(60_000);
    expect(signals).toHaveLength(2);
  });
});

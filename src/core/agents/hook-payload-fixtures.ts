// Test data: hook and notify payloads as the real CLIs sent them (captured here from Claude Code 2.1.329,
// Gemini CLI 0.61.0, Qwen Code 0.24.4 and codex-cli 0.169.0 driven against loopback API stand-ins), plus the
// documented shapes for events we could not trigger (permission prompts, Copilot, OpenCode).
// Test-only: production code must not import this module.

const CLAUDE_BASE = {
  session_id: '11111111-2222-4333-8444-555555555555',
  transcript_path: '/home/ada/.claude/projects/-tmp-cx-wt/11111111-2222-4333-8444-555555555555.jsonl',
  cwd: '/tmp/cx/wt',
};

export const CLAUDE = {
  SessionStart: { ...CLAUDE_BASE, hook_event_name: 'SessionStart', source: 'startup', model: 'claude-opus-5-5' },
  UserPromptSubmit: {
    ...CLAUDE_BASE,
    prompt_id: '290939dc-1f08-4020-88f3-3080f858bc36',
    permission_mode: 'auto',
    hook_event_name: 'UserPromptSubmit',
    prompt: 'hello "world"',
  },
  Stop: {
    ...CLAUDE_BASE,
    prompt_id: '290939dc-1f08-4020-88f3-3080f858bc36',
    permission_mode: 'auto',
    effort: { level: 'medium' },
    hook_event_name: 'Stop',
    stop_hook_active: false,
    last_assistant_message: 'All done.',
    background_tasks: [],
    session_crons: [],
  },
  /** Documented shape (code.claude.com/docs/en/hooks). */
  PreToolUse: {
    ...CLAUDE_BASE,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'npm test', description: 'Run the tests' },
    tool_use_id: 'toolu_01ABC123',
  },
  PermissionRequest: {
    ...CLAUDE_BASE,
    permission_mode: 'default',
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command: 'rm -rf build' },
  },
  NotificationPermission: {
    ...CLAUDE_BASE,
    hook_event_name: 'Notification',
    message: 'Claude needs your permission to use Bash',
    notification_type: 'permission_prompt',
  },
  NotificationIdle: {
    ...CLAUDE_BASE,
    hook_event_name: 'Notification',
    message: 'Claude is waiting for your input',
    notification_type: 'idle_prompt',
  },
  NotificationAuth: { ...CLAUDE_BASE, hook_event_name: 'Notification', message: 'Signed in', notification_type: 'auth_success' },
  SubagentStop: { ...CLAUDE_BASE, hook_event_name: 'SubagentStop', stop_hook_active: false },
} as const;

const GEMINI_BASE = {
  session_id: 'f5866650-e6e4-44f8-8414-1c4d813e4462',
  transcript_path: '/home/ada/.gemini/tmp/wt/chats/session-2026-11-21T09-21-f5866650.jsonl',
  cwd: '/tmp/cx/wt',
};

export const GEMINI = {
  SessionStart: { ...GEMINI_BASE, hook_event_name: 'SessionStart', timestamp: '2026-11-21T09:21:10.368Z', source: 'startup' },
  BeforeAgent: { ...GEMINI_BASE, hook_event_name: 'BeforeAgent', timestamp: '2026-11-21T09:21:10.458Z', prompt: 'hello "world"' },
  /** Documented shape (docs/hooks/reference.md). */
  AfterAgent: { ...GEMINI_BASE, hook_event_name: 'AfterAgent', timestamp: '2026-11-21T09:22:00.000Z', prompt: 'hello', prompt_response: 'Done.', stop_hook_active: false },
  Notification: {
    ...GEMINI_BASE,
    hook_event_name: 'Notification',
    timestamp: '2026-11-21T09:22:00.000Z',
    notification_type: 'ToolPermission',
    message: 'Run shell command: npm test',
    details: { tool_name: 'run_shell_command' },
  },
} as const;

const QWEN_BASE = {
  session_id: '11111111-2222-4333-8444-555555555555',
  transcript_path: '/home/ada/.qwen/projects/-tmp-cx-wt/chats/11111111-2222-4333-8444-555555555555.jsonl',
  cwd: '/tmp/cx/wt',
};

export const QWEN = {
  UserPromptSubmit: {
    ...QWEN_BASE,
    hook_event_name: 'UserPromptSubmit',
    timestamp: '2026-11-21T09:21:29.376Z',
    permission_mode: 'yolo',
    prompt_id: '11111111-2222-4333-8444-555555555555########0',
    prompt: 'hello "world"',
    submitted_prompt: 'hello "world"',
  },
  NotificationIdle: {
    ...QWEN_BASE,
    hook_event_name: 'Notification',
    timestamp: '2026-11-21T09:21:29.985Z',
    permission_mode: 'yolo',
    prompt_id: '11111111-2222-4333-8444-555555555555########0',
    message: 'Qwen Code is waiting for your input',
    notification_type: 'idle_prompt',
    title: 'Waiting for input',
  },
} as const;

/** Copilot CLI camelCase payloads (docs.github.com cli-hooks-reference; github/docs PR #43876 for agentStop). */
export const COPILOT = {
  agentStop: { timestamp: 1704614750000, cwd: '/tmp/cx/wt', sessionId: '01HW2X3Y4Z5', transcriptPath: '/tmp/t.jsonl', stopReason: 'end_turn' },
  userPromptSubmitted: { timestamp: 1704614700000, cwd: '/tmp/cx/wt', sessionId: '01HW2X3Y4Z5', prompt: 'fix it' },
} as const;

/** What our OpenCode plugin forwards ({type, properties} of the bus event). */
export const OPENCODE = {
  busy: { type: 'session.status', properties: { sessionID: 'ses_main', status: { type: 'busy' } } },
  idle: { type: 'session.idle', properties: { sessionID: 'ses_main' } },
  childIdle: { type: 'session.idle', properties: { sessionID: 'ses_child' } },
  permission: { type: 'permission.asked', properties: { sessionID: 'ses_main', title: 'Run npm install?' } },
} as const;

/** Codex notify payloads, exactly as codex-cli 0.169.0 passed them (the second is its title-naming side thread). */
export const CODEX_NOTIFY_TURN =
  '{"type":"agent-turn-complete","thread-id":"01a1fd63-437d-7080-8b88-1aa574550a1b","turn-id":"01a1fd63-43ba-7c73-ac9b-9c3b5a35449f","cwd":"/tmp/cx/wt","client":"codex-tui","input-messages":["hello \\"world\\""],"last-assistant-message":"All done."}';
export const CODEX_NOTIFY_TITLE_THREAD = JSON.stringify({
  type: 'agent-turn-complete',
  'thread-id': '01a1fd63-4420-72d2-9722-3c7784a10a9a',
  'turn-id': '01a1fd63-444a-74c0-9d49-70a2015c53a8',
  cwd: '/tmp/cx/wt',
  client: 'codex-tui',
  'input-messages': [
    "Generate a concise, single-line task title of at most 36 characters and under five words where possible. Start with an imperative verb.\n\nUser prompt:\nhello \"world\"",
  ],
  'last-assistant-message': 'All done.',
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import {
  bracketedPaste,
  buildCliLaunch,
  CLAUDE_KEY_HELPER_ENV,
  CLI_CATALOG,
  CLI_IDS,
  cliDefinition,
  copilotUserHooksFile,
  type CliId,
  type CliLaunchOptions,
  openCodePluginSource,
} from './cli-catalog';
import { flagPrompt, positionalPrompt, shellQuote, tomlString } from './cli-launch-support';
import { splitCommandLine } from './command-line';

const WT = '/data/worktrees/repo/run-1';
const CFG = '/data/runs/run-1';
const HOOK = ['/usr/bin/node', '/data/switchyard-hook-relay.cjs', '/data/run/hooks-7.sock', 'run-1'];
const HOSTILE = `fix "the" bug's $(rm -rf ~) \`id\` $HOME; echo pwned | cat\nsecond line\tand tab — grüße 日本語 🚀 {prompt}`;

const launch = (id: CliId, options: Partial<CliLaunchOptions> = {}) =>
  buildCliLaunch(cliDefinition(id), { prompt: 'do it', worktreePath: WT, configDir: CFG, ...options });

describe('the catalog', () => {
  it('has one definition per supported CLI, each with an install hint, docs and a key variable', () => {
    expect(CLI_CATALOG.map((d) => d.id).sort()).toEqual([...CLI_IDS].sort());
    for (const def of CLI_CATALOG) {
      expect(def.installHint).toMatch(/\S/);
      expect(def.docsUrl).toMatch(/^https:\/\//);
      expect(def.apiKeyEnv.length).toBeGreaterThan(0);
      expect(def.statusSources).toContain('exit');
    }
  });

  it('refuses an unknown id', () => {
    expect(() => cliDefinition('vim' as CliId)).toThrow(AppError);
  });
});

describe('the prompt is always one argv entry', () => {
  it.each(CLI_IDS.filter((id) => id !== 'aider'))('%s', (id) => {
    const { args } = launch(id, { prompt: HOSTILE });
    expect(args.filter((a) => a.includes(HOSTILE))).toEqual([HOSTILE]);
  });

  it.each(CLI_IDS.filter((id) => id !== 'aider'))('%s: a prompt starting with "-" cannot become an option', (id) => {
    const { args } = launch(id, { prompt: '--dangerously-skip-permissions please' });
    const i = args.findIndex((a) => a.includes('--dangerously-skip-permissions please'));
    const entry = args[i] as string;
    expect(entry === '--dangerously-skip-permissions please' ? args[i - 1] : entry).toMatch(/^--($|[a-z-]+=--dangerously)/);
    expect(args.at(-1)).toContain('--dangerously-skip-permissions please');
  });

  it('Aider gets it typed as one bracketed paste', () => {
    const l = launch('aider', { prompt: 'line one\nline two' });
    expect(l.initialInput).toBe('\x1b[200~line one\nline two\x1b[201~\r');
    expect(l.args.join(' ')).not.toContain('line one');
    expect(bracketedPaste('a\x1b[201~b')).toBe('\x1b[200~ab\x1b[201~\r');
  });

  it('no prompt, no prompt arguments', () => {
    for (const id of CLI_IDS) expect(launch(id, { prompt: '' }).args.join('\u0000')).not.toMatch(/--prompt|--interactive\b|--prompt-interactive/);
  });

  it('helpers', () => {
    expect(positionalPrompt('-x')).toEqual(['--', '-x']);
    expect(flagPrompt('--prompt', '-x')).toEqual(['--prompt=-x']);
    expect(flagPrompt('--prompt', 'x')).toEqual(['--prompt', 'x']);
  });
});

describe('Codex CLI', () => {
  it('starts unattended in the worktree with notify, OSC notifications and no daemon', () => {
    const l = launch('codex', { prompt: 'fix it', hookCommand: HOOK });
    expect(l.file).toBe('codex');
    expect(l.args).toEqual([
      '--no-daemon',
      '-c',
      `projects={"${WT}"={trust_level="trusted"}}`,
      '--ask-for-approval',
      'never',
      '--sandbox',
      'workspace-write',
      '-c',
      `notify=["/usr/bin/node", "/data/switchyard-hook-relay.cjs", "/data/run/hooks-7.sock", "run-1", "codex", "argv"]`,
      '-c',
      'tui.notification_method="osc9"',
      '-c',
      'tui.notification_condition="always"',
      'fix it',
    ]);
    expect(l.env).toEqual({});
    expect(l.statusSources).toEqual(['notify', 'osc', 'exit', 'heuristic']);
    expect(l.notes.join(' ')).toMatch(/codex login/);
  });

  it('passes an API key through its own provider entry, never in argv', () => {
    const l = launch('codex', { apiKey: { value: 'sk-secret' }, baseUrl: 'http://127.0.0.1:11434/v1', model: 'gpt-x' });
    expect(l.env).toEqual({ OPENAI_API_KEY: 'sk-secret' });
    expect(l.args.join(' ')).not.toContain('sk-secret');
    expect(l.args).toContain('model_provider="switchyard"');
    expect(l.args).toContain(
      'model_providers.switchyard={name="OpenAI (Switchyard)", base_url="http://127.0.0.1:11434/v1", env_key="OPENAI_API_KEY", wire_api="responses"}',
    );
    expect(l.args.slice(-3)).toEqual(['--model', 'gpt-x', 'do it']);
  });

  it.each<[CliLaunchOptions['resume'], string[]]>([
    [true, ['--last', 'do it']],
    [{ sessionId: '01a1fd63-437d' }, ['01a1fd63-437d', 'do it']],
  ])('resumes %j', (resume, tail) => {
    const l = launch('codex', { resume });
    expect(l.args[0]).toBe('resume');
    expect(l.args.slice(-2)).toEqual(tail);
  });

  it('leaves approvals and trust alone when not unattended', () => {
    const l = launch('codex', { unattended: false });
    expect(l.args.join(' ')).not.toMatch(/trust_level|never|workspace-write/);
  });
});

describe('Claude Code', () => {
  it('writes a settings file with our hooks, permissions and key helper, and pins the session id', () => {
    const l = launch('claude', { prompt: 'fix it', hookCommand: HOOK, apiKey: { value: 'sk-ant-secret' }, sessionId: '11111111-2222-4333-8444-555555555555' });
    expect(l.args).toEqual([
      '--permission-mode',
      'acceptEdits',
      '--settings',
      `${CFG}/claude-settings.json`,
      '--session-id',
      '11111111-2222-4333-8444-555555555555',
      'fix it',
    ]);
    expect(l.sessionId).toBe('11111111-2222-4333-8444-555555555555');
    expect(l.env).toEqual({ [CLAUDE_KEY_HELPER_ENV]: 'sk-ant-secret' });
    expect(l.answerProgramStatusQuery).toBe(true);
    expect(l.files).toHaveLength(1);
    const file = l.files[0]!;
    expect(file).toMatchObject({ path: `${CFG}/claude-settings.json`, mode: 0o600 });
    const settings = JSON.parse(file.content) as { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ type: string; command: string; timeout: number }> }>>; permissions: unknown; apiKeyHelper: string };
    expect(Object.keys(settings.hooks)).toEqual(['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PermissionRequest', 'Notification', 'Stop']);
    expect(settings.hooks.PreToolUse?.[0]?.matcher).toBe('*');
    expect(settings.hooks.Stop?.[0]).toEqual({ hooks: [{ type: 'command', command: expect.any(String), timeout: 10 }] });
    // The command is a shell string (Claude runs it with its shell); it must split back into exactly our argv.
    expect(splitCommandLine(settings.hooks.Stop![0]!.hooks[0]!.command)).toEqual([...HOOK, 'claude', 'stdin', 'Stop']);
    expect(settings.permissions).toEqual({ allow: ['Bash'] });
    expect(settings.apiKeyHelper).toBe(`printenv ${CLAUDE_KEY_HELPER_ENV}`);
    expect(file.content).not.toContain('sk-ant-secret');
  });

  it('generates a fresh session id for each new run', () => {
    const a = launch('claude').sessionId;
    const b = launch('claude').sessionId;
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it.each<[CliLaunchOptions['resume'], string[]]>([
    [true, ['--continue', 'do it']],
    [{ sessionId: 'abc' }, ['--resume', 'abc', 'do it']],
  ])('resumes %j', (resume, tail) => {
    const l = launch('claude', { resume });
    expect(l.args.slice(-tail.length)).toEqual(tail);
    expect(l.args).not.toContain('--session-id');
  });

  it('without a config dir it can still start, with the key in ANTHROPIC_API_KEY and a note', () => {
    const l = buildCliLaunch(cliDefinition('claude'), { prompt: 'x', worktreePath: WT, unattended: false, apiKey: { value: 'k' } });
    expect(l.env).toEqual({ ANTHROPIC_API_KEY: 'k' });
    expect(l.files).toEqual([]);
    expect(l.notes.join(' ')).toMatch(/API key/);
  });

  it('needs a config dir for hooks', () => {
    expect(() => buildCliLaunch(cliDefinition('claude'), { prompt: 'x', worktreePath: WT, hookCommand: HOOK })).toThrow(/config directory/);
  });
});

describe('Gemini CLI', () => {
  it('points a system-defaults file with hooks and OSC 9 notifications at the run, trusts the worktree, yolo', () => {
    const l = launch('gemini', { prompt: 'fix it', hookCommand: HOOK, apiKey: { value: 'g-key' } });
    expect(l.args).toEqual(['--approval-mode', 'yolo', '--prompt-interactive', 'fix it']);
    expect(l.env).toEqual({
      GEMINI_API_KEY: 'g-key',
      GEMINI_CLI_SYSTEM_DEFAULTS_PATH: `${CFG}/gemini-system-defaults.json`,
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
    });
    const defaults = JSON.parse(l.files[0]!.content) as { general: unknown; security: unknown; hooks: Record<string, Array<{ hooks: Array<{ command: string; timeout: number }> }>> };
    expect(defaults.general).toEqual({ enableNotifications: true, notificationMethod: 'osc9' });
    expect(defaults.security).toEqual({ auth: { selectedType: 'gemini-api-key' } });
    expect(Object.keys(defaults.hooks)).toEqual(['BeforeAgent', 'BeforeTool', 'AfterTool', 'AfterAgent', 'Notification']);
    expect(splitCommandLine(defaults.hooks.AfterAgent![0]!.hooks[0]!.command)).toEqual([...HOOK, 'gemini', 'stdin', 'AfterAgent']);
    expect(defaults.hooks.AfterAgent![0]!.hooks[0]!.timeout).toBe(5000);
  });

  it.each<[CliLaunchOptions['resume'], string[]]>([
    [true, ['--resume', 'latest']],
    [{ sessionId: 'f586' }, ['--resume', 'f586']],
  ])('resumes %j', (resume, part) => {
    const args = launch('gemini', { resume }).args;
    expect(args.slice(args.indexOf('--resume'), args.indexOf('--resume') + 2)).toEqual(part);
  });

  it('refuses a hook path with "$", which its settings loader would expand', () => {
    expect(() => launch('gemini', { hookCommand: ['/opt/$HOME/node', ...HOOK.slice(1)] })).toThrow(/\$/);
  });
});

describe('Qwen Code', () => {
  it('uses its system-defaults file for hooks, yolo, a pinned session id and -i', () => {
    const l = launch('qwen', { prompt: 'fix it', hookCommand: HOOK, apiKey: { value: 'q' }, baseUrl: 'http://127.0.0.1:8000/v1', sessionId: 'sid-1' });
    expect(l.args).toEqual(['--approval-mode', 'yolo', '--session-id', 'sid-1', '--prompt-interactive', 'fix it']);
    expect(l.env).toEqual({ OPENAI_API_KEY: 'q', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', QWEN_CODE_SYSTEM_DEFAULTS_PATH: `${CFG}/qwen-system-defaults.json` });
    const defaults = JSON.parse(l.files[0]!.content) as { hooks: Record<string, unknown>; security: unknown };
    expect(Object.keys(defaults.hooks)).toEqual(['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PermissionRequest', 'Notification', 'Stop']);
    expect(defaults.security).toEqual({ auth: { selectedType: 'openai' } });
  });

  it.each<[CliLaunchOptions['resume'], string[]]>([
    [true, ['--continue']],
    [{ sessionId: 'sid-9' }, ['--resume', 'sid-9']],
  ])('resumes %j', (resume, part) => {
    const args = launch('qwen', { resume }).args;
    expect(args.join(' ')).toContain(part.join(' '));
    expect(args).not.toContain('--session-id');
  });
});

describe('GitHub Copilot CLI', () => {
  it('allows all (which also trusts the folder), passes the run socket in its environment, -i prompt', () => {
    const l = launch('copilot', { prompt: 'fix it', hookCommand: HOOK, apiKey: { value: 'ghp_x' } });
    expect(l.args).toEqual(['--interactive', 'fix it']);
    expect(l.env).toEqual({
      COPILOT_ALLOW_ALL: 'true',
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_GITHUB_TOKEN: 'ghp_x',
      SWITCHYARD_HOOK_SOCKET: '/data/run/hooks-7.sock',
      SWITCHYARD_HOOK_RUN_ID: 'run-1',
    });
  });

  it('uses a custom provider for an OpenAI-compatible endpoint', () => {
    const l = launch('copilot', { apiKey: { value: 'k' }, baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(l.env).toMatchObject({ COPILOT_PROVIDER_BASE_URL: 'http://127.0.0.1:11434/v1', COPILOT_PROVIDER_API_KEY: 'k' });
    expect(l.env).not.toHaveProperty('COPILOT_GITHUB_TOKEN');
  });

  it.each<[CliLaunchOptions['resume'], string]>([
    [true, '--continue'],
    [{ sessionId: '0cb916d' }, '--resume=0cb916d'],
  ])('resumes %j', (resume, flag) => {
    expect(launch('copilot', { resume }).args[0]).toBe(flag);
  });

  it('builds the opt-in user-level hooks file that only reports inside a Switchyard run', () => {
    const file = copilotUserHooksFile(['/usr/bin/node', '/data/relay dir/switchyard-hook-relay.cjs']);
    expect(file.relativePath).toBe('hooks/switchyard-status.json');
    const parsed = JSON.parse(file.content) as { version: number; hooks: Record<string, Array<{ type: string; bash: string }>> };
    expect(parsed.version).toBe(1);
    expect(Object.keys(parsed.hooks)).toEqual(['userPromptSubmitted', 'preToolUse', 'postToolUse', 'permissionRequest', 'notification', 'agentStop']);
    expect(parsed.hooks.agentStop?.[0]?.bash).toBe(
      `[ -n "$SWITCHYARD_HOOK_SOCKET" ] || exit 0; /usr/bin/node '/data/relay dir/switchyard-hook-relay.cjs' "$SWITCHYARD_HOOK_SOCKET" "$SWITCHYARD_HOOK_RUN_ID" copilot stdin agentStop || true`,
    );
  });
});

describe('OpenCode', () => {
  it('loads our status plugin from a per-run config dir and auto-approves', () => {
    const l = launch('opencode', { prompt: 'fix it', hookCommand: HOOK, apiKey: { value: 'k', envName: 'OPENAI_API_KEY' }, model: 'openai/gpt-x' });
    expect(l.args).toEqual(['--auto', '--model', 'openai/gpt-x', '--prompt', 'fix it']);
    expect(l.env).toEqual({ OPENCODE_CONFIG_DIR: `${CFG}/opencode`, OPENCODE_DISABLE_AUTOUPDATE: '1', OPENAI_API_KEY: 'k' });
    expect(l.files[0]?.path).toBe(`${CFG}/opencode/plugins/switchyard-status.js`);
    expect(l.files[0]?.content).toBe(openCodePluginSource(HOOK));
    expect(l.files[0]?.content).toContain('"session.idle"');
  });

  it.each<[CliLaunchOptions['resume'], string[]]>([
    [true, ['--continue']],
    [{ sessionId: 'ses_1' }, ['--session', 'ses_1']],
  ])('resumes %j', (resume, part) => {
    expect(launch('opencode', { resume }).args.join(' ')).toContain(part.join(' '));
  });
});

describe('Aider', () => {
  it('keeps its history out of the worktree and reports through its notifications command', () => {
    const l = launch('aider', { hookCommand: HOOK, apiKey: { value: 'k', envName: 'ANTHROPIC_API_KEY' } });
    expect(l.args.slice(0, 7)).toEqual([
      '--no-check-update',
      '--no-show-release-notes',
      '--no-gitignore',
      '--chat-history-file',
      `${CFG}/aider.chat.history.md`,
      '--input-history-file',
      `${CFG}/aider.input.history`,
    ]);
    expect(l.args).toContain('--yes-always');
    const command = l.args[l.args.indexOf('--notifications-command') + 1] as string;
    expect(splitCommandLine(command)).toEqual([...HOOK, 'aider', 'none', 'turn-done']);
    expect(l.env).toEqual({ ANTHROPIC_API_KEY: 'k' });
  });

  it('without --yes-always its notification means "waiting for you"; resume restores the chat', () => {
    const l = launch('aider', { hookCommand: HOOK, unattended: false, resume: true });
    const command = l.args[l.args.indexOf('--notifications-command') + 1] as string;
    expect(splitCommandLine(command).at(-1)).toBe('waiting');
    expect(l.args).toContain('--restore-chat-history');
  });
});

describe('launch support', () => {
  it('shell quoting round-trips through a POSIX word splitter', () => {
    const argv = ['/a b/node', "it's", 'plain', '', '$HOME', 'a"b', '日本'];
    expect(splitCommandLine(shellQuote(argv))).toEqual(argv);
  });

  it('TOML strings escape quotes and control characters and refuse lone surrogates', () => {
    expect(tomlString('a "q" \\ \n')).toBe('"a \\"q\\" \\\\ \\n"');
    expect(tomlString('🚀')).toBe('"🚀"');
    expect(() => tomlString('\uD800')).toThrow(AppError);
  });

  it('rejects relative paths and a too-short hook command', () => {
    expect(() => buildCliLaunch(cliDefinition('codex'), { prompt: '', worktreePath: 'rel' })).toThrow(/absolute/);
    expect(() => buildCliLaunch(cliDefinition('codex'), { prompt: '', worktreePath: WT, configDir: 'rel' })).toThrow(/absolute/);
    expect(() => buildCliLaunch(cliDefinition('codex'), { prompt: '', worktreePath: WT, hookCommand: ['node'] })).toThrow(/hook command/);
  });
});

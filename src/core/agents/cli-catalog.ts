// The agent CLIs Switchyard knows, one typed definition each: how each starts with a prompt, resumes,
// runs unattended in a fresh worktree, and reports its status. Facts come from each CLI's own docs,
// sources and `--help`, cited in the comment above its definition; "verified" means observed here with
// the installed version. How a definition becomes a launch is cli-launch.ts.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { flagPrompt, positionalPrompt, shellQuote, tomlString, tomlStringArray } from './cli-launch-support';
import {
  bracketedPaste,
  checked,
  jsonFile,
  requireConfigDir,
  resumeId,
  sessionArgs,
  settingsHooks,
  type LaunchFile,
  type BuildResult,
  type CliDefinition,
  type CliId,
} from './cli-launch';
import { geminiNotificationClassifier } from './status-sources';

export * from './cli-launch';
// ---------------------------------------------------------------------------------------------------------------
// Codex CLI (openai/codex). Sources: `codex --help` and `codex resume --help` of codex-cli 0.169.0 (installed here);
// openai/codex docs/config.md ("notify", "tui", approval_policy, sandbox_mode, -c key=value parsed as TOML,
// model_providers with env_key); developers.openai.com/codex/auth.md and docs/config-file/environment-variables
// (CODEX_API_KEY is for `codex exec` only; the TUI uses `codex login` or a provider's env_key).
// Verified here with a loopback Responses API server:
// - `codex [OPTIONS] [PROMPT]` starts the TUI with the prompt submitted; `codex resume --last [PROMPT]` and
//   `codex resume <thread-id> [PROMPT]` continue (the cwd's most recent session, or a given one).
// - A fresh folder shows "Trust this folder?" first. `-c 'projects={"<dir>"={trust_level="trusted"}}'` skips it
//   for that run without writing config.toml (the dotted form `-c projects."<dir>".trust_level=…` does not).
// - Without `codex login`, the TUI opens on the sign-in screen even with OPENAI_API_KEY set; a provider given by
//   `-c model_provider=…` with env_key = "OPENAI_API_KEY" skips it, so that is how an API key is passed.
// - `-c notify=[…]` runs our program with the JSON as the last argv entry after each turn (status-sources).
// - The TUI writes OSC 7501 (idle → working → done) by itself, and OSC 9 with tui.notification_method="osc9"
//   and tui.notification_condition="always".
// - Codex 0.169 starts a background app-server daemon that outlives the TUI unless `--no-daemon` is given.
// Unattended: `--ask-for-approval never --sandbox workspace-write` (the model is never stopped for approval;
// commands stay inside the worktree; .git of a worktree lives outside it, so git commits by the agent fail).
// ---------------------------------------------------------------------------------------------------------------
const codex: CliDefinition = {
  id: 'codex',
  name: 'Codex CLI',
  binary: 'codex',
  installHint: 'npm i -g @openai/codex',
  docsUrl: 'https://developers.openai.com/codex/cli',
  apiKeyEnv: ['OPENAI_API_KEY'],
  versionArgs: ['--version'],
  statusSources: ['notify', 'osc', 'exit', 'heuristic'],
  relayMode: 'argv',
  build(ctx) {
    const args: string[] = [];
    const env: Record<string, string> = {};
    const notes: string[] = [];
    const id = resumeId(ctx.resume);
    if (ctx.resume) args.push('resume');
    args.push('--no-daemon');
    if (ctx.unattended) {
      args.push('-c', `projects={${tomlString(ctx.worktreePath)}={trust_level="trusted"}}`);
      args.push('--ask-for-approval', 'never', '--sandbox', 'workspace-write');
    }
    if (ctx.hook) args.push('-c', `notify=${tomlStringArray(ctx.hook('argv'))}`);
    args.push('-c', 'tui.notification_method="osc9"', '-c', 'tui.notification_condition="always"');
    if (ctx.apiKey) {
      env[ctx.apiKey.envName] = ctx.apiKey.value;
      const provider = `{name="OpenAI (Switchyard)", base_url=${tomlString(ctx.baseUrl ?? 'https://api.openai.com/v1')}, env_key=${tomlString(ctx.apiKey.envName)}, wire_api="responses"}`;
      args.push('-c', 'model_provider="switchyard"', '-c', `model_providers.switchyard=${provider}`);
    } else {
      notes.push('Codex uses your `codex login` sign-in; without one it opens on its sign-in screen.');
    }
    if (ctx.model) args.push('--model', ctx.model);
    if (ctx.resume) args.push(...(id ? [id] : ['--last']));
    args.push(...positionalPrompt(ctx.prompt));
    return { args, env, files: [], notes, ...(id ? { sessionId: id } : {}) };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Claude Code (anthropics/claude-code). Sources: `claude --help` of 2.1.329 (installed here); CLI reference
// docs.anthropic.com/claude/docs/claude-code/cli-usage (`claude "query"`, `-c`, `-r <id> "query"`); hooks reference
// code.claude.com/docs/en/hooks (settings "hooks": {Event: [{matcher, hooks: [{type: "command", command,
// timeout}]}]}, payload on stdin); anthropics/claude-code CHANGELOG.md (`--settings` flag, PermissionRequest hook,
// `last_assistant_message`, OSC 9;4 progress, trust dialog gates hooks); issues about worktree trust
// (Untrivial-ai/agent-orchestrator#2119, anthropics/claude-code#9113).
// Verified here against a loopback Messages API (ANTHROPIC_BASE_URL):
// - `claude --settings <file> --session-id <uuid> <prompt>` starts with the prompt submitted; hooks from the
//   --settings file fire (SessionStart, UserPromptSubmit, Stop with last_assistant_message).
// - With ANTHROPIC_API_KEY set, interactive mode first asks "Detected a custom API key … use this API key?"
//   (default No). `apiKeyHelper` in the --settings file, printing the key from another variable, skips it.
// - It sends `OSC 7501 ; ?` and, once answered, reports `7501;state=working|done:app=claude-code`.
// - `--permission-mode bypassPermissions` is refused when running as root.
// Not automatable here: the per-folder "trust the files in this folder?" dialog (hooks do not run until it is
// accepted; it is stored as projects[path].hasTrustDialogAccepted in ~/.claude.json, a file we do not edit).
// Unattended: `--permission-mode acceptEdits` plus `permissions.allow: ["Bash"]` in our settings; other prompts
// (web fetches, protected paths) still show and are reported as needs-input by the hooks.
// ---------------------------------------------------------------------------------------------------------------
const CLAUDE_HOOK_EVENTS: ReadonlyArray<[event: string, matcher: string | null]> = [
  ['UserPromptSubmit', null],
  ['PreToolUse', '*'],
  ['PostToolUse', '*'],
  ['PermissionRequest', '*'],
  ['Notification', ''],
  ['Stop', null],
];

/** The variable apiKeyHelper reads the key from (not ANTHROPIC_API_KEY, which triggers the approval dialog). */
export const CLAUDE_KEY_HELPER_ENV = 'SWITCHYARD_ANTHROPIC_API_KEY';

const claude: CliDefinition = {
  id: 'claude',
  name: 'Claude Code',
  binary: 'claude',
  installHint: 'npm i -g @anthropic-ai/claude-code',
  docsUrl: 'https://code.claude.com/docs/en/cli-reference',
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  versionArgs: ['--version'],
  statusSources: ['hook', 'osc', 'exit', 'heuristic'],
  relayMode: 'stdin',
  build(ctx) {
    const args: string[] = [];
    const env: Record<string, string> = {};
    const files: LaunchFile[] = [];
    const notes = [
      'Claude Code asks once per new folder whether to trust it; its hooks run only after that is answered.',
    ];
    const settings: Record<string, unknown> = {};
    const hook = ctx.hook;
    if (hook) {
      const hooks: Record<string, unknown[]> = {};
      for (const [event, matcher] of CLAUDE_HOOK_EVENTS) {
        const entry = { type: 'command', command: shellQuote(hook('stdin', event)), timeout: 10 };
        hooks[event] = [matcher === null ? { hooks: [entry] } : { matcher, hooks: [entry] }];
      }
      settings.hooks = hooks;
    }
    if (ctx.unattended) {
      args.push('--permission-mode', 'acceptEdits');
      settings.permissions = { allow: ['Bash'] };
    }
    if (ctx.apiKey) {
      if (ctx.configDir !== null) {
        env[CLAUDE_KEY_HELPER_ENV] = ctx.apiKey.value;
        settings.apiKeyHelper = `printenv ${CLAUDE_KEY_HELPER_ENV}`;
      } else {
        env[ctx.apiKey.envName] = ctx.apiKey.value;
        notes.push('Claude Code asks once whether to use an API key found in its environment.');
      }
    }
    if (ctx.baseUrl) env.ANTHROPIC_BASE_URL = ctx.baseUrl;
    if (Object.keys(settings).length > 0) {
      const dir = requireConfigDir(ctx, 'Claude Code', 'its settings (hooks, permissions, API key helper)');
      const file = jsonFile(dir, 'claude-settings.json', settings);
      files.push(file);
      args.push('--settings', file.path);
    }
    if (ctx.model) args.push('--model', ctx.model);
    const sessionId = sessionArgs(ctx, args);
    args.push(...positionalPrompt(ctx.prompt));
    return { args, env, files, notes, answerProgramStatusQuery: true, ...(sessionId ? { sessionId } : {}) };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Gemini CLI (google-gemini/gemini-cli). Sources: docs/cli/cli-reference.md (`-i/--prompt-interactive`,
// `--approval-mode default|auto_edit|yolo|plan`, `-r/--resume latest|<n>|<id>`, `--skip-trust`);
// docs/cli/trusted-folders.md (GEMINI_CLI_TRUST_WORKSPACE=true trusts the folder for the session);
// docs/reference/configuration.md (system defaults file, path overridable by GEMINI_CLI_SYSTEM_DEFAULTS_PATH,
// lowest precedence; GEMINI_API_KEY; security.auth.selectedType); docs/hooks/reference.md (BeforeAgent,
// AfterAgent, BeforeTool, AfterTool, Notification; timeouts in ms); docs/cli/notifications.md and
// packages/cli/src/utils/terminalNotifications.ts (general.enableNotifications, notificationMethod osc9|osc777);
// packages/core/src/hooks/hookRegistry.ts (merged hooks run only in a trusted folder).
// Verified here with 0.61.0: a fresh folder shows the trust dialog, GEMINI_CLI_TRUST_WORKSPACE=true skips it;
// the system defaults file is skipped with a warning when a parent directory is group/world-writable (so
// configDir must not live under /tmp); hooks from it fire (SessionStart, BeforeAgent); selectedType
// "gemini-api-key" skips the sign-in choice when GEMINI_API_KEY is set.
// ---------------------------------------------------------------------------------------------------------------
const GEMINI_HOOK_EVENTS = ['BeforeAgent', 'BeforeTool', 'AfterTool', 'AfterAgent', 'Notification'];

const gemini: CliDefinition = {
  id: 'gemini',
  name: 'Gemini CLI',
  binary: 'gemini',
  installHint: 'npm i -g @google/gemini-cli',
  docsUrl: 'https://geminicli.com/docs/cli/cli-reference',
  apiKeyEnv: ['GEMINI_API_KEY'],
  versionArgs: ['--version'],
  statusSources: ['hook', 'osc', 'exit', 'heuristic'],
  relayMode: 'stdin',
  notificationClassifier: geminiNotificationClassifier,
  build(ctx) {
    const args: string[] = [];
    const env: Record<string, string> = {};
    const files: LaunchFile[] = [];
    const notes: string[] = [];
    const defaults: Record<string, unknown> = { general: { enableNotifications: true, notificationMethod: 'osc9' } };
    const hook = ctx.hook;
    if (hook) defaults.hooks = settingsHooks(GEMINI_HOOK_EVENTS, (event) => checked(hook('stdin', event), 'Gemini CLI'), 5000);
    if (ctx.apiKey) {
      env[ctx.apiKey.envName] = ctx.apiKey.value;
      defaults.security = { auth: { selectedType: 'gemini-api-key' } };
    }
    if (ctx.configDir !== null || hook) {
      const dir = requireConfigDir(ctx, 'Gemini CLI', 'its hooks');
      const file = jsonFile(dir, 'gemini-system-defaults.json', defaults);
      files.push(file);
      env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH = file.path;
      notes.push('Gemini CLI reads our settings only if no parent of the config directory is group- or world-writable.');
    }
    if (ctx.unattended) {
      env.GEMINI_CLI_TRUST_WORKSPACE = 'true';
      args.push('--approval-mode', 'yolo');
    }
    if (ctx.model) args.push('--model', ctx.model);
    if (ctx.resume) args.push('--resume', resumeId(ctx.resume) ?? 'latest');
    args.push(...flagPrompt('--prompt-interactive', ctx.prompt));
    return { args, env, files, notes };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Qwen Code (QwenLM/qwen-code, a Gemini CLI fork). Sources: packages/cli/src/config/config.ts (yargs options:
// `-i/--prompt-interactive`, positional query is one-shot, `--approval-mode plan|default|auto-edit|auto|yolo`,
// `-c/--continue`, `-r/--resume <id>`, `--session-id`); docs/users/configuration/settings.md
// (QWEN_CODE_SYSTEM_DEFAULTS_PATH); docs/users/features/hooks.md (Claude-style events: UserPromptSubmit,
// PreToolUse, PostToolUse, PermissionRequest, Notification permission_prompt|idle_prompt, Stop; timeout in ms);
// docs/users/configuration/auth.md (OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL, selectedType "openai");
// docs/users/configuration/trusted-folders.md (folder trust off by default). Verified here with 0.24.4:
// `qwen --session-id <uuid> --approval-mode yolo -i <prompt>` with our defaults file; hooks fired
// (SessionStart, UserPromptSubmit, Notification idle_prompt after a failed turn).
// ---------------------------------------------------------------------------------------------------------------
const QWEN_HOOK_EVENTS = ['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PermissionRequest', 'Notification', 'Stop'];

const qwen: CliDefinition = {
  id: 'qwen',
  name: 'Qwen Code',
  binary: 'qwen',
  installHint: 'npm i -g @qwen-code/qwen-code',
  docsUrl: 'https://qwenlm.github.io/qwen-code-docs/',
  apiKeyEnv: ['OPENAI_API_KEY', 'DASHSCOPE_API_KEY'],
  versionArgs: ['--version'],
  statusSources: ['hook', 'exit', 'heuristic'],
  relayMode: 'stdin',
  build(ctx) {
    const args: string[] = [];
    const env: Record<string, string> = {};
    const files: LaunchFile[] = [];
    const notes: string[] = [];
    const defaults: Record<string, unknown> = {};
    const hook = ctx.hook;
    if (hook) defaults.hooks = settingsHooks(QWEN_HOOK_EVENTS, (event) => checked(hook('stdin', event), 'Qwen Code'), 5000);
    if (ctx.apiKey) {
      env[ctx.apiKey.envName] = ctx.apiKey.value;
      defaults.security = { auth: { selectedType: 'openai' } };
    }
    if (ctx.baseUrl) env.OPENAI_BASE_URL = ctx.baseUrl;
    if (Object.keys(defaults).length > 0) {
      const dir = requireConfigDir(ctx, 'Qwen Code', 'its hooks');
      const file = jsonFile(dir, 'qwen-system-defaults.json', defaults);
      files.push(file);
      env.QWEN_CODE_SYSTEM_DEFAULTS_PATH = file.path;
    }
    if (ctx.unattended) args.push('--approval-mode', 'yolo');
    if (ctx.model) args.push('--model', ctx.model);
    const sessionId = sessionArgs(ctx, args);
    args.push(...flagPrompt('--prompt-interactive', ctx.prompt));
    return { args, env, files, notes, ...(sessionId ? { sessionId } : {}) };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// GitHub Copilot CLI (github/copilot-cli). Sources: `copilot --help`, `copilot help environment` and
// `copilot help config` of 1.0.102 (installed here): `-i/--interactive <prompt>`, `--continue`,
// `-r/--resume[=<id>]`, `--yolo`; COPILOT_GITHUB_TOKEN > GH_TOKEN > GITHUB_TOKEN; COPILOT_ALLOW_ALL=true
// auto-approves tools and trusts the working directory; COPILOT_PROVIDER_BASE_URL / COPILOT_PROVIDER_API_KEY
// for a custom OpenAI-compatible provider; COPILOT_AUTO_UPDATE=false; config `terminalProgress` (OSC 9;4) and
// `terminalNotifications` (OSC 777). Hooks: docs.github.com/en/copilot/reference/copilot-cli-reference/
// cli-hooks-reference — loaded only from the repository (.github/hooks/*.json) or the user's ~/.copilot, so
// there is no per-run place for ours; copilotUserHooksFile() is an opt-in, user-level install that reports
// only when SWITCHYARD_* variables are set (i.e. inside a Switchyard run). github/copilot-cli changelog.md:
// "Folder trust persists across git worktrees".
// ---------------------------------------------------------------------------------------------------------------
const copilot: CliDefinition = {
  id: 'copilot',
  name: 'GitHub Copilot CLI',
  binary: 'copilot',
  installHint: 'npm i -g @github/copilot',
  docsUrl: 'https://docs.github.com/copilot/concepts/agents/about-copilot-cli',
  apiKeyEnv: ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'],
  versionArgs: ['--version'],
  statusSources: ['hook', 'osc', 'exit', 'heuristic'],
  relayMode: 'stdin',
  build(ctx) {
    const args: string[] = [];
    const env: Record<string, string> = {};
    const notes: string[] = [];
    if (ctx.unattended) {
      env.COPILOT_ALLOW_ALL = 'true';
      env.COPILOT_AUTO_UPDATE = 'false';
    }
    if (ctx.baseUrl) {
      env.COPILOT_PROVIDER_BASE_URL = ctx.baseUrl;
      if (ctx.apiKey) env.COPILOT_PROVIDER_API_KEY = ctx.apiKey.value;
    } else if (ctx.apiKey) {
      env[ctx.apiKey.envName] = ctx.apiKey.value;
    }
    if (ctx.hookBase) {
      env.SWITCHYARD_HOOK_SOCKET = ctx.hookBase[ctx.hookBase.length - 2] as string;
      env.SWITCHYARD_HOOK_RUN_ID = ctx.hookBase[ctx.hookBase.length - 1] as string;
      notes.push('Copilot CLI reports hook events only if the Switchyard user-level hook file is installed.');
    }
    if (ctx.model) args.push('--model', ctx.model);
    const id = resumeId(ctx.resume);
    if (id) args.push(`--resume=${id}`);
    else if (ctx.resume) args.push('--continue');
    args.push(...flagPrompt('--interactive', ctx.prompt));
    return { args, env, files: [], notes, ...(id ? { sessionId: id } : {}) };
  },
};

const COPILOT_HOOK_EVENTS = ['userPromptSubmitted', 'preToolUse', 'postToolUse', 'permissionRequest', 'notification', 'agentStop'];

/**
 * The user-level Copilot hooks file (install at `$COPILOT_HOME/hooks/switchyard-status.json`, default
 * ~/.copilot/hooks/) that forwards Copilot's hook calls to the run they belong to. `relay` is the relay program
 * argv (node + script); socket and run id come from the run's environment, so outside Switchyard it does nothing.
 */
export function copilotUserHooksFile(relay: readonly string[]): { relativePath: string; content: string } {
  const hooks: Record<string, unknown[]> = {};
  for (const event of COPILOT_HOOK_EVENTS) {
    const argv = shellQuote([...relay]) + ` "$SWITCHYARD_HOOK_SOCKET" "$SWITCHYARD_HOOK_RUN_ID" copilot stdin ${event}`;
    const bash = `[ -n "$SWITCHYARD_HOOK_SOCKET" ] || exit 0; ${argv} || true`;
    hooks[event] = [{ type: 'command', bash, timeoutSec: 10 }];
  }
  return { relativePath: path.join('hooks', 'switchyard-status.json'), content: `${JSON.stringify({ version: 1, hooks }, null, 2)}\n` };
}

// ---------------------------------------------------------------------------------------------------------------
// OpenCode (sst/opencode, now anomalyco/opencode). Sources: `opencode --help` of 1.18.33 (installed here):
// `opencode [project] --prompt <text>`, `-c/--continue`, `-s/--session <id>`, `--auto` ("auto-approve
// permissions that are not explicitly denied"); opencode.ai/docs/config (OPENCODE_CONFIG_DIR searched for
// agents, commands and plugins like a .opencode directory; OPENCODE_DISABLE_AUTOUPDATE); opencode.ai/docs/plugins
// (a plugin returns hooks; `event` receives bus events such as session.idle). Verified here: a plugin in
// $OPENCODE_CONFIG_DIR/plugins/ is loaded. Not verified here: the event names of this version
// (session.status, permission.asked, …) — the plugin forwards them and status-sources maps what it knows.
// API keys: the provider's own variable (ANTHROPIC_API_KEY, OPENAI_API_KEY, …) or `opencode auth login`.
// ---------------------------------------------------------------------------------------------------------------
const OPENCODE_FORWARDED = ['session.status', 'session.idle', 'session.error', 'permission.asked', 'permission.updated', 'question.asked'];

export function openCodePluginSource(relay: readonly string[]): string {
  return `// Switchyard status plugin: forwards session and permission events to the Switchyard core.
import { spawn } from "node:child_process";
const RELAY = ${JSON.stringify(relay)};
const FORWARD = new Set(${JSON.stringify(OPENCODE_FORWARDED)});
function relay(type, payload) {
  try {
    const child = spawn(RELAY[0], [...RELAY.slice(1), "opencode", "stdin", type], { stdio: ["pipe", "ignore", "ignore"] });
    child.on("error", () => {});
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(payload));
    child.unref();
  } catch {}
}
export const SwitchyardStatus = async () => ({
  event: async ({ event }) => {
    if (event && FORWARD.has(event.type)) relay(event.type, { type: event.type, properties: event.properties });
  },
});
`;
}

const opencode: CliDefinition = {
  id: 'opencode',
  name: 'OpenCode',
  binary: 'opencode',
  installHint: 'npm i -g opencode-ai',
  docsUrl: 'https://opencode.ai/docs/cli',
  apiKeyEnv: ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY'],
  versionArgs: ['--version'],
  statusSources: ['hook', 'exit', 'heuristic'],
  relayMode: 'stdin',
  build(ctx) {
    const args: string[] = [];
    const env: Record<string, string> = {};
    const files: LaunchFile[] = [];
    if (ctx.hookBase) {
      const dir = path.join(requireConfigDir(ctx, 'OpenCode', 'its status plugin'), 'opencode');
      // The plugin appends `opencode stdin <event>` itself.
      files.push({ path: path.join(dir, 'plugins', 'switchyard-status.js'), content: openCodePluginSource(ctx.hookBase), mode: 0o600 });
      env.OPENCODE_CONFIG_DIR = dir;
    }
    if (ctx.unattended) {
      args.push('--auto');
      env.OPENCODE_DISABLE_AUTOUPDATE = '1';
    }
    if (ctx.apiKey) env[ctx.apiKey.envName] = ctx.apiKey.value;
    if (ctx.model) args.push('--model', ctx.model);
    const id = resumeId(ctx.resume);
    if (id) args.push('--session', id);
    else if (ctx.resume) args.push('--continue');
    args.push(...flagPrompt('--prompt', ctx.prompt));
    return { args, env, files, notes: [], ...(id ? { sessionId: id } : {}) };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Aider (Aider-AI/aider). Sources: aider/website/docs/config/options.md (`--message` sends one message and
// exits; `--restore-chat-history`; `--chat-history-file`, `--input-history-file`; `--yes-always`;
// `--no-gitignore`; `--no-check-update`; `--no-show-release-notes`; `--analytics/--no-analytics`;
// `--notifications`, `--notifications-command`; `--openai-api-base` / AIDER_OPENAI_API_BASE);
// aider/io.py (ring_bell runs the notifications command, through the shell, when aider waits for input after
// the LLM has worked — at its prompt or at a confirmation); docs/config/api-keys.md (OPENAI_API_KEY,
// ANTHROPIC_API_KEY). Aider has no "start interactive with this prompt" flag (`--message` exits after one
// reply), so the prompt is typed into the PTY as a bracketed paste (a multi-line prompt stays one message).
// With --yes-always there are no confirmations left, so its notification means the turn is done.
// ---------------------------------------------------------------------------------------------------------------
const aider: CliDefinition = {
  id: 'aider',
  name: 'Aider',
  binary: 'aider',
  installHint: 'python -m pip install aider-install && aider-install',
  docsUrl: 'https://aider.chat/docs/config/options.html',
  apiKeyEnv: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'],
  versionArgs: ['--version'],
  statusSources: ['notify', 'exit', 'heuristic'],
  relayMode: 'none',
  build(ctx) {
    const args = ['--no-check-update', '--no-show-release-notes', '--no-gitignore'];
    const env: Record<string, string> = {};
    const notes = ['Aider keeps a repository map cache (.aider.tags.cache.*) in the worktree.'];
    if (ctx.configDir !== null) {
      // Keep Aider's history files out of the worktree (and so out of the run's diff).
      args.push('--chat-history-file', path.join(ctx.configDir, 'aider.chat.history.md'));
      args.push('--input-history-file', path.join(ctx.configDir, 'aider.input.history'));
    }
    if (ctx.unattended) args.push('--yes-always', '--no-analytics');
    if (ctx.hook) {
      args.push('--notifications', '--notifications-command', shellQuote(ctx.hook('none', ctx.unattended ? 'turn-done' : 'waiting')));
    }
    if (ctx.apiKey) env[ctx.apiKey.envName] = ctx.apiKey.value;
    if (ctx.baseUrl) env.AIDER_OPENAI_API_BASE = ctx.baseUrl;
    if (ctx.model) args.push('--model', ctx.model);
    if (ctx.resume) args.push('--restore-chat-history');
    const result: BuildResult = { args, env, files: [], notes };
    if (ctx.prompt.length > 0) result.initialInput = bracketedPaste(ctx.prompt);
    return result;
  },
};

/** Every CLI Switchyard supports, in the order the UI lists them. */
export const CLI_CATALOG: readonly CliDefinition[] = [codex, claude, gemini, opencode, aider, copilot, qwen];

export function cliDefinition(id: CliId): CliDefinition {
  const def = CLI_CATALOG.find((d) => d.id === id);
  if (!def) throw new AppError('NOT_FOUND', `Unknown agent CLI: ${id}.`);
  return def;
}

// The built-in agent's public surface for the rest of the core (run supervision, profiles, the contract):
// one turn of the loop, the worktree tools, the sandbox, and the shapes they exchange.
export { runAgentTurn, type AgentTurnOptions } from './agent-loop';
export { LoopLimits, RenderLimits, SandboxLimits, ToolLimits } from './loop-constants';
export type {
  AgentTurnResult,
  ConversationItem,
  LoopEvent,
  ModelApi,
  ModelConfig,
  TerminalSink,
  TokenUsage,
  ToolCall,
  ToolContext,
  ToolDefinition,
  ToolHost,
  ToolOutcome,
  TurnStatus,
} from './loop-types';
export { buildSandboxArgv, detectSandbox, HIDDEN_HOME_PATHS, HIDDEN_SYSTEM_PATHS, type SandboxPolicy, type SandboxStatus } from './sandbox';
export { buildSystemPrompt, type SystemPromptContext } from './system-prompt';
export {
  createWorktreeToolHost,
  type ApprovalMode,
  type ApprovalRequest,
  type WorktreeToolHost,
  type WorktreeToolHostOptions,
} from './tools/tool-host';

// Tokens the built-in agent used over all its turns: "12.3k in · 1.1k out". Nothing for other agents.
import type { Run } from '../../../../shared/contract';
import { formatUsage } from '../../state/agents-slice';

export function RunUsage({ usage }: { usage: Run['usage'] }) {
  const text = formatUsage(usage);
  if (!usage || !text) return null;
  const title = `Tokens used over all turns: ${usage.inputTokens.toLocaleString()} input, ${usage.outputTokens.toLocaleString()} output`;
  return (
    <span className="run-usage" data-testid="run-usage" title={title}>
      {text}
    </span>
  );
}

// A run's estimated cost: its token usage (built-in agent runs only) times its profile's price per
// million tokens, when the user entered one. Pure, unit tested.
import type { BuiltinSettings, Run } from '../../../shared/contract';

type Price = NonNullable<BuiltinSettings['price']>;

/** The cost in the price's currency, or null when usage or price is unknown. */
export function runCost(usage: Run['usage'], price: Price | null | undefined): number | null {
  if (!usage || !price) return null;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

/** `$0.42`, `$12.30`, `<$0.01`, `$0.00` for nothing at all. */
export function formatCost(cost: number): string {
  if (cost === 0) return '$0.00';
  if (cost < 0.01) return '<$0.01';
  return `$${cost.toFixed(2)}`;
}

/** A price as the tooltip states it: `$1.25 in · $10 out per 1M tokens`. */
export function formatPrice(price: Price): string {
  const n = (v: number): string => `$${Number.isInteger(v) ? v : v.toFixed(v < 1 ? 3 : 2).replace(/0+$/, '')}`;
  return `${n(price.inputPerMTok)} in \u00b7 ${n(price.outputPerMTok)} out per 1M tokens`;
}

import { describe, expect, it } from 'vitest';
import { formatCost, formatPrice, runCost } from './run-cost';

describe('run cost', () => {
  it('is usage times the price per million tokens, when both are known', () => {
    expect(runCost({ inputTokens: 2_000_000, outputTokens: 100_000 }, { inputPerMTok: 1.25, outputPerMTok: 10 })).toBeCloseTo(3.5);
    expect(runCost(null, { inputPerMTok: 1, outputPerMTok: 1 })).toBeNull();
    expect(runCost({ inputTokens: 10, outputTokens: 10 }, null)).toBeNull();
    expect(runCost({ inputTokens: 10, outputTokens: 10 }, undefined)).toBeNull();
  });

  it('formats costs and prices', () => {
    expect(formatCost(3.5)).toBe('$3.50');
    expect(formatCost(0.004)).toBe('<$0.01');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatPrice({ inputPerMTok: 1.25, outputPerMTok: 10 })).toBe('$1.25 in \u00b7 $10 out per 1M tokens');
    expect(formatPrice({ inputPerMTok: 0.075, outputPerMTok: 0.3 })).toBe('$0.075 in \u00b7 $0.3 out per 1M tokens');
  });
});

// A built-in agent run's estimated cost, next to its tokens: its usage at its profile's price per
// million tokens. Nothing when the price or the usage is unknown (other agents report no tokens).
import type { Run } from '../../../../shared/contract';
import { useAppState } from '../../app-services';
import { formatCost, formatPrice, runCost } from '../../lib/run-cost';

export function RunCost({ run }: { run: Pick<Run, 'profileId' | 'usage'> }) {
  const price = useAppState((s) => s.profiles.find((p) => p.id === run.profileId)?.builtin?.price ?? null);
  const cost = runCost(run.usage, price);
  if (cost === null || !price) return null;
  return (
    <span className="run-cost" data-testid="run-cost" title={`Estimated from the tokens used, at the profile\u2019s price: ${formatPrice(price)}`}>
      {'\u2248'} {formatCost(cost)}
    </span>
  );
}

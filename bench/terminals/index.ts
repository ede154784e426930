// bench/terminals — the terminal pipeline's performance goals (research/performance.md T1, T4–T7, P1),
// each printed as `measured / limit = ratio (goal …) PASS|FAIL` with its limit measured in the same run,
// then one summary table. Benches run one after another (they would disturb each other on 2 cores);
// one that cannot run is reported as a FAIL row and the others still run. Exit status 1 on any FAIL.
// Usage: npx tsx bench/terminals/index.ts [burst interrupt integrity memory persistence]
import { burst } from './burst';
import { cleanupAll } from './lib/cleanup';
import { errorResult, formatResult, machineLine, passes, summaryTable, type Bench, type Result } from './lib/report';
import { integrity } from './integrity';
import { interrupt } from './interrupt';
import { memory } from './memory';
import { persistence } from './persistence';

const BENCHES: Record<string, Bench> = { burst, interrupt, integrity, memory, persistence };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
  const all: Result[] = [];
  const started = performance.now();
  for (const name of names) {
    const t0 = performance.now();
    console.log(`\n== ${name} (${machineLine()})`);
    let results: Result[];
    try {
      results = await (BENCHES[name] as Bench)((m) => console.log(`  ${m}`));
    } catch (err) {
      results = [errorResult(name, err)];
    } finally {
      await cleanupAll();
    }
    for (const r of results) console.log(formatResult(r));
    console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    all.push(...results);
  }
  console.log(`\n${summaryTable(all)}\n(total ${((performance.now() - started) / 1000).toFixed(1)} s; ${machineLine()} at the end)`);
  process.exitCode = all.every(passes) ? 0 : 1;
}

main().catch(async (err: unknown) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});

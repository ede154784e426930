// `--agents codex:2,builtin:1,"my agent":1`: which profiles run, how many times each. Names are CLI
// ids (codex, claude, …), `builtin` (the saved built-in agent profile), `shell`, or any profile's id
// or name; an unknown name is a usage error that lists what exists.
import type { Profile } from '../shared/contract';
import { MAX_RUNS_PER_THREAD } from '../shared/contract';
import { UsageError } from './exit-codes';

export interface AgentItem {
  name: string;
  count: number;
}

export interface ResolvedAgent {
  profile: Profile;
  count: number;
}

/** Splits the flag into `name[:count]` items (count 1 when left out). */
export function parseAgentsSpec(spec: string): AgentItem[] {
  const items = spec.split(',').map((s) => s.trim());
  if (items.length === 0 || items.every((s) => s === '')) throw new UsageError('--agents is empty; say e.g. --agents codex:2,claude:1.');
  return items.map((item) => {
    if (item === '') throw new UsageError(`--agents has an empty item in "${spec}".`);
    const colon = item.lastIndexOf(':');
    const name = (colon === -1 ? item : item.slice(0, colon)).trim().replace(/^"(.*)"$/, '$1');
    const countText = colon === -1 ? '1' : item.slice(colon + 1).trim();
    const count = Number(countText);
    if (name === '') throw new UsageError(`--agents item "${item}" has no agent name.`);
    if (!/^\d+$/.test(countText) || count < 1 || count > MAX_RUNS_PER_THREAD) {
      throw new UsageError(`--agents item "${item}": the count must be a whole number from 1 to ${MAX_RUNS_PER_THREAD}.`);
    }
    return { name, count };
  });
}

/** Matches each item to a profile, or throws a usage error listing the profiles there are. */
export function resolveAgents(items: AgentItem[], profiles: Profile[]): ResolvedAgent[] {
  const total = items.reduce((n, i) => n + i.count, 0);
  if (total > MAX_RUNS_PER_THREAD) throw new UsageError(`--agents asks for ${total} runs; at most ${MAX_RUNS_PER_THREAD} per thread.`);
  return items.map((item) => ({ profile: resolveOne(item.name, profiles), count: item.count }));
}

function resolveOne(name: string, profiles: Profile[]): Profile {
  if (name.toLowerCase() === 'builtin') {
    const agents = profiles.filter((p) => p.kind === 'builtin');
    if (agents.length === 1) return agents[0] as Profile;
    if (agents.length === 0) {
      throw new UsageError(`No built-in agent profile is saved yet: add one in the app (its endpoint and model), then use --agents builtin.\n${available(profiles)}`);
    }
    throw new UsageError(`There are ${agents.length} built-in agent profiles; name one: ${agents.map((p) => quoteName(p.name)).join(', ')}.`);
  }
  const byId = profiles.find((p) => p.id === name);
  if (byId) return byId;
  const byName = profiles.filter((p) => p.name.toLowerCase() === name.toLowerCase());
  if (byName.length === 1) return byName[0] as Profile;
  if (byName.length > 1) throw new UsageError(`Several profiles are named "${name}"; use an id instead: ${byName.map((p) => p.id).join(', ')}.`);
  throw new UsageError(`Unknown agent "${name}".\n${available(profiles)}`);
}

/** The names --agents accepts, one profile per line. */
export function available(profiles: Profile[]): string {
  const rows = profiles.map((p) => {
    const key = p.kind === 'builtin' ? `${quoteName(p.name)} (or builtin)` : p.builtIn ? p.id : quoteName(p.name);
    return `  ${key.padEnd(28)} ${describe(p)}`;
  });
  return `Agents you can name:\n${rows.join('\n')}`;
}

function describe(p: Profile): string {
  switch (p.kind) {
    case 'cli':
      return p.name;
    case 'builtin':
      return `built-in agent: ${p.builtin?.model ?? ''} at ${p.builtin?.baseUrl ?? ''}`;
    case 'shell':
      return 'your shell';
    case 'command':
      return `command: ${p.argv.map(shellWord).join(' ')}`;
  }
}

function quoteName(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : JSON.stringify(name);
}

/** A word as it would be typed: quoted when it holds anything a shell would split or expand. */
function shellWord(word: string): string {
  return /^[\w./:@%+={}-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

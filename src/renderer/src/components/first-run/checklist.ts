// What the first-run checklist says about the built-in agent's endpoint, from `app.firstRunChecks`:
// what was found (one line each), how to get one when nothing was, and a local server to set the
// built-in agent up with. Pure functions; the component only lays them out.
import type { EndpointStatus, LocalEndpoint } from '../../../../shared/contract';

/** One way to fix what is missing: a sentence, and a command to copy when there is one. */
export interface Fix {
  readonly text: string;
  readonly code?: string;
}

export interface EndpointSummary {
  readonly ok: boolean;
  /** What was found, one line each. */
  readonly found: readonly string[];
  /** How to get an endpoint (when none was found), or what is still missing. */
  readonly fixes: readonly Fix[];
  /** A local server that answered and that no saved profile uses yet: offered as "Use it…". */
  readonly suggestion: { readonly name: string; readonly baseUrl: string; readonly model: string } | null;
}

/** Model ids shown per server; the rest are counted. */
const MODELS_SHOWN = 3;

export function describeLocal(l: LocalEndpoint): string {
  if (l.problem) return `${l.name} at ${l.baseUrl} (${l.problem})`;
  if (l.models.length === 0) return `${l.name} at ${l.baseUrl} (no models loaded yet)`;
  const shown = l.models.slice(0, MODELS_SHOWN).join(', ');
  const more = l.models.length > MODELS_SHOWN ? `, +${l.models.length - MODELS_SHOWN} more` : '';
  return `${l.name} at ${l.baseUrl}: ${shown}${more}`;
}

export function summarizeEndpoint(e: EndpointStatus): EndpointSummary {
  const reachable = e.local.filter((l) => l.reachable);
  const found = [
    ...e.configured.filter((c) => c.hasApiKey).map((c) => `Built-in agent \u201c${c.name}\u201d: ${c.baseUrl} (key ${c.keyStored ? 'in the OS keychain' : 'from its variable'})`),
    ...reachable.map(describeLocal),
    ...(e.openaiKeySet ? ['OPENAI_API_KEY is set in Switchyard\u2019s environment'] : []),
  ];
  const fixes: Fix[] = [];
  for (const c of e.configured.filter((p) => !p.hasApiKey && !reachable.some((l) => sameOrigin(l.baseUrl, p.baseUrl)))) {
    fixes.push({ text: `Built-in agent \u201c${c.name}\u201d has no key: set its key variable in Switchyard\u2019s environment, or save a key in its settings.` });
  }
  if (!e.ready) {
    fixes.push({ text: 'Set OPENAI_API_KEY in Switchyard\u2019s environment and start it again, e.g.', code: 'OPENAI_API_KEY=sk-\u2026 npm start' });
    const ports = e.local.filter((l) => !l.reachable).map((l) => `${l.name} (port ${portOf(l.baseUrl)})`);
    fixes.push({
      text: `Or start a local OpenAI-compatible server${ports.length > 0 ? `, e.g. ${ports.join(', ')}` : ''}; for Ollama:`,
      code: 'ollama serve',
    });
    fixes.push({ text: 'Or add a built-in agent with any endpoint and its key (Add a built-in agent\u2026).' });
  } else if (e.configured.length === 0) {
    fixes.push({ text: 'To use it, add a built-in agent: its endpoint, model and where its key comes from.' });
  }
  const unused = reachable.find((l) => !l.problem && l.models.length > 0 && !e.configured.some((c) => sameOrigin(c.baseUrl, l.baseUrl)));
  return {
    ok: e.ready,
    found,
    fixes,
    suggestion: unused ? { name: unused.name, baseUrl: unused.baseUrl, model: unused.models[0] as string } : null,
  };
}

function portOf(url: string): string {
  try {
    return new URL(url).port;
  } catch {
    return '?';
  }
}

/** Same port on this machine (localhost and 127.0.0.1 are one), or the same URL elsewhere. */
function sameOrigin(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    const local = (h: string): boolean => h === 'localhost' || h === '[::1]' || h.startsWith('127.');
    const sameHost = ua.hostname === ub.hostname || (local(ua.hostname) && local(ub.hostname));
    return sameHost && ua.port === ub.port;
  } catch {
    return false;
  }
}

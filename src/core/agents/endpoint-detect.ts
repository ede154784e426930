// Finds an OpenAI-compatible endpoint the built-in agent could use, for the first-run checklist:
// whether OPENAI_API_KEY is set in the app's environment (never its value), the built-in agent
// profiles already saved, and local servers answering GET /v1/models on their usual loopback ports
// (Ollama, LM Studio, vLLM, llama.cpp server / LocalAI), probed in parallel with a short timeout.
// Probes send no key and go only to loopback addresses: nothing leaves the machine.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EndpointStatus, LocalEndpoint } from '../../shared/contract';

/** A local server to look for: its product name and the port it listens on by default. */
export interface LocalServer {
  readonly name: string;
  readonly port: number;
}

/**
 * Where local OpenAI-compatible servers listen unless told otherwise. llama.cpp's server and LocalAI
 * share 8080, so that port is probed once under both names.
 */
export const LOCAL_SERVERS: readonly LocalServer[] = [
  { name: 'Ollama', port: 11434 },
  { name: 'LM Studio', port: 1234 },
  { name: 'vLLM', port: 8000 },
  { name: 'llama.cpp server or LocalAI', port: 8080 },
];

/**
 * How long one probe may take, in ms. A closed loopback port refuses at once and a running server
 * lists its models in milliseconds; this only bounds something that accepts the connection and
 * never answers, so the checklist's "Re-check" stays quick.
 */
export const LOCAL_PROBE_TIMEOUT_MS = 1_500;
/** Most model ids kept per server (a server can list hundreds; the checklist shows a few). */
export const MAX_MODELS = 50;
/** Most bytes read from a /models answer; a real list is a few KB. */
const MAX_BODY_BYTES = 1024 * 1024;
/** The environment variable the checklist reports on (the default of a new built-in agent profile). */
export const OPENAI_KEY_ENV = 'OPENAI_API_KEY';

/** A saved built-in agent profile, as the checklist needs it (the key itself never comes here). */
export interface ConfiguredEndpoint {
  readonly profileId: string;
  readonly name: string;
  readonly baseUrl: string;
  readonly hasApiKey: boolean;
  readonly keyStored: boolean;
}

export interface DetectEndpointOptions {
  /** The app's environment (only whether OPENAI_API_KEY is set is read). */
  env: NodeJS.ProcessEnv;
  configured?: readonly ConfiguredEndpoint[];
  /** Defaults to LOCAL_SERVERS; tests point this at a fake server's port. */
  localServers?: readonly LocalServer[];
  /** Defaults to 127.0.0.1. */
  host?: string;
  timeoutMs?: number;
}

export async function detectEndpoint(opts: DetectEndpointOptions): Promise<EndpointStatus> {
  const host = opts.host ?? '127.0.0.1';
  const timeoutMs = opts.timeoutMs ?? LOCAL_PROBE_TIMEOUT_MS;
  const configured = opts.configured ?? [];
  const targets = new Map<string, string>();
  for (const server of opts.localServers ?? LOCAL_SERVERS) {
    const url = `http://${host}:${server.port}/v1`;
    if (!targets.has(url)) targets.set(url, server.name);
  }
  // A saved profile pointing at this machine (a server on another port) is probed too; remote ones
  // are not: that would send traffic out on every check ("Test connection" in its settings does it).
  for (const c of configured) {
    const url = c.baseUrl.replace(/\/+$/, '');
    if (isLoopback(url) && ![...targets.keys()].some((t) => sameEndpoint(t, url))) targets.set(url, c.name);
  }
  const local = await Promise.all([...targets].map(([baseUrl, name]) => probeEndpoint(name, baseUrl, timeoutMs)));
  const openaiKeySet = Boolean(opts.env[OPENAI_KEY_ENV]);
  const ready =
    openaiKeySet ||
    local.some((l) => l.reachable) ||
    configured.some((c) => c.hasApiKey);
  return { openaiKeySet, configured: configured.map((c) => ({ ...c })), local, ready };
}

/** Asks `<baseUrl>/models` (no key sent) and reads the model ids of an OpenAI-style list. */
export async function probeEndpoint(name: string, baseUrl: string, timeoutMs = LOCAL_PROBE_TIMEOUT_MS): Promise<LocalEndpoint> {
  const result = (reachable: boolean, models: string[], problem: string | null): LocalEndpoint => ({ name, baseUrl, reachable, models, problem });
  let answer: { status: number; body: string };
  try {
    answer = await get(`${baseUrl}/models`, timeoutMs);
  } catch (err) {
    return result(false, [], describeFailure(err, timeoutMs));
  }
  // A server that wants a key still is one: it is there, and its profile needs the key.
  if (answer.status === 401 || answer.status === 403) return result(true, [], 'it asks for an API key');
  if (answer.status !== 200) return result(false, [], `it answered HTTP ${answer.status}, not a model list`);
  const models = modelIds(answer.body);
  if (models === null) return result(false, [], 'it answered, but not with an OpenAI-style model list');
  return result(true, models.slice(0, MAX_MODELS), null);
}

/** The ids of `{ data: [{ id }] }` (OpenAI, Ollama, LM Studio, vLLM, llama.cpp); null when it is not that shape. */
export function modelIds(body: string): string[] | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  return data.flatMap((m) => (typeof (m as { id?: unknown } | null)?.id === 'string' ? [(m as { id: string }).id] : []));
}

function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.destroy(new Error('the answer is too large'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const code = (err as { code?: string; name?: string } | null)?.code;
  const name = (err as { name?: string } | null)?.name;
  if (code === 'ECONNREFUSED') return 'nothing is listening';
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ABORT_ERR') return `no answer within ${timeoutMs / 1000} s`;
  return err instanceof Error ? err.message : String(err);
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Same port and path on this machine, whether written localhost or 127.0.0.1. */
function sameEndpoint(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    return ua.protocol === ub.protocol && ua.port === ub.port && ua.pathname.replace(/\/+$/, '') === ub.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

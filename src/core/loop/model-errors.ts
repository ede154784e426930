// Turns whatever a model request threw (the openai package's errors, our own stream checks) into one plain
// sentence for the user, and tells whether 'auto' should fall back from the Responses API to Chat Completions.
// Never lets the API key into a sentence: any occurrence is masked.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** A model step that failed for a reason we already worded (bad stream, server-reported failure, timeout). */
export class ModelStepError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ModelStepError';
  }
}

/** Statuses of POST /responses that mean "this server does not speak the Responses API" for 'auto'. */
const FALLBACK_STATUSES = new Set([400, 404, 405, 501]);

/** Characters of a server's own error message quoted in a reason; error pages can be long HTML. */
const SERVER_MESSAGE_CHARS = 200;

/** True when `err` is the Responses endpoint being absent or rejecting the request shape (see ModelApi 'auto'). */
export function isResponsesUnsupported(err: unknown): boolean {
  return err instanceof APIError && typeof err.status === 'number' && FALLBACK_STATUSES.has(err.status);
}

/** True when the request was aborted by its signal (cancel or our idle timer), not failed by the server. */
export function isAbort(err: unknown): boolean {
  return err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError');
}

/**
 * One sentence saying why a model request failed, the key masked. `answering`: the server had already started
 * its answer, so a connection error is a broken stream rather than a server that cannot be reached.
 */
export function describeModelError(err: unknown, ctx: { baseURL: string; apiKey: string; answering?: boolean }): string {
  return maskKey(describe(err, ctx.baseURL, ctx.answering ?? false), ctx.apiKey);
}

function describe(err: unknown, baseURL: string, answering: boolean): string {
  if (err instanceof ModelStepError) return err.reason;
  if (err instanceof APIConnectionTimeoutError) return `The model server at ${baseURL} did not answer in time.`;
  if (err instanceof APIConnectionError || (answering && err instanceof TypeError)) {
    const cause = causeCode(err as Error);
    const code = cause ? ` (${cause})` : '';
    if (answering) return `The connection to the model server at ${baseURL} broke while it was answering${code}.`;
    return `Could not connect to the model server at ${baseURL}${code}.`;
  }
  if (err instanceof APIError) {
    const message = serverMessage(err);
    if (err.status === undefined) return `The model server reported an error while answering${message ? `: ${message}` : ''}.`;
    return `${statusSentence(err.status, baseURL)}${message ? ` The server said: ${message}` : ''}`;
  }
  if (err instanceof SyntaxError) return 'The model server sent a stream that could not be read (an event was not valid JSON).';
  const text = err instanceof Error ? err.message : String(err);
  return `The model request failed: ${clip(text)}.`;
}

function statusSentence(status: number, baseURL: string): string {
  if (status === 401) return 'The model server refused the API key (HTTP 401).';
  if (status === 403) return 'The model server denied access to this model (HTTP 403).';
  if (status === 404) return `The model server at ${baseURL} has no such endpoint or model (HTTP 404).`;
  if (status === 429) return 'The model server is rate limiting or out of quota (HTTP 429).';
  if (status >= 500) return `The model server failed with an internal error (HTTP ${status}).`;
  return `The model server rejected the request (HTTP ${status}).`;
}

/** The server's own message without the package's "<status> " prefix, clipped, ending with a period. */
function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : err.message.replace(/^\d{3} /, '');
  if (raw === '' || /status code \(no body\)|^\(no status code or body\)$/.test(raw)) return '';
  const text = clip(raw.replace(/\s+/g, ' ').trim());
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function causeCode(err: Error): string | null {
  let cause: unknown = err.cause;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    cause = cause.cause;
  }
  return null;
}

function clip(text: string): string {
  return text.length > SERVER_MESSAGE_CHARS ? `${text.slice(0, SERVER_MESSAGE_CHARS)}…` : text;
}

/** Replaces every occurrence of the key (when it is long enough to be a real one) with "***". */
export function maskKey(text: string, apiKey: string): string {
  return apiKey.length >= 8 ? text.split(apiKey).join('***') : text;
}

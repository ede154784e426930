import { describe, expect, it } from 'vitest';
import type { EndpointStatus, LocalEndpoint } from '../../../../shared/contract';
import { describeLocal, summarizeEndpoint } from './checklist';

const closed = (name: string, port: number): LocalEndpoint => ({ name, baseUrl: `http://127.0.0.1:${port}/v1`, reachable: false, models: [], problem: 'nothing is listening' });
const ollama: LocalEndpoint = { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', reachable: true, models: ['llama3.2:3b', 'qwen2.5-coder:7b', 'phi4', 'mistral'], problem: null };
const none: EndpointStatus = { openaiKeySet: false, configured: [], local: [closed('Ollama', 11434), closed('LM Studio', 1234)], ready: false };

describe('the endpoint line of the first-run checklist', () => {
  it('with nothing found: not ok, and the three ways to get one, naming the ports it looked at', () => {
    const s = summarizeEndpoint(none);
    expect(s.ok).toBe(false);
    expect(s.found).toEqual([]);
    expect(s.suggestion).toBeNull();
    expect(s.fixes.map((f) => f.code ?? null)).toEqual(['OPENAI_API_KEY=sk-\u2026 npm start', 'ollama serve', null]);
    expect(s.fixes[1]?.text).toContain('Ollama (port 11434), LM Studio (port 1234)');
    expect(s.fixes[2]?.text).toContain('Add a built-in agent');
  });

  it('with a local server: ok, which one with a few of its models, and an offer to use it', () => {
    const s = summarizeEndpoint({ ...none, local: [ollama, closed('LM Studio', 1234)], ready: true });
    expect(s.ok).toBe(true);
    expect(s.found).toEqual(['Ollama at http://127.0.0.1:11434/v1: llama3.2:3b, qwen2.5-coder:7b, phi4, +1 more']);
    expect(s.suggestion).toEqual({ name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2:3b' });
    expect(s.fixes.map((f) => f.text)).toEqual(['To use it, add a built-in agent: its endpoint, model and where its key comes from.']);
  });

  it('does not offer a local server a saved profile already uses (localhost is 127.0.0.1)', () => {
    const configured = [{ profileId: 'p', name: 'Local', baseUrl: 'http://localhost:11434/v1', hasApiKey: false, keyStored: false }];
    const s = summarizeEndpoint({ ...none, configured, local: [ollama], ready: true });
    expect(s.suggestion).toBeNull();
    // Its profile needs no key: a local server answers without one.
    expect(s.fixes).toEqual([]);
  });

  it('with only OPENAI_API_KEY set: ok, says so, and suggests adding a built-in agent', () => {
    const s = summarizeEndpoint({ ...none, openaiKeySet: true, ready: true });
    expect(s.ok).toBe(true);
    expect(s.found).toEqual(['OPENAI_API_KEY is set in Switchyard\u2019s environment']);
    expect(s.fixes).toHaveLength(1);
  });

  it('names a saved profile with its key, and one without a key as what is missing', () => {
    const configured = [
      { profileId: 'a', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', hasApiKey: true, keyStored: true },
      { profileId: 'b', name: 'Azure', baseUrl: 'https://x.openai.azure.com/v1', hasApiKey: false, keyStored: false },
    ];
    const s = summarizeEndpoint({ ...none, configured, ready: true });
    expect(s.found).toEqual(['Built-in agent \u201cOpenAI\u201d: https://api.openai.com/v1 (key in the OS keychain)']);
    expect(s.fixes.map((f) => f.text)).toEqual(['Built-in agent \u201cAzure\u201d has no key: set its key variable in Switchyard\u2019s environment, or save a key in its settings.']);
  });

  it('describes a server that asks for a key or has no model loaded', () => {
    expect(describeLocal({ ...ollama, models: [], problem: 'it asks for an API key' })).toBe('Ollama at http://127.0.0.1:11434/v1 (it asks for an API key)');
    expect(describeLocal({ ...ollama, models: [] })).toBe('Ollama at http://127.0.0.1:11434/v1 (no models loaded yet)');
  });
});

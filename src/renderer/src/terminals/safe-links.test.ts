import { describe, expect, it } from 'vitest';
import { httpUrl } from './safe-links';

describe('httpUrl', () => {
  it('accepts http and https links', () => {
    expect(httpUrl('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c');
    expect(httpUrl(' http://localhost:5173 ')).toBe('http://localhost:5173/');
  });

  it('refuses every other scheme and non-URLs', () => {
    for (const text of ['javascript:alert(1)', 'file:///etc/passwd', 'vscode://x', 'data:text/html,hi', 'example.com', '', 'http://']) {
      expect(httpUrl(text)).toBeNull();
    }
  });
});

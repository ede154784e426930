import { describe, expect, it } from 'vitest';
import { Utf8Splitter } from './utf8-splitter';

const encode = (s: string) => new TextEncoder().encode(s);

describe('Utf8Splitter', () => {
  it('never splits a character, wherever the chunk boundary falls', () => {
    const text = 'aé€😀 ü中文\u{1F469}\u200D\u{1F4BB}z';
    const bytes = encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const splitter = new Utf8Splitter();
      const first = splitter.push(bytes.subarray(0, cut));
      const second = splitter.push(bytes.subarray(cut));
      expect(first + second + splitter.end()).toBe(text);
      expect(first).not.toContain('\uFFFD');
      expect(splitter.bytes).toBe(bytes.length);
    }
  });

  it('handles every byte arriving alone', () => {
    const text = '😀 héllo';
    const splitter = new Utf8Splitter();
    let out = '';
    for (const byte of encode(text)) out += splitter.push(Uint8Array.of(byte));
    expect(out + splitter.end()).toBe(text);
  });

  it('shows invalid bytes and an unfinished character at the end as U+FFFD', () => {
    const splitter = new Utf8Splitter();
    expect(splitter.push(Uint8Array.of(0x61, 0xff, 0x62))).toBe('a\uFFFDb');
    expect(splitter.push(Uint8Array.of(0xe2, 0x82))).toBe('');
    expect(splitter.end()).toBe('\uFFFD');
  });
});

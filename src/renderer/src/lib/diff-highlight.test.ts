import { describe, expect, it } from 'vitest';
import { parseDiff } from 'react-diff-view';
import { highlightHunks, languageOf } from './diff-highlight';

const PATCH = `diff --git a/src/a.ts b/src/a.ts
--- a/src/a.ts
+++ b/src/a.ts
@@ -1000,2 +1000,2 @@
 const a = 1;
-let b = "x";
+let b = "y";
`;

describe('diff highlighting', () => {
  it('picks a language from the file extension', () => {
    expect(languageOf('src/a.ts')).toBe('typescript');
    expect(languageOf('package-lock.json')).toBe('json');
    expect(languageOf('Makefile')).toBeNull();
    expect(languageOf('notes.unknown')).toBeNull();
  });

  it('tokenizes a hunk deep in a file at its real line numbers, as token trees (never HTML)', () => {
    const hunks = parseDiff(PATCH)[0]?.hunks ?? [];
    const tokens = highlightHunks(hunks, 'typescript');
    expect(tokens.new[1000]).toBeDefined(); // line 1001, the insertion
    expect(tokens.old[999]).toBeDefined();
    expect(tokens.new.filter(Boolean)).toHaveLength(2);
    expect(JSON.stringify(tokens.new[1000])).toContain('"className":["token","keyword"]},"children":[{"type":"text","value":"let"}]');
    expect(JSON.stringify(tokens)).not.toMatch(/<span/);
  });

  it('marks the changed words of a changed line, with or without a language', () => {
    const tokens = highlightHunks(parseDiff(PATCH)[0]?.hunks ?? [], null);
    expect(JSON.stringify(tokens.new[1000])).toContain('"type":"edit"');
    expect(JSON.stringify(tokens.new[999])).not.toContain('"type":"edit"');
  });
});

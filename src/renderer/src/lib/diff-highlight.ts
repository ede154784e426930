// Syntax highlighting of diff lines with refractor (Prism grammars producing a tree, never HTML)
// plus the changed words within a changed line (react-diff-view's markEdits), chunk by chunk: each hunk is tokenized on its own, renumbered from line 1 so the tokenizer never
// builds arrays as long as the file, then placed back at its real line numbers.
import { markEdits, tokenize, type ChangeData, type HunkData, type HunkTokens, type TokenizeOptions, type TokenNode } from 'react-diff-view';
import { refractor } from 'refractor/core';
import bash from 'refractor/bash';
import c from 'refractor/c';
import cpp from 'refractor/cpp';
import css from 'refractor/css';
import go from 'refractor/go';
import java from 'refractor/java';
import javascript from 'refractor/javascript';
import json from 'refractor/json';
import jsx from 'refractor/jsx';
import markdown from 'refractor/markdown';
import markup from 'refractor/markup';
import python from 'refractor/python';
import ruby from 'refractor/ruby';
import rust from 'refractor/rust';
import sql from 'refractor/sql';
import toml from 'refractor/toml';
import tsx from 'refractor/tsx';
import typescript from 'refractor/typescript';
import yaml from 'refractor/yaml';

for (const lang of [markup, css, javascript, typescript, jsx, tsx, json, bash, c, cpp, go, java, markdown, python, ruby, rust, sql, toml, yaml]) {
  refractor.register(lang);
}

const BY_EXTENSION: Readonly<Record<string, string>> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', cjs: 'javascript',
  jsx: 'jsx', json: 'json', css: 'css', html: 'markup', htm: 'markup', xml: 'markup', svg: 'markup', sh: 'bash', bash: 'bash',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', hpp: 'cpp', go: 'go', java: 'java', md: 'markdown', py: 'python', rb: 'ruby',
  rs: 'rust', sql: 'sql', toml: 'toml', yml: 'yaml', yaml: 'yaml',
};

/** Lines longer than this (minified code) are shown plain: highlighting them costs too much. */
const MAX_HIGHLIGHT_LINE = 2000;

export function languageOf(path: string): string | null {
  const name = path.split('/').pop() ?? path;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? (BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null) : null;
}

// react-diff-view's tokenizer expects refractor 3 (highlight returns the nodes); refractor 5 returns a root.
type Highlighter = Extract<TokenizeOptions, { highlight: true }>['refractor'];
const adapter = { highlight: (text: string, language: string) => refractor.highlight(text, language).children } as unknown as Highlighter;

function shift(change: ChangeData, oldBy: number, newBy: number): ChangeData {
  if (change.type === 'normal') return { ...change, oldLineNumber: change.oldLineNumber - oldBy, newLineNumber: change.newLineNumber - newBy };
  return { ...change, lineNumber: change.lineNumber - (change.type === 'delete' ? oldBy : newBy) };
}

/** The first line number on one side among the changes (a sub-hunk starts deep inside its hunk). */
function firstLine(changes: readonly ChangeData[], side: 'old' | 'new'): number {
  for (const ch of changes) {
    if (ch.type === 'normal') return side === 'old' ? ch.oldLineNumber : ch.newLineNumber;
    if ((ch.type === 'delete') === (side === 'old')) return ch.lineNumber;
  }
  return 1;
}

/** Tokens for the chunk's lines, indexed by real line number - 1 (sparse); lines left out render plain. */
export function highlightHunks(hunks: readonly HunkData[], language: string | null): HunkTokens {
  const tokens: HunkTokens = { old: [], new: [] };
  for (const hunk of hunks) {
    if (hunk.changes.some((ch) => ch.content.length > MAX_HIGHLIGHT_LINE)) continue;
    const oldBy = firstLine(hunk.changes, 'old') - 1;
    const newBy = firstLine(hunk.changes, 'new') - 1;
    const local = { ...hunk, oldStart: 1, newStart: 1, changes: hunk.changes.map((ch) => shift(ch, oldBy, newBy)) };
    let result: HunkTokens;
    try {
      const enhancers = [markEdits([local], { type: 'block' })];
      result = language ? tokenize([local], { highlight: true, refractor: adapter, language, enhancers }) : tokenize([local], { enhancers });
    } catch {
      continue; // a grammar that throws leaves this hunk plain
    }
    result.old.forEach((line: TokenNode[], i) => (tokens.old[i + oldBy] = line));
    result.new.forEach((line: TokenNode[], i) => (tokens.new[i + newBy] = line));
  }
  return tokens;
}

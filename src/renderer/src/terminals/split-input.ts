// Splits terminal input that is longer than one `runs.write` may carry (a huge paste).
import { MAX_INPUT_CHARS } from '../../../shared/contract/limits';

/** Chunks of at most `max` characters, never cut between the halves of a surrogate pair. */
export function splitInput(data: string, max: number = MAX_INPUT_CHARS): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(data.length, start + max);
    const code = data.charCodeAt(end - 1);
    if (end < data.length && end - start > 1 && code >= 0xd800 && code <= 0xdbff) end -= 1;
    parts.push(data.slice(start, end));
    start = end;
  }
  return parts;
}

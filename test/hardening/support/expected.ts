// What counter-agent.mjs prints, as the transcript stores it (the PTY turns "\n" into "\r\n").
export function counterHeader(runId: string): string {
  return `counter ${runId}\r\n`;
}

/** The header and ticks 1..n. */
export function counterText(runId: string, n: number): string {
  let text = counterHeader(runId);
  for (let i = 1; i <= n; i++) text += `tick ${i}\r\n`;
  return text;
}

/** Whether `text` is a prefix of the agent's output (any number of ticks, then maybe END, cut anywhere). */
export function isCounterPrefix(runId: string, text: string): boolean {
  const header = counterHeader(runId);
  if (text.length <= header.length) return header.startsWith(text);
  if (!text.startsWith(header)) return false;
  const parts = text.slice(header.length).split('\r\n');
  const partial = parts.pop() ?? '';
  let i = 0;
  while (i < parts.length && parts[i] === `tick ${i + 1}`) i++;
  const isStartOf = (line: string) => line.startsWith(partial) || partial === `${line}\r`;
  if (i === parts.length) return isStartOf(`tick ${i + 1}`) || isStartOf('END');
  return i === parts.length - 1 && parts[i] === 'END' && partial === '';
}

/** How many whole tick lines the text holds. */
export function ticksIn(text: string): number {
  return (text.match(/tick \d+\r\n/g) ?? []).length;
}

// Renders terminal frames the way a client shows them: a headless xterm fed the replay frame and
// every live frame after it; returns the text of the whole buffer (scrollback and screen).
import headless from '@xterm/headless';
import type { RpcClient } from '../../src/shared/rpc/client';

export interface ReceivedFrame {
  data: string;
  replay?: { cols: number; rows: number; truncated: boolean };
}

export async function renderFrames(frames: ReceivedFrame[]): Promise<string> {
  const first = frames[0]?.replay;
  if (!first) throw new Error('a stream must start with a replay frame');
  const term = new headless.Terminal({ cols: first.cols, rows: first.rows, scrollback: 10_000, allowProposedApi: true });
  for (const f of frames) term.write(f.data);
  await new Promise<void>((resolve) => term.write('', resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    // Wrapped rows continue the previous line.
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += line.translateToString(true);
    else lines.push(line.translateToString(true));
  }
  term.dispose();
  return lines.join('\n').trimEnd();
}

/** Subscribes to a run's stream and collects its frames (call before or after attaching). */
export function collectFrames(client: RpcClient, runId: string): { frames: ReceivedFrame[]; stop(): void } {
  const frames: ReceivedFrame[] = [];
  const stop = client.onPty(runId, (data, replay) => {
    if (replay) frames.length = 0;
    frames.push(replay ? { data, replay } : { data });
  });
  return { frames, stop };
}

/** Attaches, waits for the replay, and returns the text the run's terminal shows; detaches after. */
export async function screenText(client: RpcClient, runId: string, timeoutMs = 10_000): Promise<string> {
  const { frames, stop } = collectFrames(client, runId);
  try {
    await client.call('runs.attach', { runId });
    const deadline = Date.now() + timeoutMs;
    while (!frames[0]?.replay) {
      if (Date.now() > deadline) throw new Error(`no replay frame for run ${runId}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return await renderFrames(frames);
  } finally {
    stop();
    await client.call('runs.detach', { runId }).catch(() => undefined);
  }
}

// What run supervision needs from transcript persistence (implemented by the store's TranscriptSink,
// which writes in a worker thread). Declared here so the runs domain depends on a shape, not a class.

export interface ScreenSnapshot {
  data: string;
  cols: number;
  rows: number;
}

export interface TranscriptPort {
  append(runId: string, data: string): void;
  saveScreen(runId: string, snap: ScreenSnapshot): void;
  readScreen(runId: string): Promise<(ScreenSnapshot & { savedAt: number }) | null>;
  readTail(runId: string, maxChars: number): Promise<{ text: string; truncated: boolean }>;
}

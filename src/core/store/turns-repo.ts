// Turn rows: each prompt sent to a thread's runs. runId null = sent to all runs (the initial prompt).
// Owns the `turns` table.
import type Database from 'better-sqlite3';
import type { RunId, ThreadId } from '../../shared/ids';

export interface Turn {
  id: string;
  threadId: ThreadId;
  /** The one run the prompt went to; null when it went to every run of the thread. */
  runId: RunId | null;
  prompt: string;
  createdAt: number;
}

interface TurnRow {
  id: string;
  thread_id: string;
  run_id: string | null;
  prompt: string;
  created_at: number;
}

function toTurn(row: TurnRow): Turn {
  return {
    id: row.id,
    threadId: row.thread_id as ThreadId,
    runId: row.run_id as RunId | null,
    prompt: row.prompt,
    createdAt: row.created_at,
  };
}

export class TurnsRepo {
  private readonly insertStmt: Database.Statement<[Turn]>;
  private readonly listStmt: Database.Statement<[string], TurnRow>;
  private readonly setItemsStmt: Database.Statement<[string, number, number, number, string]>;
  private readonly byRunStmt: Database.Statement<
    [string],
    { id: string; prompt: string; created_at: number; input_tokens: number | null; output_tokens: number | null; elapsed_ms: number | null }
  >;
  private readonly itemsStmt: Database.Statement<[string], { items_json: string }>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare<[Turn]>(
      `INSERT INTO turns (id, thread_id, run_id, prompt, created_at) VALUES (@id, @threadId, @runId, @prompt, @createdAt)`,
    );
    this.setItemsStmt = db.prepare(`UPDATE turns SET items_json = ?, input_tokens = ?, output_tokens = ?, elapsed_ms = ? WHERE id = ?`);
    this.byRunStmt = db.prepare(
      `SELECT id, prompt, created_at, input_tokens, output_tokens, elapsed_ms FROM turns WHERE run_id = ? ORDER BY created_at, rowid`,
    );
    this.itemsStmt = db.prepare<[string], { items_json: string }>(
      `SELECT items_json FROM turns WHERE run_id = ? AND items_json IS NOT NULL ORDER BY created_at, rowid`,
    );
    this.listStmt = db.prepare<[string], TurnRow>(
      `SELECT id, thread_id, run_id, prompt, created_at FROM turns WHERE thread_id = ? ORDER BY created_at, rowid`,
    );
  }

  /** Records a turn; its thread (and run, when given) must exist. */
  /** Stores a finished turn's structured conversation items, token usage and elapsed time (the built-in agent's). */
  setResult(turnId: string, result: { items: unknown[]; inputTokens: number; outputTokens: number; elapsedMs: number }): void {
    this.setItemsStmt.run(JSON.stringify(result.items), result.inputTokens, result.outputTokens, Math.round(result.elapsedMs), turnId);
  }

  /** A run's turns, oldest first, with what each cost (null for agents that do not report it). */
  listByRun(runId: string): Array<{ id: string; prompt: string; createdAt: number; inputTokens: number | null; outputTokens: number | null; elapsedMs: number | null }> {
    return this.byRunStmt.all(runId).map((r) => ({
      id: r.id, prompt: r.prompt, createdAt: r.created_at, inputTokens: r.input_tokens, outputTokens: r.output_tokens, elapsedMs: r.elapsed_ms,
    }));
  }

  /** A run's stored conversation, oldest turn first: the history of its next turn. */
  itemsOfRun(runId: string): unknown[] {
    return this.itemsStmt.all(runId).flatMap((r) => JSON.parse(r.items_json) as unknown[]);
  }

  insert(t: Turn): void {
    const { id, threadId, runId, prompt, createdAt } = t;
    this.insertStmt.run({ id, threadId, runId, prompt, createdAt });
  }

  /** A thread's turns, oldest first (insertion order among equal times). */
  listByThread(threadId: ThreadId): Turn[] {
    return this.listStmt.all(threadId).map(toTurn);
  }
}

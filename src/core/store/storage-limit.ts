// Test hook: caps how large the core's database may grow (PRAGMA max_page_count, which SQLite keeps
// per connection) on both of its connections, so a test can make the disk "full" and give the space
// back. A test creates one and passes it as CoreOptions.storageLimit; production never does.
import type Database from 'better-sqlite3';
import type { TranscriptSink } from './transcript-sink';

export class StorageLimit {
  private main: Database.Database | null = null;
  private transcripts: TranscriptSink | null = null;
  private defaultMax = 0;

  /** Called by createCore once both connections are open. */
  bind(main: Database.Database, transcripts: TranscriptSink): void {
    this.main = main;
    this.transcripts = transcripts;
    this.defaultMax = main.pragma('max_page_count', { simple: true }) as number;
  }

  /** Pages the database file holds now (each PRAGMA page_size bytes). */
  pageCount(): number {
    return this.connection().pragma('page_count', { simple: true }) as number;
  }

  /**
   * Lets the database hold at most `pages` pages (SQLite never sets it below the current size), or
   * restores SQLite's default with null. Resolves once both connections have the new limit.
   */
  async setMaxPageCount(pages: number | null): Promise<void> {
    if (pages !== null && !Number.isSafeInteger(pages)) throw new Error('max_page_count must be an integer.');
    this.connection().pragma(`max_page_count = ${pages ?? this.defaultMax}`);
    await this.transcripts?.setMaxPageCount(pages);
  }

  private connection(): Database.Database {
    if (!this.main?.open) throw new Error('StorageLimit is not bound to an open core.');
    return this.main;
  }
}

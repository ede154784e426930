// Turns a PTY's raw byte chunks into text without ever splitting a multi-byte UTF-8 character
// across chunks: an incomplete trailing sequence is held back until its remaining bytes arrive.
// Knows nothing about terminals; invalid bytes become U+FFFD exactly as a terminal would show them.

export class Utf8Splitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** Raw bytes seen so far (for integrity checks and statistics). */
  bytes = 0;

  /** Decodes a chunk; a character cut at the chunk's end is completed by the next push. */
  push(chunk: Uint8Array): string {
    this.bytes += chunk.byteLength;
    return this.decoder.decode(chunk, { stream: true });
  }

  /** Flushes what is held back (at exit): an unfinished character becomes U+FFFD. */
  end(): string {
    return this.decoder.decode();
  }
}

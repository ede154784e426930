// Shown before a transport exists. Explains what to do when no connection arrives.
import { useEffect, useState } from 'react';

/** After this long without a connection, explain how to get one, in ms. */
const SLOW_CONNECT_MS = 4000;

export function Connecting() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_CONNECT_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <main className="splash" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <p>Connecting to Switchyard{'\u2026'}</p>
      {slow && (
        <p className="muted small">
          Still waiting. In a browser, open the full address the headless server printed (it ends in <code>?token={'\u2026'}</code>).
        </p>
      )}
    </main>
  );
}

// Loads something for a component (a diff, a matrix) and keeps it in the component, not the store:
// reloads when `key` changes or on `reload()`, keeps the last data while reloading, and reports the
// failure as a message to show. A null key loads nothing.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors';

export interface AsyncState<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  reload(): void;
}

interface Settled<T> {
  readonly token: string;
  readonly data: T | null;
  readonly error: string | null;
}

export function useAsync<T>(key: string | null, load: () => Promise<T>): AsyncState<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [nonce, setNonce] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const token = key === null ? null : `${nonce}\u0000${key}`;
  useEffect(() => {
    if (token === null) return;
    let live = true;
    loadRef.current().then(
      (data) => live && setSettled({ token, data, error: null }),
      (err: unknown) => live && setSettled((prev) => ({ token, data: prev?.data ?? null, error: errorMessage(err) })),
    );
    return () => {
      live = false;
    };
  }, [token]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  // Data of another key is never shown as this key's (only a reload of the same key keeps it).
  const sameKey = settled !== null && token !== null && settled.token.slice(settled.token.indexOf('\u0000')) === token.slice(token.indexOf('\u0000'));
  return {
    data: sameKey ? settled.data : null,
    error: settled?.token === token ? settled.error : null,
    loading: token !== null && settled?.token !== token,
    reload,
  };
}

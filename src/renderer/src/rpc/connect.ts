// Chooses the transport: a page served by the headless server carries `?token=…` and talks over a
// WebSocket; inside Electron the preload hands the page a MessagePort via window.postMessage.
import type { Transport } from '../../../shared/protocol';
import { createPortTransport } from './port-transport';
import { createWebSocketTransport } from './ws-transport';

/** The message the preload posts, with the port in `event.ports[0]`. */
export const PORT_MESSAGE = 'switchyard:port';

export function headlessToken(search: string = location.search): string | null {
  return new URLSearchParams(search).get('token');
}

export function webSocketUrl(token: string, loc: Pick<Location, 'host' | 'protocol'> = location): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/rpc?token=${encodeURIComponent(token)}`;
}

function waitForPort(): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      const port = event.ports[0];
      if (event.data !== PORT_MESSAGE || !port) return;
      window.removeEventListener('message', onMessage);
      resolve(port);
    };
    window.addEventListener('message', onMessage);
  });
}

export async function connect(): Promise<Transport> {
  const token = headlessToken();
  if (token) return createWebSocketTransport(new WebSocket(webSocketUrl(token)));
  return createPortTransport(await waitForPort());
}

// The preload is a pipe: it forwards the one MessagePort the main process sends to the page.
// It exposes nothing else to the page: no ipcRenderer, no Node, no globals.
import { ipcRenderer } from 'electron';

ipcRenderer.on('switchyard:port', (event) => {
  window.postMessage('switchyard:port', '*', event.ports);
});

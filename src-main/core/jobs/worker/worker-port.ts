// The worker's side of the message channel, over either host: a child_process.fork child
// (process.send / process.on('message')) or an Electron utility process (process.parentPort).

import type { FromWorker, ToWorker } from '../protocol.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface WorkerPort {
  send(message: FromWorker): Promise<void>;
  onMessage(listener: (message: ToWorker) => void): void;
  /** The parent went away (its end of the channel closed). */
  onDisconnect(listener: () => void): void;
}

export function connectParent(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToWorker)),
      // Electron ends a utility process together with its parent; nothing to watch.
      onDisconnect: () => undefined,
    };
  }
  if (typeof process.send !== 'function') throw new Error('the job worker must be started by the job runner (no parent channel)');
  return {
    send: (message) =>
      new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        process.send!(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => process.on('message', (m) => listener(m as ToWorker)),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}

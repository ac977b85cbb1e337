// The parts of Electron's ipcMain that the desktop shell uses (registerIpc), keeping the handlers
// and listeners so a test can call them as a page would. Like Electron's, it refuses a second
// handler for one channel.

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Handler>();

  handle(channel: string, h: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, h);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, h: Handler): this {
    this.listeners.set(channel, h);
    return this;
  }

  removeListener(channel: string): this {
    this.listeners.delete(channel);
    return this;
  }
}

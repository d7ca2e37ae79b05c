import { EventEmitter } from 'node:events';

/**
 * A terminal for runDashboard, in memory: an output stream that keeps everything written (escape
 * sequences included) and an input stream in raw-mode-capable TTY form, as Ink reads it.
 */
export class FakeOutput extends EventEmitter {
  readonly isTTY = true;
  written = '';
  constructor(
    public columns = 100,
    public rows = 30,
  ) {
    super();
  }
  write = (text: string): boolean => {
    this.written += text;
    return true;
  };
}

export class FakeInput extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private pending: string[] = [];
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  /** What the keyboard sends, as one read. */
  type(text: string): void {
    this.pending.push(text);
    this.emit('readable');
  }
  read(): string | null {
    return this.pending.shift() ?? null;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

export function fakeTerminal(columns = 100, rows = 30) {
  const stdout = new FakeOutput(columns, rows);
  const stderr = new FakeOutput(columns, rows);
  const stdin = new FakeInput();
  // runDashboard takes Node's stream types; these have what Ink uses of them.
  return { stdout, stderr, stdin, streams: { stdout, stderr, stdin } as unknown as { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream } };
}

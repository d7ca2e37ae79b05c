/* global setImmediate */
// A child for the terminal-restore test: runs the built dashboard on an in-memory terminal whose
// output goes to this process's stdout, and sends itself the signal named in argv[2] once the
// dashboard's input is live. The parent checks the terminal was put back before the signal ended it.
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';
process.env.NODE_ENV ??= 'production';
const { runDashboard } = await import('../../dist/ui/terminal/runDashboard.js');
const { requireModel } = await import('../../dist/core/catalog.js');
const { FORMAT_RULES } = await import('../../dist/core/chatFormat.js');

class Output extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  write = (text) => {
    writeSync(1, text);
    return true;
  };
}
class Input extends EventEmitter {
  isTTY = true;
  isRaw = false;
  setRawMode(mode) {
    this.isRaw = mode;
    if (mode) setImmediate(() => process.kill(process.pid, process.argv[2]));
    return this;
  }
  read = () => null;
  setEncoding = () => this;
  ref = () => this;
  unref = () => this;
  resume = () => this;
  pause = () => this;
}

await runDashboard({ model: requireModel('gpt-4'), rule: FORMAT_RULES.cookbook, dump: 'x', queue: [] }, { stdout: new Output(), stdin: new Input(), stderr: new Output() });

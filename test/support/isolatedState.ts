import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test file, and every process it starts, gets a state directory of its own: no test may
 * write a journal into the real ~/.local/state (nor read the user's sessions).
 */
process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'ca-state-'));

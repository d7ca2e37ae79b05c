// A child for the crash test: starts a session in the directory given as argv[2], prints
// "session ID", then appends turns forever, printing "acked N" only after append(N) returned.
// The parent SIGKILLs it at a random moment. Imports the built module (npm test builds first).
import { openJournal } from '../../dist/io/journal.js';
import { turnContent } from './journalTurns.mjs';

const journal = openJournal({ model: 'gpt-4o', dir: process.argv[2] });
process.stdout.write(`session ${journal.id}\n`);
for (let n = 0; ; n++) {
  journal.append({ type: 'message', message: { role: n % 2 === 0 ? 'user' : 'assistant', content: turnContent(n) } });
  process.stdout.write(`acked ${n}\n`);
}

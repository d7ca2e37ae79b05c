// `npm start` and `npm test` build first when dist/ is missing or older than what it is built from.
// `npm install` in a clone has built already (the prepare script), so this builds only after an
// edit, and says so on stderr: the build takes a while and prints nothing of its own.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = 'dist/context-accountant.js'; // the bundle, written last by the build
// What the build reads: the sources, the build's scripts, and the files that configure it.
// Every script counts (the build's are several, and more come), at the cost of a rebuild after
// editing one that is not the build's.
const inputs = ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.types.json'];
const changed = existsSync(built) ? inputs.find((input) => newest(input) > statSync(built).mtimeMs) : undefined;
if (!existsSync(built) || changed) {
  const reason = changed ? `${changed} changed since the last build` : 'dist/ is missing';
  process.stderr.write(`context-accountant: building first (${reason}): tsc, the rank tables, the bundle, about 20 s...\n`);
  execSync('npm run build --silent', { stdio: 'inherit' });
}

// `npm start` builds first when dist/ is missing or older than a source file, so a fresh clone
// needs only `npm install && npm start`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = 'dist/context-accountant.js'; // the bundle, written last by the build
if (!existsSync(built) || statSync(built).mtimeMs < newest('src')) {
  execSync('npm run build --silent', { stdio: 'inherit' });
}

// Part of `npm run lint`: no import cycle in src/, type-only imports included. eslint's
// import-x/no-cycle follows the imports that run (TypeScript erases `import type`); a cycle of
// types still ties two modules into one, so this check follows every import TypeScript resolves.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const files = config.fileNames.filter((file) => file.startsWith(resolve(root, 'src') + '/'));
const inSrc = new Set(files);
const graph = new Map(
  files.map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles
      .map(({ fileName }) => ts.resolveModuleName(fileName, file, config.options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((dep) => dep !== undefined && inSrc.has(dep));
    return [file, deps];
  }),
);

// Tarjan's strongly connected components: any with more than one module (or a self-import) is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let next = 0;
function visit(file) {
  index.set(file, next);
  low.set(file, next++);
  stack.push(file);
  onStack.add(file);
  for (const dep of graph.get(file)) {
    if (!index.has(dep)) {
      visit(dep);
      low.set(file, Math.min(low.get(file), low.get(dep)));
    } else if (onStack.has(dep)) low.set(file, Math.min(low.get(file), index.get(dep)));
  }
  if (low.get(file) !== index.get(file)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(relative(root, member));
  } while (member !== file);
  if (component.length > 1 || graph.get(file).includes(file)) cycles.push(component.sort());
}
for (const file of graph.keys()) if (!index.has(file)) visit(file);

if (cycles.length > 0) {
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' <-> ')}`);
  process.exit(1);
}
console.log(`no import cycles in ${files.length} modules of src/ (type-only imports included)`);

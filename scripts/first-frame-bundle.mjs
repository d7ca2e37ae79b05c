// What the dashboard loads before its first frame (issue 17): the bin, the modules
// `runDashboardCommand` imports on the way to a new session's frame, and all they import
// statically. None of them may hold what the first frame does not need and costs time to load:
// zod (the readers' validation, ~450 KB: a journal resumed or a file read loads it) or the
// tokenizer's core (its split patterns are built from the Unicode tables when it loads; the
// first frame is drawn before any encoder is loaded, and says "loading...").

/** The modules the dashboard imports on demand before its first frame (src/commands/dashboard.ts). */
const FIRST_FRAME_IMPORTS = ['dist/commands/dashboardSession.js', 'dist/ui/terminal/runDashboard.js', 'dist/commands/dashboardIo.js'];

const NOT_BEFORE_FIRST_FRAME = /node_modules\/zod\/|dist\/core\/(unicodeClasses|splitPattern|tokenizer|rankTable)\.js$/;

/** The output files loaded before the first frame, given the build's metafile (paths relative to `root`). */
export function firstFrameOutputs(metafile, binOutput = 'dist/context-accountant.js') {
  const outputs = metafile.outputs;
  const dynamic = Object.keys(outputs).filter((file) => FIRST_FRAME_IMPORTS.includes(outputs[file].entryPoint));
  if (dynamic.length !== FIRST_FRAME_IMPORTS.length) throw new Error(`first-frame bundle: found ${dynamic.join(', ')} for ${FIRST_FRAME_IMPORTS.join(', ')}`);
  const seen = new Set();
  const queue = [binOutput, ...dynamic];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!outputs[file]) throw new Error(`first-frame bundle: ${file} is not an output`);
    for (const { path, kind, external } of outputs[file].imports) if (!external && kind === 'import-statement') queue.push(path);
  }
  return [...seen];
}

/** Fails the build if a file loaded before the dashboard's first frame holds zod or the tokenizer's core. */
export function checkFirstFrameBundle(metafile) {
  for (const file of firstFrameOutputs(metafile)) {
    const pulled = Object.keys(metafile.outputs[file].inputs).find((input) => NOT_BEFORE_FIRST_FRAME.test(input));
    if (pulled) throw new Error(`first-frame bundle: the dashboard loads ${file} before its first frame, and it holds ${pulled}`);
  }
}

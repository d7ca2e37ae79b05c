/**
 * Where a value sits in a JSON text, so that an error can name its line. `JSON.parse` gives values
 * without positions; this walks the (already valid) text along one path, skipping everything else.
 */
export type JsonPath = readonly PropertyKey[];

/** Offset of the value at `path`, or of the deepest value on the path that exists. */
export function locateJsonPath(text: string, path: JsonPath, start = 0): number {
  let at = skipSpace(text, start);
  for (const key of path) {
    const next = typeof key === 'number' ? arrayElement(text, at, key) : objectMember(text, at, String(key));
    if (next === undefined) return at;
    at = next;
  }
  return at;
}

/** The value at `path` as the text writes it (the text valid JSON, the path present in it). */
export function jsonTextAt(text: string, path: JsonPath): string {
  const start = locateJsonPath(text, path);
  return text.slice(start, skipValue(text, start));
}

function arrayElement(text: string, at: number, wanted: number): number | undefined {
  if (text[at] !== '[') return undefined;
  let i = skipSpace(text, at + 1);
  if (text[i] === ']') return undefined;
  for (let index = 0; ; index++) {
    if (index === wanted) return i;
    i = skipSpace(text, skipValue(text, i));
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
}

function objectMember(text: string, at: number, wanted: string): number | undefined {
  if (text[at] !== '{') return undefined;
  let i = skipSpace(text, at + 1);
  let found: number | undefined;
  while (text[i] === '"') {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    if (key === wanted) found = i; // the last duplicate wins, as in JSON.parse
    i = skipSpace(text, skipValue(text, i));
    if (text[i] !== ',') break;
    i = skipSpace(text, i + 1);
  }
  return found;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r\uFEFF'.includes(text[i]!)) i++;
  return i;
}

function skipString(text: string, i: number): number {
  for (i += 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return i;
}

function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first !== '{' && first !== '[') {
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      i = skipString(text, i);
      continue;
    }
    if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/**
 * The path of the first object or array nested deeper than `limit` levels (the top level is
 * level 1), or undefined. A walk with a stack of its own, not recursion: the value may be nested
 * thousands deep, which is exactly what this is looking for.
 */
export function pathDeeperThan(value: unknown, limit: number): JsonPath | undefined {
  interface Frame {
    readonly value: object;
    readonly depth: number;
    readonly key: PropertyKey;
    readonly parent: Frame | undefined;
  }
  const stack: Frame[] = [];
  const visit = (child: unknown, depth: number, key: PropertyKey, parent: Frame | undefined) => {
    if (child !== null && typeof child === 'object') stack.push({ value: child, depth, key, parent });
  };
  visit(value, 1, '', undefined);
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > limit) {
      const path: PropertyKey[] = [];
      for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) path.push(at.key);
      return path.reverse();
    }
    if (Array.isArray(frame.value)) {
      for (let i = frame.value.length - 1; i >= 0; i--) visit(frame.value[i], frame.depth + 1, i, frame);
    } else {
      const record = frame.value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) visit(record[keys[i]!], frame.depth + 1, keys[i]!, frame);
    }
  }
  return undefined;
}

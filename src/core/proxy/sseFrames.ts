/**
 * Server-sent events cut out of a byte stream as it arrives, each with its exact bytes (so what is
 * passed on unchanged is passed on byte for byte) and its `data` text (the lines joined, as the
 * spec says, one leading space taken off each).
 */
export interface SseFrame {
  /** The event's bytes, its blank-line terminator included. */
  readonly bytes: Uint8Array;
  /** The `event:` name, if any. */
  readonly event?: string;
  /** The `data:` text; undefined for an event without data (a comment, a keep-alive). */
  readonly data?: string;
}

export interface SseSplitter {
  /** The frames completed by these bytes (a frame split across chunks comes out when it is whole). */
  push(bytes: Uint8Array): SseFrame[];
  /** What came after the last complete frame (a stream cut half-way through one). */
  rest(): Uint8Array;
}

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();

export function sseSplitter(): SseSplitter {
  let pending: Uint8Array = new Uint8Array(0);
  return {
    push(bytes) {
      pending = pending.length === 0 ? bytes : concat(pending, bytes);
      const frames: SseFrame[] = [];
      let start = 0;
      for (let end; (end = frameEnd(pending, start)) >= 0; start = end) frames.push(frameOf(pending.subarray(start, end)));
      pending = start === 0 ? pending : pending.slice(start);
      return frames;
    },
    rest: () => pending,
  };
}

/** Where the frame starting at `from` ends (just after its blank line), or -1 if it has not yet. */
function frameEnd(bytes: Uint8Array, from: number): number {
  let lineStart = from;
  for (let i = from; i < bytes.length; ) {
    const byte = bytes[i];
    if (byte !== LF && byte !== CR) {
      i++;
      continue;
    }
    // A CR last: an LF may follow in the next chunk (one CRLF, not two line endings).
    if (byte === CR && i + 1 === bytes.length) return -1;
    const next = byte === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    if (i === lineStart) return next; // an empty line ends the frame
    lineStart = next;
    i = next;
  }
  return -1;
}

function frameOf(bytes: Uint8Array): SseFrame {
  const lines = decoder.decode(bytes).split(/\r\n|\r|\n/);
  let event: string | undefined;
  const data: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon === 0 || line === '') continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  return { bytes, ...(event !== undefined && { event }), ...(data.length > 0 && { data: data.join('\n') }) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/**
 * The JSON object text without its top-level member `key`, everything else as it was (its order,
 * its spacing, its escapes): so a chunk re-sent without a field we asked for is byte for byte the
 * chunk the API sends when not asked. Undefined if the text is not an object with that member.
 */
export function withoutMember(json: string, key: string): string | undefined {
  let i = skipSpace(json, 0);
  if (json[i] !== '{') return undefined;
  i++;
  let previousEnd = i; // where the previous member ended (after its value), or just after '{'
  for (let index = 0; ; index++) {
    const memberStart = skipSpace(json, i);
    if (json[memberStart] === '}') return undefined;
    if (json[memberStart] !== '"') return undefined;
    const keyEnd = stringEnd(json, memberStart);
    if (keyEnd < 0) return undefined;
    let name: unknown;
    try {
      name = JSON.parse(json.slice(memberStart, keyEnd));
    } catch {
      return undefined;
    }
    const colon = skipSpace(json, keyEnd);
    if (json[colon] !== ':') return undefined;
    const valueEnd = valueEndAt(json, skipSpace(json, colon + 1));
    if (valueEnd < 0) return undefined;
    const after = skipSpace(json, valueEnd);
    if (name === key) {
      // The first member takes the comma after it; any other, the comma before it.
      if (index === 0) return json[after] === ',' ? json.slice(0, memberStart) + json.slice(skipSpace(json, after + 1)) : json.slice(0, memberStart) + json.slice(after);
      return json.slice(0, previousEnd) + json.slice(valueEnd);
    }
    if (json[after] === '}') return undefined;
    if (json[after] !== ',') return undefined;
    previousEnd = valueEnd;
    i = after + 1;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  return at;
}

/** Just after the string that starts at `at` (a quote), or -1. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Just after the JSON value that starts at `at`, or -1. */
function valueEndAt(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return stringEnd(text, at);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        i = stringEnd(text, i) - 1;
        if (i < 0) return -1;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
  return literal ? at + literal[0].length : -1;
}

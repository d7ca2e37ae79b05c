import { parseKey, type Key } from './parseKey.js';
import { splitKeys } from './splitKeys.js';

/**
 * Turns Ink's raw input events into keys and pastes. With bracketed paste on (ESC[?2004h) the
 * terminal wraps a paste in ESC[200~ ... ESC[201~; Ink 6.8 does not read those markers: it emits
 * each marker as its own event and the text between as text events (one per chunk read), so a
 * lone "\r" chunk would look like Enter. Everything between the markers is collected here and comes
 * out as one paste. Anything else is keys, however many arrive together ("quick\r" is "quick" typed,
 * then Enter): only a bracketed paste is a paste.
 */
export const BRACKETED_PASTE_ON = '\x1b[?2004h';
export const BRACKETED_PASTE_OFF = '\x1b[?2004l';
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

export interface InputReaderState {
  /** The chunks of a paste still arriving; undefined outside a paste. */
  readonly pasting: readonly string[] | undefined;
  /**
   * An end marker has come, but the read it came in may hold more: text right after it in the same
   * read is pasted text that happened to hold the marker (a paste is one write by the terminal;
   * keys come in reads of their own). The paste ends at the end of the read (`endOfRead`).
   */
  readonly closing?: boolean;
}

export type InputEvent = { readonly kind: 'key'; readonly key: Key } | { readonly kind: 'paste'; readonly text: string };

export const IDLE: InputReaderState = { pasting: undefined };

const CTRL_C = '\x03';

/** Terminals send a pasted newline as CR (some as CRLF); the message holds LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** One of Ink's raw events: the keys it holds, none while a paste is arriving (or for its markers). */
export function readInput(state: InputReaderState, raw: string): { state: InputReaderState; events: InputEvent[] } {
  if (state.pasting) {
    // Ctrl+C on its own is a key press even inside a paste whose end never came (a terminal that
    // lost it): the dashboard can always be left. Pasted text comes in longer chunks.
    if (raw === CTRL_C) return { state: IDLE, events: [{ kind: 'key', key: parseKey(raw) }] };
    // More in the read that brought an end marker: the marker was pasted text, kept where it was.
    const chunks = state.closing ? [...state.pasting, PASTE_END] : state.pasting;
    // A paste ending in ESC reaches us as ESC and the end marker in one event (Ink reads them as one sequence).
    if (raw.endsWith(PASTE_END)) return { state: { pasting: [...chunks, raw.slice(0, -PASTE_END.length)], closing: true }, events: [] };
    return { state: { pasting: [...chunks, raw] }, events: [] };
  }
  // Likewise an Esc pressed just before a paste arrives glued to its start marker.
  if (raw === PASTE_START || raw === `\x1b${PASTE_START}`) return { state: { pasting: [] }, events: [] };
  return { state, events: splitKeys(raw).map((key) => ({ kind: 'key', key: parseKey(key) })) };
}

/** The read is over: a paste whose end marker came in it is whole. */
export function endOfRead(state: InputReaderState): { state: InputReaderState; event: InputEvent | undefined } {
  if (!state.pasting || !state.closing) return { state, event: undefined };
  return { state: IDLE, event: { kind: 'paste', text: normalizeNewlines(state.pasting.join('')) } };
}

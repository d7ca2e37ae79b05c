import { parseKey, type Key } from './parseKey.js';

/**
 * Turns Ink's raw input events into keys and pastes. With bracketed paste on (ESC[?2004h) the
 * terminal wraps a paste in ESC[200~ ... ESC[201~; Ink 6.8 does not read those markers: it emits
 * each marker as its own event and the text between as text events (one per chunk read), so a
 * lone "\r" chunk would look like Enter. Everything between the markers is collected here and comes
 * out as one paste. Without bracketed paste, a multi-character event holding a newline can only be
 * a paste (no one types that fast), so it is one too.
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

export type InputEvent =
  | { readonly kind: 'key'; readonly key: Key }
  | { readonly kind: 'paste'; readonly text: string }
  /** Part of a paste still arriving, or a marker: nothing to do yet. */
  | { readonly kind: 'pasting' };

export const IDLE: InputReaderState = { pasting: undefined };

const CTRL_C = '\x03';

/** Terminals send a pasted newline as CR (some as CRLF); the message holds LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function readInput(state: InputReaderState, raw: string): { state: InputReaderState; event: InputEvent } {
  if (state.pasting) {
    // Ctrl+C on its own is a key press even inside a paste whose end never came (a terminal that
    // lost it): the dashboard can always be left. Pasted text comes in longer chunks.
    if (raw === CTRL_C) return { state: IDLE, event: { kind: 'key', key: parseKey(raw) } };
    // More in the read that brought an end marker: the marker was pasted text, kept where it was.
    const chunks = state.closing ? [...state.pasting, PASTE_END] : state.pasting;
    // A paste ending in ESC reaches us as ESC and the end marker in one event (Ink reads them as one sequence).
    if (raw.endsWith(PASTE_END)) return { state: { pasting: [...chunks, raw.slice(0, -PASTE_END.length)], closing: true }, event: { kind: 'pasting' } };
    return { state: { pasting: [...chunks, raw] }, event: { kind: 'pasting' } };
  }
  // Likewise an Esc pressed just before a paste arrives glued to its start marker.
  if (raw === PASTE_START || raw === `\x1b${PASTE_START}`) return { state: { pasting: [] }, event: { kind: 'pasting' } };
  if (raw.length > 1 && !raw.startsWith('\x1b') && /[\r\n]/.test(raw)) {
    return { state, event: { kind: 'paste', text: normalizeNewlines(raw) } };
  }
  return { state, event: { kind: 'key', key: parseKey(raw) } };
}

/** The read is over: a paste whose end marker came in it is whole. */
export function endOfRead(state: InputReaderState): { state: InputReaderState; event: InputEvent | undefined } {
  if (!state.pasting || !state.closing) return { state, event: undefined };
  return { state: IDLE, event: { kind: 'paste', text: normalizeNewlines(state.pasting.join('')) } };
}

/**
 * Whether a raw event is something a key sends: anything that is not an escape sequence, or a CSI
 * sequence ending the way key sequences end (arrows A-D, Home/End H/F, F1-F4 P-S, Shift+Tab Z, ~ and
 * the kitty protocol's u), or an SS3 or Alt sequence. Others ("\x1b[31m", "\x1b[2J") only come from
 * pasted or hostile text.
 */
export function isKeySequence(raw: string): boolean {
  if (!raw.startsWith('\x1b[')) return true;
  return /^\x1b\[\[?[0-9;:<=>?]*[A-DFHP-SZ~u]$/.test(raw);
}

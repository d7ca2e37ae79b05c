/**
 * Message text comes from files and pastes: it must never drive the terminal. Every C0 control
 * but the newline, DEL, every C1 control and so ESC itself become visible escapes (`\x1b`), so a
 * pasted colour code or cursor move shows as text. One small function, to be swapped for the shared
 * sanitizer (src/core/sanitize.ts) once it lands.
 */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;

export function visibleControls(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** For one-line places (the typed input): newlines are controls too. */
export function visibleControlsOneLine(text: string): string {
  return visibleControls(text).replace(/\n/g, '\\n');
}

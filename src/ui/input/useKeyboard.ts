import { useInput, useStdin } from 'ink';
import { useCallback, useEffect, useRef } from 'react';
import { commandFor, type Command, type Scope } from './keymap.js';
import { endOfRead, IDLE, isKeySequence, PASTE_END, readInput, type InputEvent } from './readInput.js';

export interface KeyboardHandlers {
  readonly scope: Scope;
  onCommand(command: Command): void;
  onPaste(text: string): void;
}

/**
 * Reads Ink's raw input events before anyone else (wrapping the emitter's emit), so a paste is collected
 * whole and keymap keys are known before the text input sees them; then, inside Ink's own input
 * callback (batched React updates), turns them into commands. `typing()` tells the text input
 * whether the event it is handling is ordinary typing it may apply. Its `useInput` is always
 * active, so raw mode stays on whatever the text input's focus.
 */
export function useKeyboard(handlers: KeyboardHandlers): { typing: () => boolean } {
  const { internal_eventEmitter: events } = useStdin();
  const reader = useRef(IDLE);
  const latest = useRef<InputEvent | undefined>(undefined);
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    // Every raw event is read here first. A paste's contents (and any escape sequence that is not
    // a key) never reach Ink's input handlers: Ink 6.8's useInput throws on some sequences a paste
    // may hold (an SGR colour, "\x1b[31m"), which would end the process.
    const emit = events.emit;
    // Ink emits every event of one read from stdin synchronously: a microtask runs once they are all out.
    const finishRead = () => {
      const { state, event } = endOfRead(reader.current);
      reader.current = state;
      if (!event) return;
      latest.current = event;
      emit.call(events, 'input', PASTE_END);
    };
    events.emit = function (this: typeof events, name: string | symbol, ...args: unknown[]) {
      if (name === 'input' && typeof args[0] === 'string') {
        const closing = reader.current.closing === true;
        const { state, event } = readInput(reader.current, args[0]);
        reader.current = state;
        latest.current = event;
        if (state.closing && !closing) queueMicrotask(finishRead);
        if (event.kind === 'pasting' || (event.kind === 'key' && !isKeySequence(args[0]))) return false;
      }
      return emit.call(this, name, ...args);
    };
    return () => {
      events.emit = emit;
    };
  }, [events]);

  const typing = useCallback(() => {
    const event = latest.current;
    return event?.kind === 'key' && !event.key.ctrl && commandFor(event.key, current.current.scope) === undefined;
  }, []);

  useInput(
    useCallback(() => {
      const event = latest.current;
      if (!event) return;
      const { scope, onCommand, onPaste } = current.current;
      if (event.kind === 'paste') onPaste(event.text);
      if (event.kind === 'key') {
        const command = commandFor(event.key, scope);
        if (command) onCommand(command);
      }
    }, []),
  );

  return { typing };
}

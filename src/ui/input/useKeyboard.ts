import { useInput, useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { commandFor, type Command, type Scope } from './keymap.js';
import { endOfRead, IDLE, readInput, type InputEvent } from './readInput.js';

export interface KeyboardHandlers {
  /** Where keys go now: read for every key, since a key earlier in the same read may have opened a prompt. */
  scope(): Scope;
  onCommand(command: Command): void;
  onPaste(text: string): void;
  /** Printable text typed (never a control character: those are keys, bound or ignored). */
  onType(text: string): void;
}

/**
 * Reads Ink's raw input events before anyone else (wrapping the emitter's emit) and handles them
 * all here: each read is cut into its keys (splitKeys), a bracketed paste is collected whole, and
 * every key is a command of the keymap, typed text, or nothing. None of it reaches Ink's own input
 * handlers: Ink 6.8's useInput throws on some sequences a paste may hold (an SGR colour,
 * "\x1b[31m"), which would end the process. The `useInput` below handles nothing; it keeps raw
 * mode on.
 */
export function useKeyboard(handlers: KeyboardHandlers): void {
  const { internal_eventEmitter: events } = useStdin();
  const reader = useRef(IDLE);
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    const handle = (event: InputEvent) => {
      const { scope, onCommand, onPaste, onType } = current.current;
      if (event.kind === 'paste') return onPaste(event.text);
      const where = scope();
      const command = commandFor(event.key, where);
      if (command) onCommand(command);
      else if (event.key.name === 'text' && where !== 'picker') onType(event.key.text);
    };
    const emit = events.emit;
    // Ink emits every event of one read from stdin synchronously: a microtask runs once they are all out.
    const finishRead = () => {
      const { state, event } = endOfRead(reader.current);
      reader.current = state;
      if (event) handle(event);
    };
    events.emit = function (this: typeof events, name: string | symbol, ...args: unknown[]) {
      if (name !== 'input' || typeof args[0] !== 'string') return emit.call(this, name, ...args);
      const closing = reader.current.closing === true;
      const { state, events: keys } = readInput(reader.current, args[0]);
      reader.current = state;
      if (state.closing && !closing) queueMicrotask(finishRead);
      for (const key of keys) handle(key);
      return true;
    };
    return () => {
      events.emit = emit;
    };
  }, [events]);

  useInput(ignore);
}

function ignore(): void {}

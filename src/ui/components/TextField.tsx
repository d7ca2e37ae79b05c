import TextInput from 'ink-text-input';
import { useState } from 'react';

export interface TextFieldProps {
  readonly value: string;
  readonly focus: boolean;
  /** Typing the text input applied; the value shown is the one passed back in `value`. */
  onChange(text: string): void;
}

/**
 * ink-text-input, controlled by `value`. It keeps its cursor to itself, so whenever the value it
 * is given is not the one it last reported (set from outside: cleared, a completion; or a change it
 * reported was not taken: a key the keymap took, a paste), it starts afresh with the cursor at
 * the end. Nothing in the dashboard's state exists for its sake.
 */
export function TextField({ value, focus, onChange }: TextFieldProps) {
  const [reported, setReported] = useState(value);
  const [mount, setMount] = useState(0);
  if (reported !== value) {
    // Adjusting state while rendering (React's pattern for state derived from props): no extra frame.
    setReported(value);
    setMount(mount + 1);
  }
  return (
    <TextInput
      key={mount}
      value={value}
      focus={focus}
      onChange={(text) => {
        setReported(text);
        onChange(text);
      }}
    />
  );
}

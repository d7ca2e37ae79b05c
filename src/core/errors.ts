/**
 * Bad input from the user (a flag, a file, a model id): the entry point prints its message as one
 * line on stderr and exits 2. Anything else is a bug and may show a stack.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

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

/** A file to write exists and `force` was not given; the dashboard asks before overwriting, the CLI says --force. */
export class FileExistsError extends InputError {
  constructor(readonly path: string) {
    super(`${path}: already exists; pass --force to overwrite it`);
  }
}

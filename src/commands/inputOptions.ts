import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES, type ReadLimits } from '../io/readText.js';

/** The flags of every command that reads a file or stdin, as commander hands them over. */
export interface InputFlags {
  readonly maxBytes?: string;
}

export function withInputOptions(command: Command): Command {
  return command.option('--max-bytes <size>', 'refuse larger input: bytes, or with K, M, G (powers of 1024)', '50M');
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "50M", "64k", "1000" -> bytes; anything else is an InputError naming the flag. */
export function parseByteSize(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(value.trim());
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InputError(`${flag} must be a size such as 50M, 64K or 1000000 (bytes), got "${value}"`);
  }
  return bytes;
}

export function readLimits(flags: InputFlags): ReadLimits {
  return { maxBytes: flags.maxBytes === undefined ? DEFAULT_MAX_BYTES : parseByteSize('--max-bytes', flags.maxBytes) };
}

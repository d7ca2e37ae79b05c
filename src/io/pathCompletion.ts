import { readdirSync, statSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

/**
 * Tab completion of a path typed in the dashboard, as a shell does it: the last part of the path
 * is completed from its directory's entries, as far as every match agrees. Hidden entries match
 * only when the typed part starts with a dot. `~/` is the home directory.
 */
export interface DirectoryEntry {
  readonly name: string;
  readonly directory: boolean;
}

export interface Completion {
  /** The text, its last part completed as far as every match agrees (a lone directory match ends in '/'). */
  readonly text: string;
  /** Every matching name, directories ending in '/', sorted. */
  readonly matches: readonly string[];
}

/** Pure: completes `text` from the entries of the directory its last '/' names. */
export function completeFrom(text: string, entries: readonly DirectoryEntry[]): Completion {
  const { head, partial } = splitPath(text);
  const matches = entries
    .filter((entry) => entry.name.startsWith(partial) && (partial.startsWith('.') || !entry.name.startsWith('.')))
    .map((entry) => (entry.directory ? `${entry.name}/` : entry.name))
    .sort();
  if (matches.length === 0) return { text, matches };
  return { text: head + commonPrefix(matches), matches };
}

/** The part before the last '/' (kept as typed) and the part being completed. */
export function splitPath(text: string): { head: string; partial: string } {
  const slash = text.lastIndexOf('/');
  return { head: text.slice(0, slash + 1), partial: text.slice(slash + 1) };
}

export function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const name of names) {
    let i = 0;
    while (i < prefix.length && i < name.length && prefix[i] === name[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** `~` and `~/...` name the home directory; anything else is left as typed. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

export interface CompletionPlace {
  /** Where relative paths start; default the process's working directory. */
  readonly cwd?: string;
  readonly home?: string;
}

/** Completes `text` from the file system. A directory that cannot be read has no entries. */
export function completePath(text: string, { cwd = process.cwd(), home = homedir() }: CompletionPlace = {}): Completion {
  const { head } = splitPath(text);
  const directory = resolve(cwd, expandHome(head === '' ? '.' : head, home));
  return completeFrom(text, listDirectory(directory));
}

export function listDirectory(directory: string): DirectoryEntry[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.map((entry) => ({ name: entry.name, directory: entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(resolve(directory, entry.name))) }));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

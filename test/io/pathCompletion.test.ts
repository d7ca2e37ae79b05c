import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeFrom, completePath, expandHome, type DirectoryEntry } from '../../src/io/pathCompletion.js';

const file = (name: string): DirectoryEntry => ({ name, directory: false });
const dir = (name: string): DirectoryEntry => ({ name, directory: true });
const FIXTURES = [file('support-chat.json'), file('sharegpt.json'), file('lesson.json'), dir('old'), file('.hidden.json')];

describe('completeFrom (the matching, without a file system)', () => {
  it('completes a unique match whole, after what was typed before the last slash', () => {
    expect(completeFrom('fixtures/sup', FIXTURES)).toEqual({ text: 'fixtures/support-chat.json', matches: ['support-chat.json'] });
    expect(completeFrom('les', FIXTURES)).toEqual({ text: 'lesson.json', matches: ['lesson.json'] });
  });

  it('completes as far as every match agrees, and lists them sorted', () => {
    expect(completeFrom('x/s', FIXTURES)).toEqual({ text: 'x/s', matches: ['sharegpt.json', 'support-chat.json'] });
    expect(completeFrom('x/sh', FIXTURES).text).toBe('x/sharegpt.json');
  });

  it('ends a directory with a slash, so the next Tab lists it', () => {
    expect(completeFrom('o', FIXTURES)).toEqual({ text: 'old/', matches: ['old/'] });
  });

  it('offers hidden entries only when the typed part starts with a dot', () => {
    expect(completeFrom('', FIXTURES).matches).not.toContain('.hidden.json');
    expect(completeFrom('.h', FIXTURES).text).toBe('.hidden.json');
  });

  it('leaves the text as it is when nothing matches', () => {
    expect(completeFrom('fixtures/zzz', FIXTURES)).toEqual({ text: 'fixtures/zzz', matches: [] });
  });
});

describe('completePath (the file system)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ca-complete-'));
  mkdirSync(join(root, 'chats'));
  writeFileSync(join(root, 'chats', 'support-chat.json'), '[]');
  writeFileSync(join(root, 'chats', 'sharegpt.json'), '[]');
  symlinkSync(join(root, 'chats'), join(root, 'linked'));

  it('lists the directory the path names, absolute or relative to cwd', () => {
    expect(completePath(`${root}/chats/sup`).text).toBe(`${root}/chats/support-chat.json`);
    expect(completePath('chats/sh', { cwd: root }).text).toBe('chats/sharegpt.json');
    expect(completePath('ch', { cwd: root }).text).toBe('chats/');
  });

  it('follows a link to a directory as a directory', () => {
    expect(completePath('lin', { cwd: root }).text).toBe('linked/');
  });

  it('reads ~/ as the home directory but keeps it as typed', () => {
    expect(completePath('~/chats/sup', { home: root }).text).toBe('~/chats/support-chat.json');
    expect(expandHome('~/chats', root)).toBe(`${root}/chats`);
    expect(expandHome('~', root)).toBe(root);
    expect(expandHome('a~/b', root)).toBe('a~/b');
  });

  it('finds nothing in a directory that does not exist or is a file', () => {
    expect(completePath(`${root}/nowhere/x`).matches).toEqual([]);
    expect(completePath(`${root}/chats/sharegpt.json/x`).matches).toEqual([]);
  });
});

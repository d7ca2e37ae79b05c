// The in-memory terminal the dashboard benchmarks render the real App to (Ink's normal mode, not
// ink-testing-library's debug mode): a 160x48 stdout that keeps the last frame's text and tells
// when the next write comes, and a stdin that keys are written to.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';

export class FakeStdout extends EventEmitter {
  columns = 160;
  rows = 48;
  isTTY = true;
  last = '';
  /** performance.now() of every write holding text (a frame). */
  frames = [];
  waiters = [];
  write = (chunk) => {
    const text = String(chunk).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    const at = performance.now();
    if (text.trim() !== '') {
      this.last = text; // not a bare cursor show/hide
      this.frames.push(at);
    }
    for (const resolve of this.waiters.splice(0)) resolve(at);
    return true;
  };
  nextWrite = () => new Promise((resolve) => this.waiters.push(resolve));
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  write(data) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check(screen())` holds, polling every millisecond. */
export async function until(screen, check, what, ms = 600_000) {
  const deadline = performance.now() + ms;
  while (!check(screen())) {
    if (performance.now() > deadline) throw new Error(`waited for ${what}; screen:\n${screen()}`);
    await idle(1);
  }
}

/** The built App and what renders it, loaded as `context-accountant dashboard` loads them (React's production build). */
export async function loadDashboard() {
  process.env.NODE_ENV ??= 'production';
  const React = await import('react');
  const { render } = await import('ink');
  const { App } = await import('../../dist/ui/App.js');
  const { requireModel } = await import('../../dist/core/catalog.js');
  const { FORMAT_RULES } = await import('../../dist/core/chatFormat.js');
  const { closeSharedCounterPool } = await import('../../dist/io/workerCounter.js');
  return { React, render, App, requireModel, FORMAT_RULES, closeSharedCounterPool };
}

const WORDS = 'the request failed because the context window was full so the model refused it again today'.split(' ');

/** The i-th message of a benchmark session: alternately user and assistant, ~40 tokens, numbered. */
export const benchMessage = (i) => ({
  role: i % 2 === 0 ? 'user' : 'assistant',
  content: Array.from({ length: 30 }, (_, w) => WORDS[(i * 7 + w) % WORDS.length]).join(' ') + ` (${i})`,
});

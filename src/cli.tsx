#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { registerCompare } from './commands/compare.js';
import { registerCount } from './commands/count.js';
import { registerReplay, runDashboardCommand, withDashboardOptions } from './commands/dashboard.js';
import { registerKv } from './commands/kv.js';
import { registerModels } from './commands/models.js';
import { registerProxy } from './commands/proxy.js';
import { registerReport } from './commands/reportCommand.js';
import { registerSessions } from './commands/sessions.js';
import { registerSimulate } from './commands/simulate.js';
import { InputError } from './core/errors.js';
import { sanitizeLine } from './core/sanitize.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('context-accountant')
    .description('What an LLM conversation costs, call by call, and how full its context window is.')
    .version(version)
    .showSuggestionAfterError()
    .enablePositionalOptions()
    .exitOverride();
  withDashboardOptions(program)
    .argument('[file]', 'a conversation to replay in the dashboard')
    .action(runDashboardCommand);
  registerSimulate(program);
  registerReplay(program);
  registerReport(program);
  registerCount(program);
  registerModels(program);
  registerCompare(program);
  registerKv(program);
  registerSessions(program);
  registerProxy(program);
  return program;
}

/** Runs the program; returns the exit code. The only place that decides how the process ends. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof InputError) {
      // The message may quote the file (JSON.parse echoes a snippet of it): never let it drive the terminal.
      process.stderr.write(`context-accountant: ${sanitizeLine(error.message)}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { countReport } from './commands/count.js';
import { formatModels, modelsReport } from './commands/models.js';
import { resolveModel, type ModelFlags } from './commands/modelOptions.js';
import { conversationReport, formatReport } from './commands/report.js';
import { formatSimulate, simulateReport } from './commands/simulate.js';
import { loadTokenizer } from './core/tokenizer.js';
import { InputError } from './errors.js';
import { parseConversation } from './io/conversationFile.js';
import { readStdin, readTextFile } from './io/readText.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

interface OutputFlags {
  readonly json?: boolean;
}

function print(report: unknown, text: (report: never) => string, flags: OutputFlags): void {
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : text(report as never));
}

function withModelOptions(command: Command): Command {
  return command
    .option('-m, --model <id>', 'model from the catalog (see: models)', 'gpt-4')
    .option('--limit <tokens>', 'context window to use instead of the catalog one')
    .option('--price-in <usd>', 'input price, USD per 1M tokens')
    .option('--price-out <usd>', 'output price, USD per 1M tokens')
    .addOption(
      new Option('--overhead <rule>', 'chat-format rule: "cookbook" (what the API bills) or "4" (the lesson script)').default(
        'cookbook',
      ),
    )
    .option('--json', 'print the report as JSON');
}

async function simulate(flags: ModelFlags & OutputFlags): Promise<void> {
  const choice = resolveModel(flags);
  const { count } = await loadTokenizer(choice.model.encoding);
  print(simulateReport(choice, count), formatSimulate, flags);
}

export function buildProgram(): Command {
  const program = new Command('context-accountant')
    .description('What an LLM conversation costs, call by call, and how full its context window is.')
    .version(version)
    .showSuggestionAfterError()
    .enablePositionalOptions()
    .exitOverride();

  withModelOptions(program).action(simulate);

  withModelOptions(program.command('simulate'))
    .description("replay the lesson's scenario (hello, a pasted log, five short turns) with the true figures")
    .addHelpText('after', '\nExample:\n  context-accountant simulate --model gpt-4o --json')
    .action(simulate);

  withModelOptions(program.command('report').argument('<file>', 'conversation: {"messages": [...]} or an array'))
    .description('the per-turn ledger of a conversation file')
    .addHelpText('after', '\nExample:\n  context-accountant report fixtures/lesson.json --model gpt-4o')
    .action(async (file: string, flags: ModelFlags & OutputFlags) => {
      const choice = resolveModel(flags);
      const messages = parseConversation(readTextFile(file), file);
      const { count } = await loadTokenizer(choice.model.encoding);
      print(conversationReport(choice, count, messages), formatReport, flags);
    });

  withModelOptions(program.command('count').argument('[file]', 'text file (stdin when absent)'))
    .description('tokens of raw text for a model (no chat framing)')
    .addHelpText('after', '\nExamples:\n  context-accountant count notes.txt --model gpt-4o\n  echo "Hello there." | context-accountant count --json')
    .action(async (file: string | undefined, flags: ModelFlags & OutputFlags) => {
      const choice = resolveModel(flags);
      const text = file === undefined ? await readStdin() : readTextFile(file);
      const tokenizer = await loadTokenizer(choice.model.encoding);
      print(countReport(choice.model, tokenizer, text), (r: { tokens: number }) => `${r.tokens}\n`, flags);
    });

  program
    .command('models')
    .description('the model catalog: context windows and list prices, with sources')
    .option('--json', 'print the catalog as JSON')
    .addHelpText('after', '\nExample:\n  context-accountant models --json')
    .action((flags: OutputFlags) => print(modelsReport(), formatModels, flags));

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
      process.stderr.write(`context-accountant: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));

import type { ModelEntry } from '../core/catalog.js';
import { estimateFields } from '../core/estimate.js';
import type { Command } from 'commander';
import { loadTokenizer } from '../core/tokenizerOnDemand.js';
import type { Tokenizer } from '../core/tokenizer.js';
import { readStdin, readTextFile } from '../io/readText.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { readLimits, withInputOptions, type InputFlags } from './inputOptions.js';
import { resolveModel, type ModelFlags } from './modelOptions.js';

export interface CountReport {
  readonly model: string;
  readonly encoding: string;
  readonly tokens: number;
  /** True where the count is a stand-in tokenizer's (Claude, Gemini...). */
  readonly estimate?: true;
}

/** Tokens of raw text, as ordinary text (no chat framing). */
export function countReport(model: ModelEntry, tokenizer: Tokenizer, text: string): CountReport {
  return { model: model.id, encoding: model.encoding, tokens: tokenizer.count(text), ...estimateFields(model) };
}

export function registerCount(program: Command): void {
  withExample(
    withInputOptions(withModelOptions(program.command('count').argument('[file]', 'text file (stdin when absent)'))),
    'context-accountant count notes.txt --model gpt-4o',
    'echo "Hello there." | context-accountant count --json',
  )
    .description('tokens of raw text for a model (no chat framing)')
    .action(async (file: string | undefined, flags: ModelFlags & OutputFlags & InputFlags) => {
      const choice = await resolveModel(flags);
      const limits = readLimits(flags);
      const text = file === undefined ? await readStdin(process.stdin, limits) : readTextFile(file, limits);
      const tokenizer = await loadTokenizer(choice.model.encoding);
      printReport(countReport(choice.model, tokenizer, text), (r) => `${r.tokens}${r.estimate ? ' (estimate)' : ''}\n`, flags);
    });
}

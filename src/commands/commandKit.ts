import { Option, type Command } from 'commander';
import { stringifyTerminalSafe } from '../core/sanitize.js';

export interface OutputFlags {
  readonly json?: boolean;
}

/** Prints the report object itself as JSON, or its plain-text rendering: both views of one object. */
export function printReport<T>(report: T, render: (report: T) => string, flags: OutputFlags): void {
  process.stdout.write(flags.json ? `${stringifyTerminalSafe(report, 2)}\n` : render(report));
}

/** The flags every accounting command shares. */
export function withModelOptions(command: Command): Command {
  return command
    .option('-m, --model <id>', 'model from the catalog (see: models)', 'gpt-4')
    .option('--limit <tokens>', 'context window to use instead of the catalog one')
    .option('--price-in <usd>', 'input price, USD per 1M tokens')
    .option('--price-out <usd>', 'output price, USD per 1M tokens')
    .option('--prices <file>', "a newer price table in genai-prices' own format (its data.json), in place of the bundled one")
    .addOption(
      new Option(
        '--overhead <rule>',
        'chat-format rule: "cookbook" (what the API bills), "0301" (gpt-3.5-turbo-0301: 4 per message, -1 for a name) or "4" (the lesson script)',
      ).default(undefined, "the model's: 0301 for gpt-3.5-turbo-0301, else cookbook"),
    )
    .option('--json', 'print the report as JSON');
}

export function withExample(command: Command, ...examples: string[]): Command {
  return command.addHelpText('after', `\nExample${examples.length > 1 ? 's' : ''}:\n${examples.map((e) => `  ${e}`).join('\n')}`);
}

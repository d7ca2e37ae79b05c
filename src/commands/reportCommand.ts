import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { formatReportCsv } from '../core/report/conversationReport.js';
import { fileReport } from '../core/report/fileReport.js';
import { formatStrategyReport } from '../core/report/strategyReport.js';
import { sanitizeLine } from '../core/sanitize.js';
import { loadTokenizer } from '../core/tokenizer.js';
import { countWithProgress } from './countProgress.js';
import { exportSession } from '../io/export.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import {
  CONVERSATION_FILE_ARGUMENT,
  readConversationsFromFlags,
  withConversationFileOptions,
  type ConversationFileFlags,
} from './conversationInput.js';
import type { LoadedConversation } from '../core/conversationSource.js';
import { resolveModel, type ModelFlags } from './modelOptions.js';
import { allConversationsReport, formatAllReports, formatAllReportsCsv, refuseWithAll } from './reportAll.js';
import { sessionPathFor } from './agentSessions.js';
import { isUsageLogInput, type UsageLogFlags } from './usageLogInput.js';
import { printUsageLogReport } from './usageLogReport.js';
import { parseStrategyName, resolveStrategyFlags, withStrategyOptions, type StrategyFlags } from './strategyOptions.js';

interface ExportFlags {
  readonly out?: string;
  readonly force?: boolean;
}

interface CsvFlags {
  readonly csv?: boolean;
}

export function registerReport(program: Command): void {
  withExample(
    withStrategyOptions(
      withConversationFileOptions(withModelOptions(program.command('report').argument('<file>', CONVERSATION_FILE_ARGUMENT))),
      'what is sent on each call',
      'keep-all',
    )
      .option('--csv', 'print the per-turn ledger as CSV')
      .option('--reprice <models>', 'an agent or API log: price the same calls on these models too (ids separated by commas)')
      .option('-o, --out <path>', 'write messages and ledger to a file instead: .md, .json or .csv')
      .option('--force', 'with --out, overwrite an existing file'),
    'context-accountant report fixtures/lesson.json --model gpt-4o',
  )
    .description('the per-turn ledger of a conversation file, under a strategy; of an agent or API log, the bill of every call')
    .action(async (file: string, flags: ModelFlags & StrategyFlags & OutputFlags & ConversationFileFlags & CsvFlags & ExportFlags & UsageLogFlags, command: Command) => {
      if (flags.csv && flags.json) throw new InputError('--csv and --json cannot be combined: choose one output');
      const log = await sessionPathFor(file);
      if (await isUsageLogInput(log, flags)) return printUsageLogReport(log, flags, { modelGiven: command.getOptionValueSource('model') === 'cli' });
      const choice = await resolveModel(flags);
      const strategy = parseStrategyName(flags.strategy) ?? 'keep-all';
      const { settings, cache, budget } = resolveStrategyFlags(flags, choice.model);
      const read = await readConversationsFromFlags(file, flags);
      const tokenizer = await loadTokenizer(choice.model.encoding);
      const reportOf = (loaded: LoadedConversation) => {
        const progress = countWithProgress(tokenizer, loaded.messages);
        try {
          return fileReport(loaded, { model: choice.model, count: progress.count, rule: choice.rule, strategy, settings, cache }, budget);
        } finally {
          progress.done();
        }
      };
      if (read.all) {
        refuseWithAll(flags, ['out', 'budget']);
        const all = allConversationsReport(choice.model, strategy, read.conversations.map(reportOf));
        if (flags.csv) process.stdout.write(formatAllReportsCsv(all));
        else printReport(all, formatAllReports, flags);
        return;
      }
      const { loaded } = read;
      const report = reportOf(loaded);
      const { messages } = loaded;
      if (flags.out !== undefined) {
        const written = exportSession(flags.out, { messages, report }, { force: flags.force === true });
        process.stdout.write(`wrote ${sanitizeLine(written.path)} (${written.format}, ${messages.length} messages)\n`);
      } else if (flags.csv) process.stdout.write(formatReportCsv(report));
      else printReport(report, formatStrategyReport, flags);
    });
}

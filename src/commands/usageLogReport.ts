import { InputError } from '../core/errors.js';
import { logComparison } from '../core/report/usageReport.js';
import { formatLogComparison, formatUsageReport, formatUsageReportCsv } from '../core/report/usageReportText.js';
import { printReport, type OutputFlags } from './commandKit.js';
import { parseModelList, usageLogReport, type UsageLogFlags, type UsageLogOptions } from './usageLogInput.js';

/** Flags of the conversation report that mean nothing for a log: refused rather than ignored. */
const CONVERSATION_ONLY = ['out', 'budget'] as const;

export interface UsageLogReportFlags extends UsageLogFlags, OutputFlags {
  readonly csv?: boolean;
  readonly out?: string;
  readonly budget?: string;
}

/** `report LOG`: the per-call table and totals, as text, `--json` (the same object) or `--csv`. */
export async function printUsageLogReport(file: string, flags: UsageLogReportFlags, options: UsageLogOptions = {}): Promise<void> {
  for (const flag of CONVERSATION_ONLY) {
    if (flags[flag] !== undefined) throw new InputError(`--${flag} is for conversation files; ${file} is an agent or API log`);
  }
  const report = await usageLogReport(file, flags, undefined, options);
  if (flags.csv) process.stdout.write(formatUsageReportCsv(report));
  else printReport(report, formatUsageReport, flags);
}

/** `compare LOG --models a,b,c`: the logged bill beside the same calls on each model. */
export async function printLogComparison(
  file: string,
  flags: UsageLogFlags & OutputFlags & { readonly models?: string; readonly budget?: string; readonly chart?: boolean },
  options: UsageLogOptions = {},
): Promise<void> {
  if (flags.models === undefined) throw new InputError(`${file} is an agent or API log: compare it across models with --models a,b,c`);
  if (flags.budget !== undefined || flags.chart) throw new InputError(`--${flags.chart ? 'chart' : 'budget'} is for conversation files; ${file} is an agent or API log`);
  const report = await usageLogReport(file, flags, parseModelList('--models', flags.models), options);
  printReport(logComparison(report), formatLogComparison, flags);
}

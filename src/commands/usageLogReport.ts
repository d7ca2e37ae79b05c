import { InputError } from '../core/errors.js';
import { formatUsageReport, formatUsageReportCsv } from '../core/report/usageReportText.js';
import { printReport, type OutputFlags } from './commandKit.js';
import { usageLogReport, type UsageLogFlags } from './usageLogInput.js';

/** Flags of the conversation report that mean nothing for a log: refused rather than ignored. */
const CONVERSATION_ONLY = ['out', 'budget'] as const;

export interface UsageLogReportFlags extends UsageLogFlags, OutputFlags {
  readonly csv?: boolean;
  readonly out?: string;
  readonly budget?: string;
}

/** `report LOG`: the per-call table and totals, as text, `--json` (the same object) or `--csv`. */
export async function printUsageLogReport(file: string, flags: UsageLogReportFlags): Promise<void> {
  for (const flag of CONVERSATION_ONLY) {
    if (flags[flag] !== undefined) throw new InputError(`--${flag} is for conversation files; ${file} is an agent or API log`);
  }
  const report = await usageLogReport(file, flags);
  if (flags.csv) process.stdout.write(formatUsageReportCsv(report));
  else printReport(report, formatUsageReport, flags);
}

import { InputError } from '../core/errors.js';
import type { AppProps } from '../ui/App.js';
import type { OutputFlags } from './commandKit.js';
import { readLimits } from './inputOptions.js';
import { resolveModel, type ModelFlags } from './modelOptions.js';
import { usageLogCalls, type UsageLogFlags, type UsageLogOptions } from './usageLogInput.js';
import { printUsageLogReport } from './usageLogReport.js';

/**
 * `replay LOG` (and the bare command on a log or a session id): the dashboard replays the log's
 * calls one by one, at the prices `report LOG` bills them. Without a terminal (a pipe, `--json`)
 * it prints what `report LOG` prints: the same calls, the same totals. A log is not a session:
 * nothing is journalled.
 */
export interface LogDashboardFlags extends ModelFlags, OutputFlags, UsageLogFlags {
  readonly budget?: string;
}

/** What the dashboard command has already worked out from its flags, and how it loads the UI. */
export interface DashboardStart {
  readonly speed: number;
  readonly dump: string;
  readonly color: boolean;
  readonly loadUi: () => Promise<{ readonly runDashboard: (props: AppProps) => Promise<void> }>;
}

export async function runLogDashboard(log: string, flags: LogDashboardFlags, { speed, dump, color, loadUi }: DashboardStart, options: UsageLogOptions = {}): Promise<void> {
  if (flags.budget !== undefined) throw new InputError(`--budget is for conversation files; ${log} is an agent or API log`);
  const terminal = !flags.json && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!terminal) {
    if (!flags.json) process.stderr.write(`context-accountant: not a terminal, so no dashboard; the log's bill, as report prints it:\n`);
    return printUsageLogReport(log, flags, options);
  }
  const limits = readLimits(flags);
  // The calls priced as `report LOG` prices them: --model, --price-in / --price-out / --limit, --prices alike.
  const priced = await usageLogCalls(log, flags, options);
  const { calls, notes } = priced;
  const choice = await resolveModel(flags);
  const { runDashboard } = await loadUi();
  const { replayedCalls } = await import('../ui/state/reportedCalls.js');
  const { dashboardIo } = await import('./dashboardIo.js');
  await runDashboard({
    model: choice.model,
    rule: choice.rule,
    io: dashboardIo({ limits, logFlags: flags, logOptions: options }),
    dump,
    speed,
    color,
    calls: replayedCalls(log, priced),
    notice: { tone: 'info', text: [`${calls.length} call${calls.length === 1 ? '' : 's'} to replay: Ctrl+N the next, Ctrl+P plays them`, ...notes].join('; ') },
  });
}

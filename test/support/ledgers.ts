import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage, CountText } from '../../src/core/chatFormat.js';
import { appendMessage, createLedger, ledgerEntries, type Ledger } from '../../src/core/ledger.js';
import { strategyReport, type StrategyReport } from '../../src/core/report/strategyReport.js';
import { runOnLedger } from '../../src/core/strategies/ledgerRun.js';

/** The ledger the dashboard keeps for `messages` (cookbook framing, no tools), appended one by one. */
export function keptLedger(model: string, count: CountText, messages: readonly ChatMessage[]): Ledger {
  let ledger = createLedger({ model: requireModel(model), count });
  for (const message of messages) ledger = appendMessage(ledger, message);
  return ledger;
}

/** What the dashboard's Ctrl+X exports for `messages` under keep-all: the engine's run over the ledger it keeps, as its report. */
export function keptReport(model: string, count: CountText, messages: readonly ChatMessage[]): StrategyReport {
  const ledger = keptLedger(model, count, messages);
  return strategyReport(runOnLedger(ledgerEntries(ledger), ledger, 'keep-all', {}, count), undefined);
}

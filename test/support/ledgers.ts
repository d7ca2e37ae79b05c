import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage, CountText } from '../../src/core/chatFormat.js';
import { appendMessage, createLedger, type Ledger } from '../../src/core/ledger.js';
import { ledgerReport, type ConversationReport } from '../../src/core/report/conversationReport.js';

/** The ledger the dashboard keeps for `messages` (cookbook framing, no tools), appended one by one. */
export function keptLedger(model: string, count: CountText, messages: readonly ChatMessage[]): Ledger {
  let ledger = createLedger({ model: requireModel(model), count });
  for (const message of messages) ledger = appendMessage(ledger, message);
  return ledger;
}

/** What the dashboard's Ctrl+E exports for `messages`: the report of the ledger it keeps. */
export function keptReport(model: string, count: CountText, messages: readonly ChatMessage[]): ConversationReport {
  return ledgerReport(keptLedger(model, count, messages));
}

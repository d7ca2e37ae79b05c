import { exceedsWindow, priceCall, quoteCall } from '../callPricing.js';
import type { ModelEntry } from '../catalog.js';
import { contentTokens, FORMAT_RULES, imageRuleFor } from '../chatFormat.js';
import { conversationShape } from './conversationShape.js';
import { STRATEGIES } from './registry.js';
import { callKeysOf, SentContext, SentHistory, toRanges, type CallKeys } from './sentContext.js';
import type { RunTotals, StrategyCall, StrategyInput, StrategyRun, StrategySettings, StrategyStep } from './types.js';
import { appendAll } from '../arrays.js';

/** The defaults of issue 7: reserve min(1,000, max output), large 1,000, keep 2 turns, summary 200 tokens. */
export function defaultSettings(model: ModelEntry): StrategySettings {
  return { reserve: Math.min(1000, model.maxOutputTokens), large: 1000, keepTurns: 2, summaryTokens: 200 };
}

/**
 * The accounting engine. Replays a conversation under one strategy: after every message, the
 * context the strategy would send next; at every assistant message, the call that sends it (input:
 * that context; output: the message's content), priced by `priceCall` with the model's tier and,
 * with `cache`, its prompt caching. A call over the window is refused: it bills nothing and writes
 * no cache, so the next call's cached prefix is counted from the last call the API took.
 */
export function runStrategy(input: StrategyInput): StrategyRun {
  const { model, count, messages } = input;
  const rule = input.rule ?? FORMAT_RULES.cookbook;
  const cache = input.cache ?? false;
  const settings: StrategySettings = { ...defaultSettings(model), ...input.settings };
  const limit = model.contextWindow;
  const shape = conversationShape(messages, count, rule, {
    toolTokens: input.toolTokens ?? 0,
    images: imageRuleFor(model.id),
    ...(input.counts && { counts: input.counts }),
  });
  const plan = STRATEGIES[input.strategy].createPlanner(shape, settings, limit);
  const context = new SentContext(shape);
  const history = new SentHistory();
  const steps: StrategyStep[] = [];
  let lastCallKeys: CallKeys | undefined;
  let cumulativeCost = 0;
  // The repeated prefix only prices a call with caching on; without it, finding it is work for nothing.
  const prefixNow = (): number => (cache ? context.prefixWithLastCall(lastCallKeys) : 0);

  const reply = (index: number): StrategyCall => {
    const price = priceCall(
      model,
      { inputTokens: context.usedTokens, outputTokens: shape.contentTokens[index]!, prefixTokens: prefixNow(), cache },
      limit,
    );
    if (!price.refused) {
      lastCallKeys = context.markSent();
    }
    const withSummary = context.summary !== undefined;
    // Told from the shared history when asked: a copy per call grew with the square of the conversation.
    return {
      kind: 'reply',
      index,
      ...price,
      get sent() {
        return history.sentBefore(index);
      },
      withSummary,
    };
  };
  const summaryCall = (index: number, keys: readonly number[], inputTokens: number, outputTokens: number): StrategyCall => {
    const callKeys = callKeysOf(keys);
    const prefixTokens = context.commonPrefixTokens(lastCallKeys, callKeys);
    const price = priceCall(model, { inputTokens, outputTokens, prefixTokens, cache }, limit);
    if (!price.refused) lastCallKeys = callKeys;
    return { kind: 'summary', index, ...price, sent: toRanges(keys), withSummary: keys.some((key) => key < 0) };
  };

  messages.forEach((message, index) => {
    const calls: StrategyCall[] = [];
    if (message.role === 'assistant') {
      calls.push(reply(index));
    }
    const removed: number[] = context.append(index) ? [] : [index];
    const decision = plan(index, context);
    let summary;
    if (decision.remove && decision.remove.length > 0) {
      const previousSummary = context.summary;
      const { removed: gone, position } = context.removeUnits(decision.remove);
      appendAll(removed, gone);
      if (decision.summarize && gone.length > 0) {
        summary = decision.summarize(previousSummary?.message, gone.map((i) => messages[i]!));
        const inputKeys = previousSummary ? [previousSummary.key, ...gone] : gone;
        const inputTokens = rule.requestTokens + inputKeys.reduce((sum, key) => sum + context.tokensOf(key), 0);
        context.setSummary(summary, position);
        calls.push(summaryCall(index, inputKeys, inputTokens, contentTokens(summary, shape.count)));
      }
    }
    for (const gone of removed) history.leave(gone, index);
    const callCost = calls.reduce((sum, call) => sum + call.cost, 0);
    cumulativeCost += callCost;
    const usedTokens = context.usedTokens;
    // What the next call would bill if the API took it: shown beside "refused" when it would not.
    const next = quoteCall(model, { inputTokens: usedTokens, outputTokens: 0, prefixTokens: prefixNow(), cache });
    steps.push({
      index,
      role: message.role,
      tokens: shape.tokens[index]!,
      usedTokens,
      sentMessages: context.sentMessages,
      summaryTokens: context.summary?.tokens ?? 0,
      nextCallCost: next.inputCost,
      calls,
      callCost,
      cumulativeCost,
      overLimit: exceedsWindow(usedTokens, limit),
      removed,
      ...(summary && { summary }),
    });
  });

  return {
    strategy: input.strategy,
    model,
    limit,
    cache,
    settings,
    toolTokens: input.toolTokens ?? 0,
    steps,
    totals: runTotals(steps, shape.baseTokens),
    sent: context.sentRanges(),
    ...(context.summary && { summary: context.summary.message }),
  };
}

function runTotals(steps: readonly StrategyStep[], emptyTokens: number): RunTotals {
  const calls = steps.flatMap((step) => step.calls);
  const sum = (pick: (call: StrategyCall) => number) => calls.reduce((total, call) => total + pick(call), 0);
  const last = steps[steps.length - 1];
  return {
    messages: steps.length,
    calls: calls.length,
    replyCalls: calls.filter((call) => call.kind === 'reply').length,
    summaryCalls: calls.filter((call) => call.kind === 'summary').length,
    refusedCalls: calls.filter((call) => call.refused).length,
    usedTokens: last?.usedTokens ?? emptyTokens,
    // The largest request a call sent (a refused one included: it was sent, and refused), not a
    // context no call sends, such as the one after the last message.
    peakTokens: calls.reduce((peak, call) => Math.max(peak, call.inputTokens), 0),
    // Billed input: a refused call's request is not billed.
    inputTokens: sum((call) => (call.refused ? 0 : call.inputTokens)),
    cachedTokens: sum((call) => call.cachedTokens),
    cacheWriteTokens: sum((call) => call.cacheWriteTokens),
    outputTokens: sum((call) => call.outputTokens),
    inputCost: sum((call) => call.inputCost),
    outputCost: sum((call) => call.outputCost),
    cumulativeCost: last?.cumulativeCost ?? 0,
  };
}

import { exceedsWindow, priceCall, quoteCall } from '../callPricing.js';
import type { ModelEntry } from '../catalog.js';
import { contentTokens, FORMAT_RULES, imageRuleFor, type ChatMessage } from '../chatFormat.js';
import { growingShape, type KnownCounts } from './conversationShape.js';
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
  const { messages, counts } = input;
  if (counts && counts.length !== messages.length) {
    throw new Error(`runStrategy: ${counts.length} counts for ${messages.length} messages`);
  }
  const engine = strategyEngine(input);
  messages.forEach((message, index) => engine.append(message, counts?.[index]));
  return engine.result();
}

/** The engine's state between messages: `append` takes the next message, `result` is the run so far. */
export interface StrategyEngine {
  /** Messages appended so far. */
  readonly length: number;
  append(message: ChatMessage, known?: KnownCounts): void;
  /** The run of the messages appended so far, as `runStrategy` gives it for them (steps copied, so it stays as it is). */
  result(): StrategyRun;
}

/**
 * The engine, a message at a time: appending messages one by one and taking `result()` gives
 * exactly `runStrategy` over them (it is how `runStrategy` runs), in time linear in the messages
 * added, so the dashboard extends a run by a turn instead of replaying the session
 * (`incrementalRun.ts`). `input.messages` and `input.counts` are not read.
 */
export function strategyEngine(input: Omit<StrategyInput, 'messages' | 'counts'>): StrategyEngine {
  const { model, count } = input;
  const rule = input.rule ?? FORMAT_RULES.cookbook;
  const cache = input.cache ?? false;
  const settings: StrategySettings = { ...defaultSettings(model), ...input.settings };
  const limit = model.contextWindow;
  const growing = growingShape(count, rule, { toolTokens: input.toolTokens ?? 0, images: imageRuleFor(model.id) });
  const shape = growing.shape;
  const messages = shape.messages;
  const plan = STRATEGIES[input.strategy].createPlanner(shape, settings, limit);
  const context = new SentContext(shape);
  const history = new SentHistory();
  const steps: StrategyStep[] = [];
  const totals = runTotalsCounter(shape.baseTokens);
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

  const append = (message: ChatMessage, known?: KnownCounts) => {
    const index = messages.length;
    growing.add(message, known);
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
    const step: StrategyStep = {
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
    };
    steps.push(step);
    totals.add(step);
  };

  return {
    get length() {
      return steps.length;
    },
    append,
    result: () => ({
      strategy: input.strategy,
      model,
      limit,
      cache,
      settings,
      toolTokens: input.toolTokens ?? 0,
      steps: steps.slice(),
      totals: totals.totals(),
      sent: context.sentRanges(),
      ...(context.summary && { summary: context.summary.message }),
    }),
  };
}

/** A run's totals, kept as steps are added (the same sums `RunTotals` describes, in one pass). */
function runTotalsCounter(emptyTokens: number) {
  let messages = 0;
  let calls = 0;
  let replyCalls = 0;
  let summaryCalls = 0;
  let refusedCalls = 0;
  let peakTokens = 0;
  let inputTokens = 0;
  let cachedTokens = 0;
  let cacheWriteTokens = 0;
  let outputTokens = 0;
  let inputCost = 0;
  let outputCost = 0;
  let last: StrategyStep | undefined;
  return {
    add(step: StrategyStep) {
      messages++;
      last = step;
      for (const call of step.calls) {
        calls++;
        if (call.kind === 'reply') replyCalls++;
        else summaryCalls++;
        if (call.refused) refusedCalls++;
        // The largest request a call sent (a refused one included: it was sent, and refused), not a
        // context no call sends, such as the one after the last message.
        peakTokens = Math.max(peakTokens, call.inputTokens);
        // Billed input: a refused call's request is not billed.
        inputTokens += call.refused ? 0 : call.inputTokens;
        cachedTokens += call.cachedTokens;
        cacheWriteTokens += call.cacheWriteTokens;
        outputTokens += call.outputTokens;
        inputCost += call.inputCost;
        outputCost += call.outputCost;
      }
    },
    totals: (): RunTotals => ({
      messages,
      calls,
      replyCalls,
      summaryCalls,
      refusedCalls,
      usedTokens: last?.usedTokens ?? emptyTokens,
      peakTokens,
      inputTokens,
      cachedTokens,
      cacheWriteTokens,
      outputTokens,
      inputCost,
      outputCost,
      cumulativeCost: last?.cumulativeCost ?? 0,
    }),
  };
}

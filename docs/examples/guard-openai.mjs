// A budget guard around the OpenAI SDK: run with `node docs/examples/guard-openai.mjs` after
// `npm install` (it imports the package by name, as an application does). It calls the API at
// OPENAI_BASE_URL (the SDK's own variable; default api.openai.com) with OPENAI_API_KEY.
// test/docs/examples.test.ts runs it against a local server that speaks the API.
import OpenAI from 'openai';
import { BudgetError, ContextLimitError, createAccountant, guard } from 'context-accountant';

// 1. The accountant: what a conversation costs before any call.
const accountant = await createAccountant({ model: 'gpt-4o' });
accountant.add({ role: 'system', content: 'You are a terse assistant.' });
const before = accountant.add({ role: 'user', content: 'Why does my database refuse connections?' });
console.log(`next call: ${before.usedTokens} tokens of ${before.limit}, $${before.nextCallCost.toFixed(6)} of input`);

// 2. The guard: every call counted before it leaves, refused past the window or the budget.
const openai = guard(new OpenAI({ maxRetries: 0 }), {
  budgets: { session: 0.05 },
  onThreshold: ({ scope, threshold, spent, budget }) =>
    console.log(`${scope} budget: ${Math.round(threshold * 100)}% reached ($${spent.toFixed(5)} of $${budget})`),
  onCall: (call) =>
    console.log(`${call.api}: counted ${call.counted.tokens} tokens, billed ${call.usage?.inputTokens} in (${call.usage?.cachedTokens} cached) + ${call.usage?.outputTokens} out = $${call.price.cost.toFixed(5)}`),
});

const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages: accountant.messages() });
console.log(`reply: ${reply.choices[0].message.content}`);
accountant.record(reply.usage);

// Streaming passes through untouched; the usage is booked when the stream ends.
const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: accountant.messages(), stream: true });
let streamed = '';
for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
console.log(`streamed: ${streamed}`);

// A pasted log bigger than gpt-4's window: refused here, before the API would refuse it.
try {
  await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Error: Connection Refused\n'.repeat(2000) }] });
} catch (error) {
  if (!(error instanceof ContextLimitError || error instanceof BudgetError)) throw error;
  console.log(`refused: ${error.message}`);
}

const status = openai.guard.status();
console.log(`session: ${status.calls} calls, ${status.refusedCalls} refused, spent $${status.spent.toFixed(5)}`);

/**
 * What Ctrl+R sends as the assistant: a presenter typing questions live has no model answering
 * them, yet the room should see the output side of the bill move too. Ordinary replies of a few
 * sentences, taken in turn so consecutive ones differ.
 */
export const CANNED_REPLIES: readonly string[] = [
  'Good question. Every call sends the whole conversation again, so the input side of the bill grows with each turn: ' +
    'the tenth reply pays for the nine before it. Keeping the history short, or caching its prefix, is what brings that down.',
  'Here is a short answer: the context window is a limit per call, not per conversation. Once the history no longer fits, ' +
    'something has to go (old turns, large tool results) or the call is refused.',
  'Sure. A summary of the earlier turns keeps their gist for a fraction of their tokens; the trade-off is that details ' +
    'the summary left out can no longer be quoted back exactly.',
  'That depends on the model. Output tokens usually cost several times what input tokens do, but a long conversation ' +
    'sends far more input than it gets back, so input is where most of the money goes.',
];

/** The reply to send after `sent` messages. */
export function cannedReply(sent: number): string {
  return CANNED_REPLIES[sent % CANNED_REPLIES.length]!;
}

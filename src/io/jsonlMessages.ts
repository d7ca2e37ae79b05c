import { loaded, schemaError, type LoadedConversation } from './loaderKit.js';
import { chatMessageSchema, toChatMessage } from './openaiChat.js';
import { linesAfterHeader } from './records.js';

/** JSONL with one OpenAI chat message per line: one conversation. A header line on top (`{"_meta": ...}`) is not a message. */
export function loadJsonlMessages(file: string, text: string): LoadedConversation {
  const messages = linesAfterHeader(file, text).map(({ line, text: lineText, data }, index) => {
    const result = chatMessageSchema.safeParse(data);
    if (!result.success) {
      throw schemaError({ file, text: lineText, data, firstLine: line, label: () => `message ${index}` }, result.error);
    }
    return toChatMessage(result.data);
  });
  return loaded('jsonl', messages);
}

import { parseJsonLines } from './jsonLines.js';
import { chooseConversation, loaded, schemaError, type LoadedConversation } from './loaderKit.js';
import { conversationSchema, messageLabel, requestToolChoice, requestTools, toChatMessage } from './openaiChat.js';

/**
 * OpenAI's fine-tuning layout: one conversation per line, `{"messages": [...], "tools"?: [...]}`.
 * Every line is validated; the one asked for (from 1) is returned.
 */
export function loadFinetuneJsonl(file: string, text: string, wanted?: number): LoadedConversation {
  const conversations = parseJsonLines(file, text).map(({ line, text: lineText, data }, index) => {
    const result = conversationSchema.safeParse(data);
    if (!result.success) {
      const label = (path: readonly PropertyKey[]) => {
        const inner = messageLabel(['messages'])(path);
        return `conversation ${index + 1}${inner ? `, ${inner}` : ''}`;
      };
      throw schemaError({ file, text: lineText, data, firstLine: line, label }, result.error);
    }
    return result.data;
  });
  const chosen = chooseConversation(file, wanted, conversations.length);
  const conversation = conversations[chosen - 1]!;
  const toolChoice = requestToolChoice(conversation);
  return loaded('finetune', conversation.messages.map(toChatMessage), {
    tools: requestTools(conversation),
    ...(toolChoice && { toolChoice }),
    conversation: chosen,
    conversationCount: conversations.length,
  });
}

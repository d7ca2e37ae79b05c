import type { LoadedConversation } from './loaderKit.js';
import { conversationSchema, messageLabel, requestToolChoice, requestTools, toChatMessage } from './openaiChat.js';
import { loadedConversations, parseRecord, readRecords } from './records.js';

/**
 * Conversations as `{"messages": [...], "tools"?: [...]}` records: OpenAI's fine-tuning JSONL (one
 * per line), or a JSON array of them (LLaMA-Factory's `kto_en_demo.json`, whose `label` and other
 * fields are not part of a request and are left out). Every record is validated.
 */
export function loadFinetuneJsonl(file: string, text: string, data?: unknown): LoadedConversation[] {
  const conversations = readRecords(file, text, data).map((record) => {
    const conversation = parseRecord(file, record, conversationSchema, messageLabel(['messages']));
    const toolChoice = requestToolChoice(conversation);
    return { messages: conversation.messages.map(toChatMessage), tools: requestTools(conversation), ...(toolChoice && { toolChoice }) };
  });
  return loadedConversations('finetune', conversations);
}

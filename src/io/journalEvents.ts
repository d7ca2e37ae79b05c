import { z } from 'zod';
import { toolDefinitionSchema } from './openaiChat.js';

export type { JournalEvent } from '../core/session.js';

// Journals are files on disk, so they are validated on the way back in like any other input.
const part = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string(), detail: z.enum(['low', 'high', 'auto']).optional() }),
  }),
]);
const toolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
const message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
  content: z.union([z.string(), z.array(part), z.null()]),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
});
// Times are printed by `sessions`: an ISO instant and nothing else (no escape sequence rides in on one).
const at = z.iso.datetime();

export const storedEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session'),
    version: z.number().int(),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    started: at,
    model: z.string(),
    source: z.string().optional(),
  }),
  // `replayed`: a queued turn applied (not typed), so a resume keeps the queue's position. Optional:
  // journals written before it resume as before, and older readers ignore it.
  z.object({ type: z.literal('message'), at, message, replayed: z.literal(true).optional() }),
  z.object({ type: z.literal('undo'), at }),
  z.object({ type: z.literal('model'), at, id: z.string() }),
  z.object({ type: z.literal('tools'), at, tools: z.array(toolDefinitionSchema) }),
]);

export type StoredEvent = z.infer<typeof storedEvent>;

/** Any JSON object with a string `type`: a later version's event, skipped with a warning. */
export const anyEvent = z.object({ type: z.string() });

import { sanitizeLine } from '../../core/sanitize.js';
import type { LoadedConversation } from '../../core/conversationSource.js';
import type { DashboardState, Notice, PromptKind } from './dashboardState.js';
import { chosenModel } from './sessionChanges.js';
import { mergeTools } from '../../core/toolDefinitions.js';
import { sourceLabel } from '../view/sourceLabel.js';

/**
 * The dashboard's dealings with files, as state: the path prompt of Ctrl+O (load a conversation)
 * and Ctrl+E (export the session), and a one-line notice of what happened. Reading and writing
 * happen in the hook (useFileCommands); these actions carry what it found.
 */
export type FilesAction =
  | { readonly type: 'prompt/open'; readonly kind: PromptKind; readonly text: string }
  | { readonly type: 'prompt/change'; readonly text: string }
  /** A completion: replaces the text and moves the cursor to its end. */
  | { readonly type: 'prompt/set'; readonly text: string }
  | { readonly type: 'prompt/close' }
  /** The export path exists: ask before overwriting it. */
  | { readonly type: 'prompt/confirmOverwrite'; readonly path: string }
  | { readonly type: 'notice'; readonly tone: Notice['tone']; readonly text: string }
  | { readonly type: 'notice/clear' }
  /** A conversation file was read: queue its turns after the current ones. */
  | { readonly type: 'file/loaded'; readonly file: string; readonly loaded: LoadedConversation };

export function filesReducer(state: DashboardState, action: FilesAction): DashboardState {
  switch (action.type) {
    case 'prompt/open':
      if (state.picker) return state;
      return { ...state, prompt: promptWith(action.kind, action.text) };
    case 'prompt/change':
    case 'prompt/set':
      if (!state.prompt) return state;
      return { ...state, prompt: promptWith(state.prompt.kind, action.text) };
    case 'prompt/close':
      return state.prompt ? { ...state, prompt: undefined } : state;
    case 'prompt/confirmOverwrite':
      if (!state.prompt) return state;
      return {
        ...state,
        prompt: { ...state.prompt, overwrite: action.path },
        notice: { tone: 'error', text: `${sanitizeLine(action.path)} already exists: Enter again overwrites it, or type another name` },
      };
    case 'notice':
      return { ...state, notice: { tone: action.tone, text: sanitizeLine(action.text) } };
    case 'notice/clear':
      return state.notice ? { ...state, notice: undefined } : state;
    case 'file/loaded':
      return queueFile(state, action.file, action.loaded);
  }
}

/** The prompt holding `text` (one line), the cursor at its end. */
function promptWith(kind: PromptKind, text: string): DashboardState['prompt'] {
  const line = sanitizeLine(text);
  return { kind, text: line, cursor: line.length };
}

/** A paste while the prompt is open goes into the path (its first line). */
export function pasteIntoPrompt(state: DashboardState, text: string): DashboardState {
  if (!state.prompt) return state;
  const line = text.split('\n', 1)[0] ?? '';
  return filesReducer(state, { type: 'prompt/set', text: state.prompt.text + line });
}

function queueFile(state: DashboardState, file: string, loaded: LoadedConversation): DashboardState {
  const source = { file, format: loaded.format, conversation: loaded.conversation, conversationCount: loaded.conversationCount };
  const definitions = mergeTools(state.tools.definitions, loaded.tools ?? []);
  const count = loaded.messages.length;
  const queued: DashboardState = {
    ...state,
    queue: [...state.queue, ...loaded.messages],
    replayTotal: state.replayTotal + count,
    source,
    prompt: undefined,
    notice: {
      tone: 'info',
      text: `queued ${count} turn${count === 1 ? '' : 's'} from ${sourceLabel(source)}` + (count > 0 ? '; Ctrl+N applies the next' : ''),
    },
  };
  if (definitions === state.tools.definitions) return queued;
  // New tool definitions: every call bills them from now on, so the ledger is counted again.
  return {
    ...queued,
    tools: { definitions, tokens: {} },
    jobs: [...queued.jobs, { kind: 'switch', id: queued.nextId, model: chosenModel(state) }],
    nextId: queued.nextId + 1,
  };
}

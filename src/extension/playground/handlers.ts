// The host's answer to every request of the protocol, for one session. Each handler gets params the router
// already validated; what it throws becomes an error reply with a hint.
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import type { PlaygroundDraft } from '../../shared/protocol';
import { COMMANDS } from '../commandIds';
import { copyCode } from './copyCode';
import { addFeedback } from './feedbackFile';
import { readFixture } from './fixtures';
import type { RequestHandlers } from './router';
import { saveDraft } from './saveDraft';
import type { PlaygroundSession } from './session';

export function createHandlers(session: PlaygroundSession): RequestHandlers {
  const seen = (draft: PlaygroundDraft) => {
    session.lastDraft = draft;
    session.options.onActive(session);
  };
  return {
    'run/start': (params) => {
      seen(params.draft);
      return session.runs.start(params);
    },
    'run/stop': ({ runId }) => ({ stopped: session.runs.stop(runId) }),
    'models/list': ({ refresh }) => session.services.modelOptions(refresh === true),
    'keys/open': ({ provider }) => {
      // The InputBox may stay open for minutes: answer now; the new key reaches the view as models/changed.
      void vscode.commands.executeCommand(COMMANDS.setApiKey, ...(provider ? [provider] : []));
      return { ok: true };
    },
    'draft/save': async ({ draft }) => {
      seen(draft);
      return saveDraft(session, draft);
    },
    'draft/edit': async ({ draft }) => {
      seen(draft);
      if (!session.bound) throw new PromptyardError('not-bound', 'This playground is not bound to a prompt file.', { hint: 'Use "Save as prompt file" to create one.' });
      return session.bound.apply(draft);
    },
    'feedback/add': (params) => addFeedback(session, params),
    'code/copy': async ({ draft, language }) => {
      seen(draft);
      await copyCode(session, draft, language);
      return { copied: true };
    },
    'tools/fixture': ({ toolName }) => readFixture(session, toolName),
    'history/clear': async () => {
      await session.history.clear();
      return { cleared: true };
    },
  };
}

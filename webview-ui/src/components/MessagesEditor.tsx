// The messages of a prompt (or of its B variant): role, text, reorder, remove, add.
import type { JSX } from 'preact';
import type { DraftMessage, DraftRole } from '../../../src/shared/protocol';
import { addMessage, listOf, moveMessage, removeMessage, setMessage, type ListId } from '../draft/draftEdits';
import { AutoTextarea } from './AutoTextarea';
import { useServices } from './context';

const ROLES: DraftRole[] = ['system', 'user', 'assistant'];

const PLACEHOLDER: Record<DraftRole, string> = {
  system: 'Instructions for the model, e.g. "You are a concise assistant."',
  user: 'What the user says. Use {{variables}} for the parts that change.',
  assistant: 'An example answer (few-shot), or the start of one.',
};

export function MessagesEditor({ list, messages, title }: { list: ListId; messages: DraftMessage[]; title: string }): JSX.Element {
  const { pg } = useServices();
  const edit = (change: Parameters<typeof pg.editDraft>[0]) => pg.editDraft(change);
  return (
    <section class="messages" data-testid={`messages-${list}`} aria-label={title}>
      <h3 class="section-title">{title}</h3>
      {messages.length === 0 && <p class="empty">No messages. Add one to write the prompt.</p>}
      <ol class="message-list">
        {messages.map((m, i) => (
          <li class="message" data-testid="message" data-index={i} data-role={m.role} key={`${list}-${i}`}>
            <div class="message-head">
              <label class="visually-hidden" for={`role-${list}-${i}`}>
                Role of message {i + 1}
              </label>
              <select
                id={`role-${list}-${i}`}
                data-testid="message-role"
                value={m.role}
                onChange={(e) => edit((d) => setMessage(d, list, i, { role: e.currentTarget.value as DraftRole }))}
              >
                {ROLES.map((r) => (
                  <option value={r} key={r}>
                    {r}
                  </option>
                ))}
              </select>
              <span class="spacer" />
              <button type="button" class="icon" data-testid="message-up" aria-label={`Move message ${i + 1} up`} disabled={i === 0} onClick={() => edit((d) => moveMessage(d, list, i, -1))}>
                ↑
              </button>
              <button
                type="button"
                class="icon"
                data-testid="message-down"
                aria-label={`Move message ${i + 1} down`}
                disabled={i === messages.length - 1}
                onClick={() => edit((d) => moveMessage(d, list, i, 1))}
              >
                ↓
              </button>
              <button type="button" class="icon" data-testid="message-remove" aria-label={`Remove message ${i + 1}`} onClick={() => edit((d) => removeMessage(d, list, i))}>
                ×
              </button>
            </div>
            <AutoTextarea
              class="message-content"
              data-testid="message-content"
              aria-label={`${m.role} message ${i + 1}${list === 'b' ? ' (variant B)' : ''}`}
              placeholder={PLACEHOLDER[m.role]}
              rows={2}
              spellcheck={false}
              value={m.content}
              onValue={(content) => edit((d) => (listOf(d, list)[i]?.content === content ? d : setMessage(d, list, i, { content })))}
            />
          </li>
        ))}
      </ol>
      <button type="button" class="secondary" data-testid="message-add" onClick={() => edit((d) => addMessage(d, list))}>
        + Add message
      </button>
    </section>
  );
}

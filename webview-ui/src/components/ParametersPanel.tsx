// Model parameters and the response format. Empty means "the provider's default". A field keeps what
// the user types ("0." on the way to "0.7") and commits only values the host accepts.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PlaygroundDraft } from '../../../src/shared/protocol';
import type { ModelParameters } from '../../../src/shared/types';
import { jsonSchemaProblem } from '../draft/draftEdits';
import { AutoTextarea } from './AutoTextarea';
import { useServices } from './context';

interface NumberSpec {
  key: 'temperature' | 'maxTokens' | 'topP' | 'seed';
  label: string;
  min: number;
  max: number;
  integer: boolean;
  step: string;
  testid: string;
}

const NUMBERS: NumberSpec[] = [
  { key: 'temperature', label: 'Temperature', min: 0, max: 2, integer: false, step: '0.1', testid: 'param-temperature' },
  { key: 'maxTokens', label: 'Max tokens', min: 1, max: 1_000_000, integer: true, step: '1', testid: 'param-max-tokens' },
  { key: 'topP', label: 'Top P', min: 0, max: 1, integer: false, step: '0.05', testid: 'param-top-p' },
  { key: 'seed', label: 'Seed', min: -2_147_483_648, max: 2_147_483_647, integer: true, step: '1', testid: 'param-seed' },
];

export function ParametersPanel({ draft }: { draft: PlaygroundDraft }): JSX.Element {
  const { pg } = useServices();
  const setParameter = (key: keyof ModelParameters, value: ModelParameters[keyof ModelParameters]) =>
    pg.editDraft((d) => {
      const parameters = { ...d.parameters, [key]: value };
      if (value === undefined) delete parameters[key];
      return { ...d, parameters };
    });
  const format = draft.responseFormat?.type ?? 'text';
  const schemaProblem = format === 'json_schema' ? jsonSchemaProblem(draft.responseFormat?.jsonSchema) : undefined;
  return (
    <div class="parameters" data-testid="parameters">
      <div class="param-grid">
        {NUMBERS.map((spec) => (
          <NumberField key={spec.key} spec={spec} value={draft.parameters[spec.key]} onCommit={(v) => setParameter(spec.key, v)} />
        ))}
      </div>
      <StopField value={draft.parameters.stop} onCommit={(stop) => setParameter('stop', stop)} />
      <label class="field">
        <span>Response format</span>
        <select
          data-testid="param-response-format"
          value={format}
          onChange={(e) => {
            const type = e.currentTarget.value as 'text' | 'json_object' | 'json_schema';
            pg.editDraft((d) => {
              if (type === 'text') {
                const { responseFormat: _f, ...rest } = d;
                return rest;
              }
              return { ...d, responseFormat: { type, jsonSchema: type === 'json_schema' ? (d.responseFormat?.jsonSchema ?? SCHEMA_EXAMPLE) : undefined } };
            });
          }}
        >
          <option value="text">Text</option>
          <option value="json_object">JSON</option>
          <option value="json_schema">JSON schema</option>
        </select>
      </label>
      {format === 'json_schema' && (
        <label class="field">
          <span>JSON schema ({'{"name": …, "schema": {…}}'})</span>
          <AutoTextarea
            data-testid="param-json-schema"
            class="mono"
            rows={4}
            spellcheck={false}
            aria-invalid={schemaProblem ? 'true' : 'false'}
            value={draft.responseFormat?.jsonSchema ?? ''}
            onValue={(jsonSchema) => pg.editDraft((d) => ({ ...d, responseFormat: { type: 'json_schema', jsonSchema } }))}
          />
          {schemaProblem && (
            <span class="error-text" data-testid="param-json-schema-error" role="alert">
              {schemaProblem}
            </span>
          )}
        </label>
      )}
    </div>
  );
}

const SCHEMA_EXAMPLE = JSON.stringify({ name: 'answer', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } }, null, 2);

function NumberField({ spec, value, onCommit }: { spec: NumberSpec; value: number | undefined; onCommit(value: number | undefined): void }): JSX.Element {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (parse(text, spec).value !== value) setText(value === undefined ? '' : String(value));
    // Only an outside change of the value rewrites the text.
  }, [value]);
  const { error } = parse(text, spec);
  const id = `param-${spec.key}`;
  return (
    <label class="field" for={id}>
      <span>{spec.label}</span>
      <input
        id={id}
        data-testid={spec.testid}
        inputMode={spec.integer ? 'numeric' : 'decimal'}
        placeholder="default"
        value={text}
        aria-invalid={error ? 'true' : 'false'}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const parsed = parse(next, spec);
          if (!parsed.error) onCommit(parsed.value);
        }}
      />
      {error && <span class="error-text">{error}</span>}
    </label>
  );
}

/** One stop sequence per line; the text is kept as typed (a new empty line included). */
function StopField({ value, onCommit }: { value: string[] | undefined; onCommit(stop: string[] | undefined): void }): JSX.Element {
  const [text, setText] = useState((value ?? []).join('\n'));
  useEffect(() => {
    if (JSON.stringify(parseStops(text)) !== JSON.stringify(value)) setText((value ?? []).join('\n'));
  }, [value]);
  return (
    <label class="field">
      <span>Stop sequences (one per line, up to 8)</span>
      <AutoTextarea
        data-testid="param-stop"
        rows={1}
        value={text}
        onValue={(next) => {
          setText(next);
          onCommit(parseStops(next));
        }}
      />
    </label>
  );
}

function parseStops(text: string): string[] | undefined {
  const stop = text.split('\n').filter((s) => s.length > 0).slice(0, 8).map((s) => s.slice(0, 200));
  return stop.length > 0 ? stop : undefined;
}

function parse(text: string, spec: NumberSpec): { value?: number; error?: string } {
  const t = text.trim();
  if (!t) return {};
  const n = Number(t);
  if (!Number.isFinite(n)) return { error: 'Not a number.' };
  if (spec.integer && !Number.isInteger(n)) return { error: 'A whole number.' };
  if (n < spec.min || n > spec.max) return { error: `Between ${spec.min} and ${spec.max}.` };
  return { value: n };
}

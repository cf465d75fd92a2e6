// The variables of a prompt file while it is edited: each `{{…}}` read in a message with its place in the
// file, checked against what `inputs` and `testData` give (both ways), and for prompt injection.
import type { AnalysisDiagnostic } from './analysisTypes';
import { carriesUserInput, isDelimited, wrapInTag } from './injection';
import type { OutlineInput, OutlineMessage, PromptOutline } from './promptOutline';
import { locateInTemplate } from './sourceMap';
import { mustacheSpan, planTemplate } from './template';
import type { TextIndex } from './textIndex';
import { collectReferences } from './variables';

const CASE_LABELS = new Set(['id', 'description']);

export interface VariableUse {
  name: string;
  message: OutlineMessage;
  /** The `{{…}}` (or the path inside a helper call) as offsets into the message's text. */
  start: number;
  end: number;
  /** The same as offsets into the file. */
  fileStart: number;
  fileEnd: number;
  /** A plain `{{name}}` / `{{name.field}}` that writes the value into the message. */
  output: boolean;
}

export interface VariableUses {
  uses: VariableUse[];
  /** Some message includes a partial, whose variables are not read here. */
  usesPartials: boolean;
}

export function collectUses(outline: PromptOutline, index: TextIndex, file: string): VariableUses {
  const uses: VariableUse[] = [];
  let usesPartials = false;
  for (const message of outline.messages) {
    if (message.content === undefined || !message.source) continue;
    const plan = planTemplate(message.content);
    if (plan.usesPartials) usesPartials = true;
    if (!plan.ast) continue;
    const origin = { text: message.content, file, source: message.source, label: `message ${message.index + 1} (${message.role ?? 'no role'})` };
    for (const ref of collectReferences(plan.ast, origin)) {
      const wide = mustacheSpan(message.content, ref.start, ref.end);
      const at = locateInTemplate(message.content, wide.start, wide.end, message.source, file);
      const fileStart = index.offset(at.line, at.column);
      const fileEnd = index.offset(at.endLine ?? at.line, at.endColumn ?? at.column);
      uses.push({ name: ref.name, message, start: wide.start, end: wide.end, fileStart, fileEnd, output: wide.start !== ref.start });
    }
  }
  return { uses, usesPartials };
}

/** Names read by `{{…}}` in evaluator prompts, string checks and assertion values. */
const OTHER_TEMPLATE_NAME = /\{\{[{&~#^\s]*(?:(?:if|unless|each|with)\s+)?([A-Za-z_][\w-]*)/g;

export function checkVariables(outline: PromptOutline, found: VariableUses, index: TextIndex): AnalysisDiagnostic[] {
  const out: AnalysisDiagnostic[] = [];
  const inputs = new Map(outline.inputs.map((i) => [i.name, i]));
  const given = new Set([...inputs.keys(), ...outline.rows.flatMap((r) => r.vars.map((v) => v.name))]);
  const used = new Set(found.uses.map((u) => u.name));
  for (const text of outline.otherTemplates) for (const m of text.matchAll(OTHER_TEMPLATE_NAME)) used.add(m[1]!);

  for (const use of found.uses) {
    const range = index.range(use.fileStart, use.fileEnd);
    if (!given.has(use.name) && !outline.hasDatasets) {
      out.push({
        severity: 'warning',
        code: 'undefined-variable',
        message: `{{${use.name}}} is never given: declare it under \`inputs:\` (with a type and description) or give it in the testData rows.`,
        range,
      });
    }
    const injection = use.output ? injectionDiagnostic(use, inputs.get(use.name), index) : undefined;
    if (injection) out.push(injection);
  }
  if (found.usesPartials) return out;
  for (const input of outline.inputs) {
    if (used.has(input.name)) continue;
    const message = `Input "${input.name}" is never used in the messages; remove it or add {{${input.name}}} where it belongs.`;
    out.push({ severity: 'warning', code: 'unused-input', message, range: index.range(input.key.start, input.key.end), unnecessary: true });
  }
  for (const row of outline.rows) {
    for (const v of row.vars) {
      // `id` and `description` name and label the case (the evals and the Test Explorer show them) even unused.
      if (used.has(v.name) || CASE_LABELS.has(v.name)) continue;
      const message = `testData row ${row.index + 1} gives "${v.name}", which no message uses; remove it or fix its name.`;
      out.push({ severity: 'warning', code: 'unused-variable', message, range: index.range(v.key.start, v.key.end), unnecessary: true });
    }
  }
  return out;
}

function injectionDiagnostic(use: VariableUse, input: OutlineInput | undefined, index: TextIndex): AnalysisDiagnostic | undefined {
  const role = use.message.role;
  if ((role !== 'system' && role !== 'user') || !carriesUserInput(input)) return undefined;
  const content = use.message.content!;
  const delimited = isDelimited(content, use.start, use.end);
  if (role === 'user' && delimited) return undefined;
  const range = index.range(use.fileStart, use.fileEnd);
  const mustache = index.text.slice(use.fileStart, use.fileEnd);
  const lineStart = index.lineStart(range.line);
  const indent = /^[ \t]*/.exec(index.text.slice(lineStart, use.fileStart))![0];
  const edit = { range, newText: wrapInTag(use.name, mustache, use.message.source!.kind === 'yaml-scalar' ? use.message.source!.style : 'PLAIN', indent) };
  const trust = `declare \`inputs.${use.name}.trusted: true\` if it never comes from users`;
  if (role === 'system') {
    return {
      severity: 'warning',
      code: 'injection-system',
      message:
        `{{${use.name}}} puts user input in the system message, where it can override your instructions. ` +
        `Move it to a user message inside a delimited block (<${use.name}>…</${use.name}>), or ${trust}.`,
      range,
      fixes: delimited ? [] : [{ title: `Wrap {{${use.name}}} in <${use.name}> tags (it stays in the system message)`, edits: [edit] }],
    };
  }
  return {
    severity: 'warning',
    code: 'injection-undelimited',
    message:
      `{{${use.name}}} puts user input into the message without delimiters, so the model cannot tell it from your instructions. ` +
      `Wrap it in a block such as <${use.name}>…</${use.name}>, or ${trust}.`,
    range,
    fixes: [{ title: `Wrap {{${use.name}}} in <${use.name}> tags`, edits: [edit], preferred: true }],
  };
}

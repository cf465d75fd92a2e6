// The editor's analysis of a prompt file, as you type: the validator's errors and warnings (YAML, schema,
// types, Handlebars syntax) plus what only an editor needs to say — variables used but never given and given
// but never used, unknown providers and models, assertion specs the eval engine would refuse, user input
// placed where it can inject instructions, and API keys pasted into the file. Every diagnostic has an exact
// range; some carry quick fixes. Pure and synchronous: a 500-line file takes a few milliseconds.
import { findSecrets } from '../redact';
import { defaultAnalysisContext, type AnalysisContext } from './analysisContext';
import type { AnalysisDiagnostic, QuickFix } from './analysisTypes';
import { checkAssertions, innerSpan } from './assertionChecks';
import { checkModelId } from './modelChecks';
import { parsePromptFile, parsePromptYaml } from './parse';
import { outlinePrompt, type PromptOutline } from './promptOutline';
import { TextIndex } from './textIndex';
import { checkVariables, collectUses, type VariableUses } from './variableChecks';
import type { Diagnostic } from '../../shared/types';

export interface PromptAnalysis {
  diagnostics: AnalysisDiagnostic[];
  outline: PromptOutline;
  uses: VariableUses;
  index: TextIndex;
}

export function analyzePromptText(text: string, file: string, context: AnalysisContext = defaultAnalysisContext()): PromptAnalysis {
  const index = new TextIndex(text);
  const yaml = parsePromptYaml(text);
  const diagnostics = parsePromptFile(text, file, yaml).diagnostics.map((d) => fromParse(d, index));
  const outline = outlinePrompt(yaml.doc, index);
  const uses = collectUses(outline, index, file);
  diagnostics.push(...secretDiagnostics(index));
  // Past a YAML syntax error the document is a best guess: say nothing about its contents yet.
  if (yaml.doc.errors.length === 0) {
    diagnostics.push(...checkVariables(outline, uses, index), ...modelDiagnostics(outline, index, context), ...checkAssertions(outline, index, file));
  }
  diagnostics.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return { diagnostics, outline, uses, index };
}

/** The validator's diagnostic with a full range: a bare position widens to the word (or the character) there. */
function fromParse(d: Diagnostic, index: TextIndex): AnalysisDiagnostic {
  const { line = 1, column = 1, endLine, endColumn } = d.location ?? {};
  if (endLine !== undefined && endColumn !== undefined) {
    return { severity: d.severity, code: d.code, message: d.message, range: { line, column, endLine, endColumn } };
  }
  const start = index.offset(line, column);
  const lineEnd = index.lineEnd(line);
  const word = /^\S+/.exec(index.text.slice(start, lineEnd))?.[0].length ?? 0;
  const end = word > 0 ? start + word : Math.min(lineEnd, start + 1);
  return { severity: d.severity, code: d.code, message: d.message, range: index.range(start, end) };
}

function secretDiagnostics(index: TextIndex): AnalysisDiagnostic[] {
  return findSecrets(index.text)
    .filter(({ start, end }) => /[0-9A-Z]/.test(index.text.slice(start, end).replace(/^[a-z]+[-_]/, '')))
    .map(({ start, end }) => ({
      severity: 'error',
      code: 'secret-in-file',
      message:
        'This looks like an API key. Remove it from the prompt file (files end up in git, logs and shared runs) ' +
        'and store it with "Promptyard: Set API Key…"; the key is then read from VS Code\'s secret storage.',
      range: index.range(start, end),
    }));
}

function modelDiagnostics(outline: PromptOutline, index: TextIndex, context: AnalysisContext): AnalysisDiagnostic[] {
  const out: AnalysisDiagnostic[] = [];
  for (const ref of outline.models) {
    const problem = checkModelId(ref.value, context);
    if (!problem) continue;
    const inner = innerSpan(ref);
    const range = index.range(inner.start, inner.end);
    const fixes: QuickFix[] = problem.replacements.map((id, i) => ({ title: `Change to ${id}`, edits: [{ range, newText: id }], preferred: i === 0 }));
    out.push({ severity: 'warning', code: problem.code, message: problem.message, range, fixes });
  }
  return out;
}

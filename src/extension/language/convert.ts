// The core analysis' plain data as VS Code types: ranges (1-based, end exclusive) and diagnostics.
import * as vscode from 'vscode';
import type { AnalysisDiagnostic } from '../../core/prompts/analysisTypes';
import type { TextRange } from '../../core/prompts/textIndex';

export const DIAGNOSTIC_SOURCE = 'Promptyard';

const SEVERITY: Record<AnalysisDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.line - 1, range.column - 1, range.endLine - 1, range.endColumn - 1);
}

export function toDiagnostic(d: AnalysisDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  if (d.unnecessary) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  return diagnostic;
}

// What the editor analysis of a prompt file reports: diagnostics with exact ranges and the quick fixes that
// resolve them, as plain data a host turns into its own types.
import type { Severity } from '../../shared/types';
import type { TextRange } from './textIndex';

export interface TextEdit {
  range: TextRange;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply by default (VS Code: "Auto Fix", the first in the light bulb). */
  preferred?: boolean;
}

export interface AnalysisDiagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `undefined-variable`, `injection-undelimited`, `secret-in-file`. */
  code: string;
  message: string;
  range: TextRange;
  /** Text that does nothing (an unused input): editors fade it. */
  unnecessary?: boolean;
  fixes?: QuickFix[];
}

// The `assert` lists of testData rows, checked as the eval engine checks them before a run (unknown type,
// a regex that does not compile, an invalid JSON Schema, a threshold out of range…), each problem placed
// on the part of the assertion it is about.
import type { SourceLocation } from '../../shared/types';
import { knownAssertionTypes, parseAssertionType } from '../evals/assertions/registry';
import { validateAssertionSpec } from '../evals/assertions/validate';
import type { AnalysisDiagnostic, QuickFix } from './analysisTypes';
import { closestNames } from './modelChecks';
import type { AssertionPart, OutlineAssertion, PromptOutline, ScalarRef, Span } from './promptOutline';
import type { TextIndex } from './textIndex';

/** Codes the validator of the file already reports at the same place. */
const REPORTED_BY_PARSE = new Set(['missing-assertion-type', 'invalid-weight']);

const PART_OF_CODE: Record<string, AssertionPart> = {
  'unknown-assertion': 'type',
  'invalid-regex': 'value',
  'invalid-json-schema': 'value',
  'missing-value': 'value',
  'invalid-value': 'value',
  'option-ignored': 'value',
  'threshold-range': 'threshold',
  'missing-threshold': 'threshold',
  'threshold-ignored': 'threshold',
  'invalid-model-id': 'provider',
  'provider-ignored': 'provider',
  'invalid-transform': 'transform',
};

export function checkAssertions(outline: PromptOutline, index: TextIndex, file: string): AnalysisDiagnostic[] {
  const out: AnalysisDiagnostic[] = [];
  for (const row of outline.rows) {
    for (const top of row.asserts) {
      // Each spec gets its own location object; the validator hands it back on the diagnostics it makes.
      const owners = new Map<SourceLocation, OutlineAssertion>();
      const place = (a: OutlineAssertion): void => {
        const at = index.position(a.span.start);
        const location: SourceLocation = { file, ...at };
        a.spec.location = location;
        owners.set(location, a);
        a.nested.forEach(place);
      };
      place(top);
      for (const d of validateAssertionSpec(top.spec)) {
        const owner = d.location ? owners.get(d.location) : undefined;
        if (!owner || REPORTED_BY_PARSE.has(d.code)) continue;
        const part = owner.parts[PART_OF_CODE[d.code] ?? 'type'] ?? owner.parts.type!;
        const diagnostic: AnalysisDiagnostic = { severity: d.severity, code: d.code, message: d.message, range: index.range(part.start, part.end) };
        if (d.code === 'unknown-assertion') diagnostic.fixes = typeFixes(owner.parts.type as ScalarRef, index);
        out.push(diagnostic);
      }
    }
  }
  return out;
}

function typeFixes(type: ScalarRef, index: TextIndex): QuickFix[] {
  const { base, inverse } = parseAssertionType(type.value);
  const inner = innerSpan(type);
  return closestNames(base, knownAssertionTypes(), 3).map((name, i) => {
    const replacement = `${inverse ? 'not-' : ''}${name}`;
    return { title: `Change to ${replacement}`, edits: [{ range: index.range(inner.start, inner.end), newText: replacement }], preferred: i === 0 };
  });
}

/** A scalar's value without its quotes. */
export function innerSpan(scalar: ScalarRef): Span {
  const quoted = scalar.style === 'QUOTE_DOUBLE' || scalar.style === 'QUOTE_SINGLE';
  return quoted ? { start: scalar.start + 1, end: scalar.end - 1 } : { start: scalar.start, end: scalar.end };
}

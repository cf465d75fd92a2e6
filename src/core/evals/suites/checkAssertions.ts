// Checks the assertions of loaded cases before anything runs (assertions/validate.ts): a regex that does
// not compile, an invalid JSON Schema, a value of the wrong shape, a threshold out of range. Each problem is
// reported at the assertion's location, else its case's. Unknown types are left to the readers (checkType),
// which report them, and drop them, when the caller names the engine's types.
import type { SourceLocation } from '../../../shared/types';
import { validateAssertionSpec } from '../assertions/validate';
import type { AssertionSpec, EvalCase, EvalSuite } from '../types';
import type { SuiteContext } from './context';

export function checkSuiteAssertions(suite: EvalSuite, ctx: SuiteContext): void {
  checkSpecs(suite.defaultAssert, undefined, ctx);
  checkCaseAssertions(suite.cases, ctx);
}

export function checkCaseAssertions(cases: readonly EvalCase[], ctx: SuiteContext): void {
  for (const c of cases) checkSpecs(c.assert, c.location, ctx);
}

function checkSpecs(specs: readonly AssertionSpec[], fallback: SourceLocation | undefined, ctx: SuiteContext): void {
  for (const spec of specs) {
    for (const d of validateAssertionSpec(spec, fallback)) {
      if (d.code !== 'unknown-assertion') ctx.diagnostics.push(d);
    }
  }
}

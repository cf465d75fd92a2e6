// is-xml: the whole output is a well-formed XML document; contains-xml: a well-formed element appears in
// it. Both optionally require elements by dotted path from the root (`analysis.summary`), given as the
// value (a list or comma-separated text) or as `{ requiredElements: [...] }`, as promptfoo does.
import type { AssertionFn, AssertionSpec, GradingResult } from '../types';
import { errored, failed, listWords, passed, quote } from './result';
import { isRecord, listValue } from './values';
import { hasElementPath, parseXmlDocument, parseXmlElementAt, type XmlElement } from './xmlCheck';

const MAX_CANDIDATES = 200;

function requiredElements(spec: AssertionSpec, type: string): string[] | GradingResult {
  const value = isRecord(spec.value) ? spec.value.requiredElements : spec.value;
  if (value === undefined || value === null || value === '') return [];
  const list = listValue(value);
  if (!list) return errored(`${type} takes required element paths as a list or comma-separated text (e.g. "root.child"), or { requiredElements: [...] }.`);
  return list;
}

function missingPaths(root: XmlElement, paths: string[]): string[] {
  return paths.filter((p) => !hasElementPath(root, p));
}

export const isXml: AssertionFn = (spec, ctx) => {
  const paths = requiredElements(spec, 'is-xml');
  if (!Array.isArray(paths)) return paths;
  const parsed = parseXmlDocument(ctx.output.trim());
  if ('error' in parsed) return failed(`Output is not well-formed XML: ${parsed.error}; got ${quote(ctx.output)}.`);
  const missing = missingPaths(parsed.root, paths);
  if (missing.length > 0) {
    return failed(`Output is well-formed XML but lacks the element${missing.length > 1 ? 's' : ''} ${listWords(missing)} (root is <${parsed.root.name}>).`);
  }
  return passed(`Output is well-formed XML with root <${parsed.root.name}>${paths.length ? ` and the required elements` : ''}.`);
};

export const containsXml: AssertionFn = (spec, ctx) => {
  const paths = requiredElements(spec, 'contains-xml');
  if (!Array.isArray(paths)) return paths;
  const text = ctx.output;
  let firstError: string | undefined;
  let closest: { root: XmlElement; missing: string[] } | undefined;
  let tries = 0;
  for (let i = text.indexOf('<'); i >= 0 && tries < MAX_CANDIDATES; i = text.indexOf('<', i + 1)) {
    if (!/[A-Za-z_:\u00C0-\uFFFF]/.test(text[i + 1] ?? '')) continue;
    tries++;
    const parsed = parseXmlElementAt(text, i);
    if ('error' in parsed) {
      firstError ??= parsed.error;
      continue;
    }
    const missing = missingPaths(parsed.root, paths);
    if (missing.length === 0) return passed(`Output contains well-formed XML: <${parsed.root.name}>${paths.length ? ' with the required elements' : ''}.`);
    if (!closest || missing.length < closest.missing.length) closest = { root: parsed.root, missing };
    i = parsed.end - 1;
  }
  if (closest) return failed(`Output contains XML (<${closest.root.name}>) but it lacks ${listWords(closest.missing)}.`);
  if (firstError) return failed(`Output contains no well-formed XML element: ${firstError}.`);
  return failed(`Output contains no XML element; got ${quote(text)}.`);
};

// The JUnit XML report, for CI test tabs (Jenkins, GitLab, GitHub actions that read JUnit).
// One <testsuite> per prompt version × model, one <testcase> per case × repeat:
//   <failure>  the case ran and missed an assertion: every failing reason, expected vs actual, where it is written
//   <error>    a typed error (model call, rendering, an assertion that could not run)
//   <skipped>  the case was cancelled before it finished
// Output and vars of failed cases go to the testcase's <system-out>. Suites and cases are sorted, so the
// document does not depend on the order cases finished in. It validates against the Jenkins xunit
// junit-10 schema (test/fixtures/junit/junit.xsd is a stricter subset of it).
import { redact } from '../../redact';
import type { CaseRecord, GradingResult, RunMeta, RunSummaryRow } from '../types';
import { statusOf, truncate } from './caseStatus';
import { escapeXmlAttr, escapeXmlText } from './escape';
import { compareCases, compareRows, promptLabel, repeatLabel, rowKey } from './keys';
import type { ReportInput } from './reportInput';

export interface JunitOptions {
  /** Characters of model output kept per failed case; default 10,000. */
  maxOutputChars?: number;
}

interface SuiteState {
  first: CaseRecord;
  cases: { record: Pick<CaseRecord, 'promptId' | 'promptVersion' | 'modelId' | 'caseId' | 'repeat'>; xml: string }[];
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

const MESSAGE_CHARS = 1000;

export async function* renderJunitReport(input: ReportInput, options: JunitOptions = {}): AsyncGenerator<string> {
  const { meta, summary } = input;
  const repeats = summary.stability !== undefined;
  const suites = new Map<string, SuiteState>();
  for await (const record of input.records) {
    const key = rowKey(record);
    let suite = suites.get(key);
    if (!suite) suites.set(key, (suite = { first: record, cases: [], failures: 0, errors: 0, skipped: 0, seconds: 0 }));
    const status = statusOf(record);
    if (status === 'failed') suite.failures += 1;
    else if (record.error?.kind === 'cancelled') suite.skipped += 1;
    else if (status === 'error') suite.errors += 1;
    const seconds = caseSeconds(record);
    suite.seconds += seconds;
    const identity = { promptId: record.promptId, promptVersion: record.promptVersion, modelId: record.modelId, caseId: record.caseId, repeat: record.repeat };
    suite.cases.push({ record: identity, xml: redact(testcase(record, seconds, repeats, options.maxOutputChars ?? 10_000)) });
  }

  const ordered = [...suites.values()].sort((a, b) => compareRows(a.first, b.first));
  const tests = ordered.reduce((t, s) => t + s.cases.length, 0);
  const failures = ordered.reduce((t, s) => t + s.failures, 0);
  const errors = ordered.reduce((t, s) => t + s.errors, 0);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield redact(
    `<testsuites name="${escapeXmlAttr(`promptyard ${meta.runId}`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(summary.durationMs / 1000)}">\n`,
  );
  for (const [index, suite] of ordered.entries()) {
    const row = summary.rows.find((r) => rowKey(r) === rowKey(suite.first));
    const attrs = [
      `name="${escapeXmlAttr(suiteName(suite.first))}"`,
      `tests="${suite.cases.length}"`,
      `failures="${suite.failures}"`,
      `errors="${suite.errors}"`,
      `skipped="${suite.skipped}"`,
      `time="${seconds(suite.seconds)}"`,
      `timestamp="${timestamp(meta.createdAt)}"`,
      `id="${index}"`,
      `package="${escapeXmlAttr(suite.first.promptId)}"`,
    ];
    yield redact(`  <testsuite ${attrs.join(' ')}>\n${properties(meta, suite.first, row)}`);
    suite.cases.sort((a, b) => compareCases(a.record, b.record));
    for (const item of suite.cases) yield item.xml;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function properties(meta: RunMeta, record: CaseRecord, row: RunSummaryRow | undefined): string {
  const sha = meta.promptVersions.find((p) => p.id === record.promptId && p.version === record.promptVersion)?.sha256 ?? record.promptSha256;
  const props: [string, string | undefined][] = [
    ['runId', meta.runId],
    ['prompt', record.promptId],
    ['promptVersion', record.promptVersion],
    ['promptSha256', sha],
    ['model', record.modelId],
    ['suiteFile', record.suiteFile],
    ['passRate', row ? row.passRate.toFixed(4) : undefined],
    ['meanScore', row ? row.meanScore.toFixed(4) : undefined],
    ['latencyP50Ms', row?.latencyP50 !== undefined ? String(row.latencyP50) : undefined],
    ['latencyP95Ms', row?.latencyP95 !== undefined ? String(row.latencyP95) : undefined],
    ['inputTokens', row ? String(row.inputTokens) : undefined],
    ['outputTokens', row ? String(row.outputTokens) : undefined],
    ['costUsd', row ? row.cost.toFixed(6) : undefined],
  ];
  const lines = props
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([name, value]) => `      <property name="${name}" value="${escapeXmlAttr(value)}"/>\n`);
  return `    <properties>\n${lines.join('')}    </properties>\n`;
}

function testcase(record: CaseRecord, secs: number, repeats: boolean, maxOutput: number): string {
  const name = `${record.caseId}${record.description ? ` — ${record.description}` : ''}${repeats ? ` ${repeatLabel(record.repeat)}` : ''}`;
  const open = `    <testcase name="${escapeXmlAttr(name)}" classname="${escapeXmlAttr(suiteName(record))}" time="${seconds(secs)}"`;
  const status = statusOf(record);
  if (status === 'passed') return `${open}/>\n`;
  const where = record.location ? `${record.location.file}:${record.location.line}:${record.location.column}` : record.suiteFile;
  let outcome: string;
  if (record.error) {
    const message = truncate(record.error.message, MESSAGE_CHARS);
    outcome =
      record.error.kind === 'cancelled'
        ? `      <skipped message="${escapeXmlAttr(message)}"/>\n`
        : `      <error message="${escapeXmlAttr(message)}" type="${escapeXmlAttr(record.error.kind)}">${escapeXmlText(`${record.error.message}\nat ${where}`)}</error>\n`;
  } else {
    const failing = flattenFailing(record.results);
    const firstReason = failing[0]?.reason ?? `Score ${record.score} is under the threshold.`;
    const type = failing[0]?.assertion ?? 'assertion';
    const body = [...failing.map(describe), `at ${where}`].join('\n');
    outcome = `      <failure message="${escapeXmlAttr(truncate(firstReason, MESSAGE_CHARS))}" type="${escapeXmlAttr(type)}">${escapeXmlText(body)}</failure>\n`;
  }
  const out = [`vars: ${JSON.stringify(record.vars ?? {}, null, 2)}`];
  if (record.output !== undefined) out.push(`output:\n${truncate(record.output, maxOutput)}`);
  return `${open}>\n${outcome}      <system-out>${escapeXmlText(out.join('\n\n'))}</system-out>\n    </testcase>\n`;
}

/** The failing leaves: an assert-set contributes its failing components (or itself when it has none). */
function flattenFailing(results: GradingResult[]): GradingResult[] {
  const out: GradingResult[] = [];
  for (const result of results) {
    if (result.pass) continue;
    const inner = result.componentResults ? flattenFailing(result.componentResults) : [];
    out.push(...(inner.length ? inner : [result]));
  }
  return out;
}

function describe(result: GradingResult): string {
  const lines = [`✗ ${result.assertion ? `${result.assertion}: ` : ''}${result.reason}`];
  if (result.expected !== undefined) lines.push(`  expected: ${result.expected}`);
  if (result.actual !== undefined) lines.push(`  actual:   ${result.actual}`);
  return lines.join('\n');
}

function suiteName(item: Pick<CaseRecord, 'promptId' | 'promptVersion' | 'modelId'>): string {
  return `${promptLabel(item)} [${item.modelId}]`;
}

/** Cached results took no time in this run. */
function caseSeconds(record: CaseRecord): number {
  return record.cached || record.latencyMs === undefined ? 0 : Math.max(0, record.latencyMs) / 1000;
}

function seconds(value: number): string {
  return (Number.isFinite(value) ? Math.max(0, value) : 0).toFixed(3);
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC: the form every JUnit reader accepts (no zone, no fraction). */
function timestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '1970-01-01T00:00:00' : date.toISOString().slice(0, 19);
}

import * as assert from 'node:assert/strict';
import { compareWithBaseline } from '../../../../src/core/evals/reports/baseline';
import { formatSummaryTable } from '../../../../src/core/evals/reports/table';
import { displayWidth, fitMiddle, safeLine } from '../../../../src/core/evals/reports/terminalText';
import { createSummaryAccumulator } from '../../../../src/core/evals/reports/summary';
import type { CaseRecord } from '../../../../src/core/evals/types';
import { fixtureRun } from './fixtureRun';

// Strips our own SGR colour codes only; anything else starting with ESC would stay and fail the tests.
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

describe('reports: terminal table', () => {
  const { summary, records } = fixtureRun();

  it('has a header, one row per prompt version × model, and a totals row', () => {
    const text = formatSummaryTable(summary, { color: false, width: 140 });
    const lines = text.split('\n');
    assert.match(lines[0]!, /^Prompt\s+Model\s+Cases\s+Failed\s+Errors\s+Pass rate\s+Score\s+p50\s+p95\s+Tokens in\/out\s+Cost$/);
    const rows = lines.filter((l) => l.startsWith('greet@'));
    assert.equal(rows.length, 6);
    assert.match(rows[1]!, /^greet@1\.0\.0\s+ollama\/llama3\.2\s+6\s+2\s+0\s+66\.7%\s+0\.75\s+\S+\s+\S+\s+741\/192\s+\$0$/);
    assert.match(text, /^Total\s+36\s+5\s+2\s+80\.6%\s+0\.84\s+4\.45k\/1\.12k\s+\$0\.00088$/m);
    assert.match(text, /36 cases · 29 passed · 5 failed · 2 errors · \$0\.00088 · 12\.3s/);
  });

  it('lists failed cases with a clickable file:line:column relative to the working folder and their reason', () => {
    const text = formatSummaryTable(summary, { color: false, width: 140, cwd: '/work/project' });
    assert.match(text, /^Failed cases:$/m);
    assert.match(text, /^ {2}✗ prompts\/greet\.prompt\.yml:16:5 {2}greet@1\.0\.0 · anthropic\/claude-haiku-4-5 · case-2$/m);
    assert.match(text, /^ {4}icontains: Expected output to contain "bonjour" $/m);
    assert.match(text, /^ {2}! prompts\/greet\.prompt\.yml:25:5 {2}greet@1\.1\.0 · anthropic\/claude-haiku-4-5 · case-5$/m);
    assert.match(text, /^ {4}rate_limit: Rate limited by anthropic: retry later $/m);
    const outside = formatSummaryTable(summary, { color: false, width: 140, cwd: '/elsewhere' });
    assert.match(outside, / \/work\/project\/prompts\/greet\.prompt\.yml:16:5 /, 'absolute when outside cwd');
    const few = formatSummaryTable(summary, { color: false, width: 140, maxFailures: 2 });
    assert.match(few, /^Failed cases \(2 of 7\):$/m);
  });

  for (const width of [50, 60, 80, 100, 120]) {
    it(`fits ${width} columns, dropping less useful columns before the names become unreadable`, () => {
      const { summary: hostile } = fixtureRun({ hostile: { port: 1 } });
      const text = formatSummaryTable(hostile, { color: true, width, cwd: '/work/project' });
      for (const line of text.split('\n')) assert.ok(displayWidth(line) <= width, `${displayWidth(line)} > ${width}: ${plain(line)}`);
      const header = plain(text.split('\n')[0]!);
      for (const always of ['Prompt', 'Model', 'Cases', 'Pass rate']) assert.ok(header.includes(always), `${width}: ${header}`);
      if (width >= 80) assert.match(plain(text), /greet@1\.0\.0 {2}/, 'names intact at 80 columns');
      if (width < 100) assert.ok(!header.includes('Tokens'), 'tokens go first');
    });
  }

  it('colours only when asked, and never passes a model’s escape sequences to the terminal', () => {
    const { summary: hostile } = fixtureRun({ hostile: { port: 1 } });
    const acc = createSummaryAccumulator();
    const evil: CaseRecord = {
      ...fixtureRun().records[0]!,
      pass: false,
      score: 0,
      description: 'desc \u001b]8;;http://evil\u0007link\u001b]8;;\u0007',
      results: [{ pass: false, score: 0, reason: 'bad \u001b[2J\u001b[H cleared\r\nnext line \u202eevil', assertion: 'contains' }],
    };
    acc.add(evil);
    const text = formatSummaryTable(acc.summary({ runId: 'r' }, 1), { color: false, width: 200 });
    assert.ok(!text.includes('\u001b'), 'no ESC at all without colour');
    assert.ok(!text.includes('\u0007') && !text.includes('\r') && !text.includes('\u202e'));
    assert.match(text, /bad �\[2J�\[H cleared ⏎ next line �evil/);
    const coloured = formatSummaryTable(hostile, { color: true, width: 200 });
    assert.ok(coloured.includes('\u001b[31m'), 'colour codes when asked');
    assert.ok(!/\u001b(?!\[(?:1|2|22|31|32|33|39)m)/.test(coloured), 'only our own SGR codes'); // eslint-disable-line no-control-regex
    assert.ok(!formatSummaryTable(summary, { color: false }).includes('\u001b'));
  });

  it('never prints an API key a model repeated in a reason', () => {
    const acc = createSummaryAccumulator();
    const key = 'sk-ant-api03-abcdefghijklmnopqrstuv';
    acc.add({ ...records[0]!, pass: false, results: [{ pass: false, score: 0, reason: `leaked ${key}` }] });
    const text = formatSummaryTable(acc.summary({ runId: 'r' }, 1), { color: false, width: 200 });
    assert.ok(!text.includes(key) && text.includes('leaked [REDACTED]'));
  });

  it('shows the baseline comparison and the broken cases', async () => {
    // Before: case-2 passed everywhere and ollama failed case-1, so now 3 cases broke and 2 got fixed.
    const flip = (r: CaseRecord): boolean => (r.caseId === 'case-2' ? true : r.caseId === 'case-1' && r.modelId.startsWith('ollama/') ? false : r.pass);
    const before = fixtureRun({ runId: 'run-old' }).records.map((r) => ({ ...r, pass: flip(r) }));
    const comparison = await compareWithBaseline(records, before, { baselineRunId: 'run-old' });
    const text = formatSummaryTable(summary, { color: false, width: 140, baseline: comparison });
    assert.match(text, /^Compared with baseline run-old: 2 fixed, 3 broken, 31 unchanged, 0 new, 0 removed$/m);
    assert.match(text, /^ {2}↓ broken greet@1\.0\.0 · anthropic\/claude-haiku-4-5 · case-2 #1$/m);
    assert.match(text, /^ {2}↑ fixed {2}greet@1\.1\.0 · ollama\/llama3\.2 · case-1 #1$/m);
  });

  it('shows flaky cases when repeats disagree', () => {
    const text = formatSummaryTable(fixtureRun({ repeats: 3 }).summary, { color: false, width: 140 });
    assert.match(text, /^Flaky: 6 cases passed only some repeats$/m);
    assert.match(text, /^ {3}66\.7% {2}greet@1\.0\.0 · anthropic\/claude-haiku-4-5 · case-4$/m);
  });

  it('cuts ids in the middle and makes untrusted text one safe line', () => {
    assert.equal(fitMiddle('anthropic/claude-haiku-4-5', 16), 'anthro…haiku-4-5');
    const wide = fitMiddle('模型/非常长的名字-模型', 9);
    assert.ok(displayWidth(wide) <= 9 && displayWidth(wide) >= 8 && wide.includes('…'), wide);
    assert.equal(safeLine('a\nb\tc\u0000'), 'a ⏎ b c\ufffd');
    assert.equal(displayWidth('表'), 2);
  });
});

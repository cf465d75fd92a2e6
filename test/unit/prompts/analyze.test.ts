// The editor's analysis of a prompt file: one file with one of each problem gives exactly the expected
// diagnostics at the expected ranges; the quick fixes produce files without their warning; the rules for user
// input, delimiters, keys, models and assertions hold on their own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzePromptText } from '../../../src/core/prompts/analyze';
import type { AnalysisContext } from '../../../src/core/prompts/analysisContext';
import type { AnalysisDiagnostic, QuickFix } from '../../../src/core/prompts/analysisTypes';
import { isDelimited } from '../../../src/core/prompts/injection';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { TextIndex } from '../../../src/core/prompts/textIndex';
import { createCatalog } from '../../../src/core/providers/catalog';

export const PROBLEMS_FILE = path.join(__dirname, '../../fixtures/workspace/language/problems.prompt.yml');
const PROBLEMS = readFileSync(PROBLEMS_FILE, 'utf8');

/** `code line:column-endLine:endColumn` of each diagnostic. */
function summary(diagnostics: AnalysisDiagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.range.line}:${d.range.column}-${d.range.endLine}:${d.range.endColumn}`);
}

function textAt(text: string, d: AnalysisDiagnostic): string {
  const index = new TextIndex(text);
  return text.slice(index.offset(d.range.line, d.range.column), index.offset(d.range.endLine, d.range.endColumn));
}

export function applyFix(text: string, fix: QuickFix): string {
  const index = new TextIndex(text);
  const edits = fix.edits
    .map((e) => ({ start: index.offset(e.range.line, e.range.column), end: index.offset(e.range.endLine, e.range.endColumn), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const codes = (text: string, context?: AnalysisContext) => analyzePromptText(text, 'case.prompt.yml', context).diagnostics.map((d) => d.code);
const one = (text: string, code: string): AnalysisDiagnostic => {
  const found = analyzePromptText(text, 'case.prompt.yml').diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(found)}`);
  return found[0]!;
};

describe('analyzePromptText', () => {
  it('reports one of each problem of the fixture at its exact range, and nothing else', () => {
    const { diagnostics } = analyzePromptText(PROBLEMS, PROBLEMS_FILE);
    assert.deepEqual(summary(diagnostics), [
      'secret-in-file 2:22-2:57',
      'unknown-model 4:8-4:25',
      'invalid-value 6:16-6:17',
      'unused-input 18:3-18:7',
      'injection-system 22:78-22:87',
      'injection-undelimited 25:29-25:41',
      'undefined-variable 27:7-27:19',
      'template-syntax 30:20-30:22',
      'unused-variable 34:5-34:10',
      'unknown-assertion 36:15-36:22',
      'invalid-regex 39:16-39:23',
      'invalid-json-schema 41:16-41:29',
      'unknown-provider 45:16-45:28',
    ]);
    const texts = Object.fromEntries(diagnostics.map((d) => [d.code, textAt(PROBLEMS, d)]));
    assert.deepEqual(texts, {
      'secret-in-file': 'sk-proj-T3stKey0nly4Tests9xYzAbCdEf',
      'unknown-model': 'openai/gpt-4o-mni',
      'invalid-value': '3',
      'unused-input': 'tone',
      'injection-system': '{{topic}}',
      'injection-undelimited': '{{question}}',
      'undefined-variable': '{{audience}}',
      'template-syntax': '{{',
      'unused-variable': 'extra',
      'unknown-assertion': 'contain',
      'invalid-regex': '"([a-z"',
      'invalid-json-schema': '{type: strin}',
      'unknown-provider': 'acme/judge-1',
    });
    const severity = Object.fromEntries(diagnostics.map((d) => [d.code, d.severity]));
    assert.equal(severity['secret-in-file'], 'error');
    assert.equal(severity['injection-undelimited'], 'warning');
    assert.equal(severity['unknown-assertion'], 'error');
    assert.equal(diagnostics.find((d) => d.code === 'unused-input')?.unnecessary, true);
  });

  it('says what to do in each message', () => {
    const { diagnostics } = analyzePromptText(PROBLEMS, PROBLEMS_FILE);
    const message = (code: string) => diagnostics.find((d) => d.code === code)!.message;
    assert.match(message('secret-in-file'), /Remove it .*"Promptyard: Set API Key…"/);
    assert.match(message('unknown-model'), /Did you mean openai\/gpt-4o-mini/);
    assert.match(message('unknown-provider'), /providers here are openai, anthropic, ollama, local.*promptyard\.endpoints/);
    assert.match(message('injection-system'), /Move it to a user message/);
    assert.match(message('injection-undelimited'), /<question>…<\/question>/);
    assert.match(message('undefined-variable'), /under `inputs:`/);
    assert.match(message('unknown-assertion'), /Did you mean contains/);
    assert.doesNotMatch(diagnostics.map((d) => d.message).join('\n'), /T3stKey0nly/, 'no message repeats the key');
  });

  it('wraps undelimited user input in tags, as each scalar style allows, and the warning goes away', () => {
    const cases: Record<string, { text: string; content: string }> = {
      'a literal block': { text: 'messages:\n  - role: user\n    content: |\n      Answer: {{question}} now\n', content: 'Answer: <question>\n{{question}}\n</question> now\n' },
      'a double-quoted string': { text: 'messages:\n  - role: user\n    content: "Answer: {{question}}"\n', content: 'Answer: <question>\n{{question}}\n</question>' },
      'a plain scalar': { text: 'messages:\n  - role: user\n    content: Answer {{ question }} now\n', content: 'Answer <question>{{ question }}</question> now' },
      'a single-quoted string': { text: "messages:\n  - role: user\n    content: 'Say {{question}}'\n", content: 'Say <question>{{question}}</question>' },
    };
    for (const [name, { text, content }] of Object.entries(cases)) {
      const input = `inputs:\n  question: {type: string}\n${text}`;
      const warning = one(input, 'injection-undelimited');
      assert.equal(warning.fixes?.length, 1, name);
      assert.equal(warning.fixes![0]!.preferred, true);
      const fixed = applyFix(input, warning.fixes![0]!);
      assert.deepEqual(codes(fixed), [], `${name}: ${fixed}`);
      assert.equal(parsePromptFile(fixed, 'case.prompt.yml').prompt?.messages[0]!.content, content, name);
    }
  });

  it('fixes the fixture: the quick fix of the injection warning leaves a file without it', () => {
    const warning = analyzePromptText(PROBLEMS, PROBLEMS_FILE).diagnostics.find((d) => d.code === 'injection-undelimited')!;
    const fixed = applyFix(PROBLEMS, warning.fixes![0]!);
    const after = analyzePromptText(fixed, PROBLEMS_FILE).diagnostics.map((d) => d.code);
    assert.ok(!after.includes('injection-undelimited'), after.join(', '));
    assert.equal(after.length, 12, 'every other problem is still reported');
  });

  it('warns about user input in a system message, delimited or not, without moving it', () => {
    const text = 'inputs:\n  topic: {type: string}\nmessages:\n  - role: system\n    content: "About <t>{{topic}}</t> and {{topic}}"\n';
    const warnings = analyzePromptText(text, 'case.prompt.yml').diagnostics.filter((d) => d.code === 'injection-system');
    assert.equal(warnings.length, 2);
    assert.deepEqual(warnings[0]!.fixes, [], 'already delimited: nothing to wrap');
    assert.match(warnings[1]!.fixes![0]!.title, /stays in the system message/);
  });

  it('exempts trusted inputs and inputs that cannot hold text; assistant messages and conditions are not output', () => {
    const text = [
      'inputs:',
      '  company: {type: string, trusted: true}',
      '  count: {type: number}',
      '  flag: {type: boolean}',
      '  name: {type: string}',
      'messages:',
      '  - role: system',
      '    content: "{{company}} {{count}} {{flag}} {{#if name}}hi{{/if}}"',
      '  - role: assistant',
      '    content: "Hello {{name}}"',
      '',
    ].join('\n');
    assert.deepEqual(codes(text), []);
    assert.deepEqual(parsePromptFile(text, 'case.prompt.yml').diagnostics, [], '`trusted` is a known key of an input');
    assert.match(parsePromptFile(text.replace('trusted: true', 'trusted: "yes"'), 'c.prompt.yml').diagnostics[0]!.message, /trusted must be true or false/);
  });

  it('knows a delimited block: tags, ``` fences and """ blocks around the variable', () => {
    const at = (text: string) => [text.indexOf('{{'), text.indexOf('}}') + 2] as const;
    const check = (text: string) => isDelimited(text, ...at(text));
    assert.equal(check('<doc>\n{{x}}\n</doc>'), true);
    assert.equal(check('<doc id="1"><p>{{x}}</p></doc>'), true);
    assert.equal(check('```\n{{x}}\n```'), true);
    assert.equal(check('"""\n{{x}}\n"""'), true);
    assert.equal(check('<doc></doc> {{x}}'), false, 'a block closed before');
    assert.equal(check('<br/> {{x}}'), false, 'a self-closing tag');
    assert.equal(check('```a``` {{x}} ```b```'), false, 'between two fences');
    assert.equal(check('<doc> {{x}}'), false, 'never closed');
  });

  it('lists variables used but never given, and given but never used, unless datasets or partials hide them', () => {
    const text = 'inputs:\n  a: {type: number}\nmessages:\n  - role: user\n    content: "<x>{{b}}</x>"\ntestData:\n  - c: 1\n';
    assert.deepEqual(codes(text), ['unused-input', 'undefined-variable', 'unused-variable']);
    assert.deepEqual(codes(`${text}datasets:\n  - more.jsonl\n`), ['unused-input', 'unused-variable'], 'datasets may give b');
    assert.deepEqual(codes(text.replace('{{b}}', '{{b}} {{> footer}}')), ['undefined-variable'], 'a partial may use a and c');
    const judged = `${text}evaluators:\n  - name: e\n    string:\n      contains: "{{c}}"\n`;
    assert.deepEqual(codes(judged), ['unused-input', 'undefined-variable'], 'an evaluator uses c');
    const labelled = text.replace('  - c: 1\n', '  - id: first\n    description: The first case\n    c: 1\n');
    assert.deepEqual(codes(labelled), ['unused-input', 'undefined-variable', 'unused-variable'], 'a row\'s id and description label its case');
  });

  it('flags pasted keys of several providers but not ordinary hyphenated words', () => {
    const messages = 'messages:\n  - role: user\n    content: hi\n';
    assert.deepEqual(codes(`description: sk-ant-api03-Zx81bQ9rTy77LkPq_ab\n${messages}`), ['secret-in-file']);
    assert.deepEqual(codes(`description: "AKIAIOSFODNN7EXAMPL3 and gsk_4bC9dE7fG1hJ2kL3mN4pQ5rS6tU7vW8xY9z"\n${messages}`), ['secret-in-file', 'secret-in-file']);
    assert.deepEqual(codes(`description: use sk-learn-is-a-python-library-for-ml\n${messages}`), []);
    const broken = codes(`description: sk-proj-T3stKey0nly4Tests9xYzAbCdEf: [\n${messages}`);
    assert.ok(broken.includes('yaml-syntax') && broken.includes('secret-in-file'), `even in a broken file: ${broken.join(', ')}`);
  });

  it('checks models against the configured providers and the catalog, with replacements', () => {
    const file = (model: string) => `model: ${model}\nmessages:\n  - role: user\n    content: hi\n`;
    assert.deepEqual(codes(file('openai/gpt-4o-mini')), []);
    assert.deepEqual(codes(file('openai/gpt-4o-2024-08-06')), [], 'a dated alias');
    assert.deepEqual(codes(file('ollama/llama3.2')), [], 'local providers run any model');
    const typo = one(file('anthropic/claude-sonet-4-5'), 'unknown-model');
    assert.equal(typo.fixes![0]!.title, 'Change to anthropic/claude-sonnet-4-5');
    assert.deepEqual(codes(applyFix(file('anthropic/claude-sonet-4-5'), typo.fixes![0]!)), []);
    const quoted = one(file('"opena/gpt-4o"'), 'unknown-provider');
    assert.equal(applyFix(file('"opena/gpt-4o"'), quoted.fixes![0]!), file('"openai/gpt-4o"'), 'quotes stay');
    const context: AnalysisContext = { providers: ['openai', 'anthropic', 'testllm'], catalog: createCatalog({ 'openai/gpt-9': { input: 1, output: 2 } }) };
    assert.deepEqual(codes(file('testllm/anything'), context), [], 'a configured endpoint');
    assert.deepEqual(codes(file('openai/gpt-9'), context), [], 'a price override makes a model known');
    assert.deepEqual(codes(file('ollama/llama3.2'), context), ['unknown-provider'], 'ollama is not configured in this context');
  });

  it('checks assertions the way a run does, nested ones included, and offers the nearest type', () => {
    const text = [
      'messages:',
      '  - role: user',
      '    content: hi',
      'testData:',
      '  - assert:',
      '      - type: not-icontain',
      '        value: x',
      '      - type: assert-set',
      '        assert:',
      '          - type: latency',
      '          - type: word-count',
      '            value: many',
      '            threshold: 2',
      '',
    ].join('\n');
    const { diagnostics } = analyzePromptText(text, 'case.prompt.yml');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}@${textAt(text, d)}`),
      ['unknown-assertion@not-icontain', 'missing-threshold@latency', 'invalid-value@many', 'threshold-ignored@2'],
    );
    assert.equal(diagnostics[0]!.fixes![0]!.title, 'Change to not-icontains');
  });

  it('keeps quiet about contents while the YAML itself is broken', () => {
    const text = 'model: openai/nope\nmessages:\n  - role: user\n    content: "{{q}}\n';
    assert.deepEqual(codes(text), ['yaml-syntax']);
  });

  it('gives every diagnostic a range that covers text', () => {
    for (const text of ['messages: [', 'name: 1\nmessages: []\n', 'messages:\n  - role: robot\n    content: x\n', '']) {
      for (const d of analyzePromptText(text, 'case.prompt.yml').diagnostics) {
        const { line, column, endLine, endColumn } = d.range;
        assert.ok(endLine > line || (endLine === line && endColumn >= column), JSON.stringify(d));
      }
    }
  });
});

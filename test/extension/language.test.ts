// Prompt file language features inside VS Code: diagnostics at their ranges for a file with one of each
// problem, quick fixes applied as workspace edits, completion of the file's variables after `{{`, hovers on
// model ids with their price, and the prompt file schema contributed for the YAML extension.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, EXTENSION_ID, waitUntil } from './support/harness';

const FIXTURE = 'language/problems.prompt.yml';

/** The fixture's problems: code and range, 0-based as VS Code counts (line:character-line:character). */
const EXPECTED = [
  'secret-in-file 1:21-1:56',
  'unknown-model 3:7-3:24',
  'invalid-value 5:15-5:16',
  'unused-input 17:2-17:6',
  'injection-system 21:77-21:86',
  'injection-undelimited 24:28-24:40',
  'undefined-variable 26:6-26:18',
  'template-syntax 29:19-29:21',
  'unused-variable 33:4-33:9',
  'unknown-assertion 35:14-35:21',
  'invalid-regex 38:15-38:22',
  'invalid-json-schema 40:15-40:28',
  'unknown-provider 44:15-44:27',
];

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Promptyard');
const summary = (diagnostics: vscode.Diagnostic[]) =>
  diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

async function diagnosticsOf(uri: vscode.Uri, ready: (codes: string[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  await waitUntil(() => ready(ours(uri).map((d) => String(d.code))), what);
  return ours(uri);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('prompt file language features', function () {
  this.timeout(60_000);
  let workspace: string;
  let scratch: string;

  before(async () => {
    await activated();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    scratch = mkdtempSync(path.join(os.tmpdir(), 'promptyard-language-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows one diagnostic of each problem at its range, as the file opens', async () => {
    const uri = vscode.Uri.file(path.join(workspace, FIXTURE));
    await open(uri);
    const diagnostics = await diagnosticsOf(uri, (codes) => codes.length >= EXPECTED.length, 'the fixture\'s diagnostics');
    assert.deepEqual(summary(diagnostics), EXPECTED);
    const secret = diagnostics.find((d) => d.code === 'secret-in-file')!;
    assert.equal(secret.severity, vscode.DiagnosticSeverity.Error);
    assert.match(secret.message, /Promptyard: Set API Key…/);
    assert.deepEqual(diagnostics.find((d) => d.code === 'unused-input')!.tags, [vscode.DiagnosticTag.Unnecessary]);
    assert.equal(diagnostics.find((d) => d.code === 'injection-undelimited')!.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('applies the quick fixes through the code action provider: the warnings disappear', async () => {
    const file = path.join(scratch, 'quickfix.prompt.yml');
    writeFileSync(file, readFileSync(path.join(workspace, FIXTURE), 'utf8'));
    const uri = vscode.Uri.file(file);
    const document = await open(uri);
    const before = await diagnosticsOf(uri, (codes) => codes.includes('injection-undelimited'), 'the injection warning');
    const warning = before.find((d) => d.code === 'injection-undelimited')!;

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const wrap = actions.find((a) => a.title === 'Wrap {{question}} in <question> tags');
    assert.ok(wrap?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(wrap.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    assert.match(document.getText(), /Answer this question: <question>\n {6}\{\{question\}\}\n {6}<\/question>\n/);
    const after = await diagnosticsOf(uri, (codes) => !codes.includes('injection-undelimited'), 'the injection warning to go');
    assert.equal(after.length, EXPECTED.length - 1, summary(after).join(', '));

    const model = after.find((d) => d.code === 'unknown-model')!;
    const modelActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, model.range);
    const change = modelActions.find((a) => a.title === 'Change to openai/gpt-4o-mini');
    assert.ok(change?.edit, `actions: ${modelActions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(change.edit));
    await diagnosticsOf(uri, (codes) => !codes.includes('unknown-model'), 'the unknown model warning to go');
    assert.match(document.getText(), /^model: openai\/gpt-4o-mini$/m);
    assert.ok(await document.save(), 'a scratch copy: saved, so closing it asks nothing');
  });

  it('completes the file\'s variables after {{ in a message', async () => {
    const uri = vscode.Uri.file(path.join(workspace, FIXTURE));
    const document = await open(uri);
    const line = document.lineAt(24).text;
    const position = new vscode.Position(24, line.indexOf('{{question}}') + 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, '{');
    const variables = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Variable).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['question', 'company', 'count', 'tone', 'topic', 'extra', 'audience']) assert.ok(variables.includes(name), `${name} in ${variables.join(', ')}`);
    const question = list.items.find((i) => i.label === 'question')!;
    assert.equal(question.detail, 'input (string)');
  });

  it('hovers a model id with its context window and price', async () => {
    const file = path.join(scratch, 'hover.prompt.yml');
    writeFileSync(file, 'model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: Hello\n');
    const uri = vscode.Uri.file(file);
    await open(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 12));
    const text = hoverText(hovers);
    assert.match(text, /\*\*openai\/gpt-4o-mini\*\*/);
    assert.match(text, /Context window: 128,000 tokens/);
    assert.match(text, /input \$0\.15 .* output \$0\.60 \(price table of \d{4}-\d{2}-\d{2}\)/);
  });

  it('contributes the prompt file schema for the YAML extension', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributes = (extension.packageJSON as { contributes: { yamlValidation?: { fileMatch: string[]; url: string }[] } }).contributes;
    const entry = contributes.yamlValidation?.find((v) => v.fileMatch.includes('*.prompt.yml'));
    assert.ok(entry, 'a yamlValidation entry for *.prompt.yml');
    const schema = JSON.parse(readFileSync(path.join(extension.extensionPath, entry.url), 'utf8')) as { properties: { inputs: unknown } };
    assert.ok(schema.properties.inputs, 'the prompt file schema');
  });
});

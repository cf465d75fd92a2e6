// "Promptyard: New LLM Service…": the QuickPick flow answered step by step generates a project through the
// core generator; the name input rejects what the generator rejects, as it is typed; a non-empty folder is
// used only when the user agrees; a file that would change is shown in a diff editor and replaced only with
// consent. The released prompt lives in its own registry (scaffolding/) so versions.test.ts's is untouched.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openRegistry } from '../../src/core/prompts/registry/registry';
import { activated, stubWindow, waitUntil } from './support/harness';

const COMMAND = 'promptyard.newService';

const BRIEF = `id: brief
name: Brief
model: anthropic/claude-sonnet-4-5
messages:
  - role: system
    content: You summarize support tickets in one sentence.
  - role: user
    content: "<ticket>{{ticket}}</ticket>"
`;

interface Answers {
  stack?: string;
  name?: string;
  prompts?: string[];
  provider?: string;
  options?: string[];
  /** The folder the open dialog returns. */
  folder?: string;
  /** Answers to the modal warnings, in turn. */
  warnings?: Array<string | undefined>;
  /** The answer to information messages. */
  info?: string;
  /** Sees the name input box's options before it is answered. */
  onInput?: (options: vscode.InputBoxOptions) => Promise<void>;
}

interface Asked {
  picks: Array<{ title: string; items: vscode.QuickPickItem[] }>;
  inputs: vscode.InputBoxOptions[];
  dialogs: vscode.OpenDialogOptions[];
  warnings: Array<{ message: string; detail?: string; items: string[] }>;
  infos: Array<{ message: string; items: string[] }>;
  errors: string[];
}

type NewServiceResult = { targetDir: string; written: string[]; overwritten: string[]; unchanged: string[]; kept: string[]; context: { name: string; provider: string; redis: boolean; streaming: boolean } };

describe('New LLM Service', function () {
  this.timeout(60_000);
  let workspace: string;
  /** The registry the flow serves (inside the workspace) and one with nothing released. */
  let registryDir: string;
  let emptyDir: string;
  let tmp: string;
  let restore: Array<{ restore(): void }> = [];

  before(async () => {
    await activated();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    registryDir = path.join(workspace, 'scaffolding');
    emptyDir = path.join(workspace, 'scaffolding-unreleased');
    for (const dir of [registryDir, emptyDir]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(path.join(dir, 'prompts'), { recursive: true });
      writeFileSync(path.join(dir, 'prompts', 'brief.prompt.yml'), BRIEF);
    }
    const registry = openRegistry(registryDir, { git: false, author: 'test' });
    await registry.release(path.join(registryDir, 'prompts', 'brief.prompt.yml'), { message: 'first' });
    await registry.label('brief', 'production', '1.0.0');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'promptyard-new-service-'));
  });

  afterEach(() => {
    restore.forEach((s) => s.restore());
    restore = [];
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const dir of [registryDir, emptyDir, tmp]) rmSync(dir, { recursive: true, force: true });
  });

  /** Answers every prompt of the flow as a user would, and records what was asked. */
  const answer = (a: Answers): Asked => {
    const asked: Asked = { picks: [], inputs: [], dialogs: [], warnings: [], infos: [], errors: [] };
    const warnings = [...(a.warnings ?? [])];
    const byLabel = (items: vscode.QuickPickItem[], label: string) => {
      const found = items.find((i) => i.label === label);
      if (!found) throw new Error(`no item ${label} in ${items.map((i) => i.label).join(', ')}`);
      return found;
    };
    restore.push(
      stubWindow({
        showQuickPick: async (itemsOrPromise: readonly vscode.QuickPickItem[] | Promise<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
          const items = [...(await itemsOrPromise)];
          const title = options?.title ?? '';
          asked.picks.push({ title, items });
          if (title.includes('stack')) return a.stack === undefined ? undefined : byLabel(items, a.stack);
          if (title.includes('prompts')) return a.prompts?.map((l) => byLabel(items, l));
          if (title.includes('provider')) return a.provider === undefined ? undefined : byLabel(items, a.provider);
          if (title.includes('options')) return a.options?.map((l) => byLabel(items, l));
          throw new Error(`unexpected quick pick ${title}`);
        },
        showInputBox: async (options: vscode.InputBoxOptions) => {
          asked.inputs.push(options);
          await a.onInput?.(options);
          return a.name;
        },
        showOpenDialog: async (options: vscode.OpenDialogOptions) => {
          asked.dialogs.push(options);
          return a.folder === undefined ? undefined : [vscode.Uri.file(a.folder)];
        },
        showWarningMessage: async (message: string, options: vscode.MessageOptions | string, ...items: string[]) => {
          asked.warnings.push({ message, items, ...(typeof options === 'object' && options.detail !== undefined ? { detail: options.detail } : {}) });
          return warnings.shift();
        },
        showInformationMessage: async (message: string, ...items: string[]) => {
          asked.infos.push({ message, items });
          return a.info;
        },
        showErrorMessage: async (message: string) => void asked.errors.push(message),
      }),
    );
    return asked;
  };

  const fullAnswers = (folder: string, name: string, extra: Partial<Answers> = {}): Answers => ({
    stack: 'Express (TypeScript)',
    name,
    prompts: ['brief@production'],
    provider: 'Anthropic',
    options: ['Redis'],
    folder,
    ...extra,
  });

  const run = async (arg: unknown = vscode.Uri.file(registryDir)) => (await vscode.commands.executeCommand(COMMAND, arg)) as NewServiceResult | undefined;
  const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : []);

  it('generates the chosen stack, prompts, provider and options into a new folder beside the picked one', async () => {
    const parent = mkdtempSync(path.join(tmp, 'parent-'));
    const asked = answer(fullAnswers(parent, 'ticket-triage'));
    const result = await run();
    const target = path.join(parent, 'ticket-triage');
    assert.ok(result, `the flow finished; errors: ${asked.errors.join(' | ')}`);
    assert.equal(result.targetDir, target);

    // The steps, in order, with a description of each stack.
    assert.deepEqual(
      asked.picks.map((p) => p.title),
      ['New LLM Service (1/6): stack', 'New LLM Service (3/6): prompts', 'New LLM Service (4/6): provider', 'New LLM Service (5/6): options'],
    );
    const stacks = asked.picks[0]!.items;
    assert.deepEqual(stacks.map((i) => i.label), ['FastAPI', 'Express (TypeScript)', 'Spring Boot']);
    for (const s of stacks) assert.ok(s.detail && s.detail.length > 10, `${s.label} has a one-line description`);
    const prompts = asked.picks[1]!.items;
    assert.deepEqual(prompts.map((i) => [i.label, i.description, i.picked]), [['brief@production', '1.0.0', true]]);
    assert.deepEqual(asked.picks[2]!.items.map((i) => i.label), ['Anthropic', 'OpenAI', 'OpenAI-compatible'], "the prompt's provider is offered first");
    assert.equal(asked.dialogs.length, 1);
    assert.equal(asked.dialogs[0]!.canSelectFolders, true);
    assert.equal(asked.dialogs[0]!.defaultUri?.fsPath, path.dirname(workspace), 'the dialog opens beside the workspace folder');
    assert.deepEqual(asked.warnings, [], 'a new folder needs no confirmation');

    // What was written: the stack's own manifest, the chosen prompt through the lock file, the options.
    const files = listing(target);
    for (const f of ['package.json', 'tsconfig.json', 'Dockerfile', 'README.md', 'prices.json', 'prompts/prompts.lock.json', 'prompts/brief.prompt.yml', 'prompts/.versions/brief/1.0.0.prompt.yml', 'src/redisStore.ts']) {
      assert.ok(files.includes(f), `${f} is generated (got ${files.length} files)`);
    }
    assert.equal(JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8')).name, 'ticket-triage');
    const lock = JSON.parse(readFileSync(path.join(target, 'prompts', 'prompts.lock.json'), 'utf8')) as { prompts: Record<string, { labels: Record<string, string>; versions: Record<string, unknown> }> };
    assert.deepEqual(Object.keys(lock.prompts), ['brief']);
    assert.deepEqual(lock.prompts.brief!.labels, { production: '1.0.0' });
    assert.deepEqual(Object.keys(lock.prompts.brief!.versions), ['1.0.0']);
    assert.equal(readFileSync(path.join(target, 'prompts', '.versions', 'brief', '1.0.0.prompt.yml'), 'utf8'), readFileSync(path.join(registryDir, 'prompts', '.versions', 'brief', '1.0.0.prompt.yml'), 'utf8'));
    assert.deepEqual([result.context.provider, result.context.redis, result.context.streaming], ['anthropic', true, false]);
    assert.deepEqual(result.written, files.filter((f) => !isDir(path.join(target, f))), 'every file was new');
    assert.equal(listing(parent).filter((f) => f.includes('.tmp')).length, 0, 'no staging folder is left behind');

    const done = asked.infos.at(-1)!;
    assert.match(done.message, /Generated ticket-triage \(Express \(TypeScript\)\) in .*ticket-triage: \d+ files written/);
    assert.deepEqual(done.items, ['Open Folder', 'Open in New Window']);
  });

  it("rejects an invalid service name as it is typed, with the generator's rule, and writes nothing for one", async () => {
    const parent = mkdtempSync(path.join(tmp, 'invalid-'));
    const verdicts: Array<[string, unknown]> = [];
    const asked = answer(
      fullAnswers(parent, 'Ticket_Triage', {
        onInput: async (options) => {
          for (const value of ['Ticket_Triage', 'ab', 'ticket-', '1ticket', 'ticket-triage']) verdicts.push([value, await options.validateInput!(value)]);
        },
      }),
    );
    assert.equal(await run(), undefined);
    for (const [value, verdict] of verdicts.slice(0, 4)) {
      assert.equal(typeof verdict, 'string', `${value} is rejected`);
      assert.match(verdict as string, new RegExp(`'${value}' is not a valid service name\\. Use 3 to 50 lowercase letters`));
    }
    assert.deepEqual(verdicts[4], ['ticket-triage', undefined]);
    assert.match(asked.inputs[0]!.value ?? '', /^[a-z][a-z0-9-]+[a-z0-9]$/, 'the suggested name is valid');
    // An answer that skipped the validation is refused before anything else is asked or written.
    assert.equal(asked.errors.length, 1);
    assert.match(asked.errors[0]!, /'Ticket_Triage' is not a valid service name/);
    assert.equal(asked.dialogs.length, 0);
    assert.deepEqual(listing(parent), []);
  });

  it('writes nothing into a non-empty folder the user does not confirm', async () => {
    const parent = mkdtempSync(path.join(tmp, 'non-empty-'));
    const target = path.join(parent, 'notes-service');
    mkdirSync(target);
    writeFileSync(path.join(target, 'notes.txt'), 'mine\n');
    const asked = answer(fullAnswers(parent, 'notes-service', { warnings: [undefined] }));
    assert.equal(await run(), undefined);
    assert.equal(asked.warnings.length, 1);
    assert.match(asked.warnings[0]!.message, /notes-service is not empty \(notes\.txt\)\. Add the service's files to it\?/);
    assert.deepEqual(asked.warnings[0]!.items, ['Add Files']);
    assert.deepEqual(listing(parent), ['notes-service', path.join('notes-service', 'notes.txt')]);
    assert.equal(readFileSync(path.join(target, 'notes.txt'), 'utf8'), 'mine\n');
    assert.deepEqual(asked.errors, []);
  });

  it('shows a differing file in a diff editor and replaces it only with consent', async () => {
    const parent = mkdtempSync(path.join(tmp, 'conflict-'));
    const target = path.join(parent, 'triage');
    answer(fullAnswers(parent, 'triage'));
    const first = await run();
    assert.ok(first);
    restore.forEach((s) => s.restore());
    restore = [];
    const readme = path.join(target, 'README.md');
    const generatedReadme = readFileSync(readme, 'utf8');
    writeFileSync(readme, '# My own notes\n');
    rmSync(path.join(target, 'package.json'));

    // Cancel at the file: nothing at all is written, not even the missing file.
    let asked = answer(fullAnswers(parent, 'triage', { warnings: ['Add Files', undefined] }));
    assert.equal(await run(), undefined);
    assert.equal(asked.warnings.length, 2);
    assert.match(asked.warnings[1]!.message, /^README\.md already exists in triage and differs from the generated file\. Replace it\?/);
    assert.deepEqual(asked.warnings[1]!.items, ['Replace', 'Keep Mine']);
    const diff = await activeDiff();
    assert.equal(diff.original.fsPath, readme, 'the diff shows the existing file on the left');
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), generatedReadme, 'and the generated one on the right');
    assert.equal(readFileSync(readme, 'utf8'), '# My own notes\n');
    assert.equal(existsSync(path.join(target, 'package.json')), false);
    restore.forEach((s) => s.restore());
    restore = [];

    // Keep Mine: the missing file is added, the differing one stays as it is.
    asked = answer(fullAnswers(parent, 'triage', { warnings: ['Add Files', 'Keep Mine'] }));
    let result = await run();
    assert.ok(result, asked.errors.join(' | '));
    assert.deepEqual([result.kept, result.overwritten, result.written], [['README.md'], [], ['package.json']]);
    assert.equal(readFileSync(readme, 'utf8'), '# My own notes\n');
    assert.ok(existsSync(path.join(target, 'package.json')));
    assert.match(asked.infos.at(-1)!.message, /: 1 file written, 1 kept as they were, \d+ unchanged\./);
    restore.forEach((s) => s.restore());
    restore = [];

    // Replace: now it is overwritten.
    asked = answer(fullAnswers(parent, 'triage', { warnings: ['Add Files', 'Replace'] }));
    result = await run();
    assert.ok(result, asked.errors.join(' | '));
    assert.deepEqual([result.kept, result.overwritten, result.written], [[], ['README.md'], []]);
    assert.equal(readFileSync(readme, 'utf8'), generatedReadme);
    assert.equal(listing(parent).filter((f) => f.includes('.tmp')).length, 0);
  });

  it('says when nothing is released and offers to release a prompt', async () => {
    const asked = answer({ info: 'Release…' });
    assert.equal(await run(vscode.Uri.file(emptyDir)), undefined);
    assert.equal(asked.infos.length, 1);
    assert.match(asked.infos[0]!.message, /^No prompt has been released in .*scaffolding-unreleased yet\..*release one first/);
    assert.deepEqual(asked.infos[0]!.items, ['Release…']);
    assert.equal(asked.picks.length, 0, 'no step is asked');
    // "Release…" runs Release Prompt… on the registry's prompt file: it asks for the release message (answered with Escape).
    await waitUntil(() => asked.inputs.length > 0, 'the release message input');
    assert.equal(asked.inputs[0]!.title, 'Release brief 1.0.0');
    assert.deepEqual(asked.errors, []);
    assert.equal(existsSync(path.join(emptyDir, 'prompts', 'prompts.lock.json')), false, 'nothing was released');
  });
});

function isDir(p: string): boolean {
  return statSync(p).isDirectory();
}

async function activeDiff(): Promise<vscode.TabInputTextDiff> {
  let input: unknown;
  await waitUntil(() => (input = vscode.window.tabGroups.activeTabGroup.activeTab?.input) instanceof vscode.TabInputTextDiff, 'a diff editor');
  return input as vscode.TabInputTextDiff;
}

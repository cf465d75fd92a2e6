// `promptyard scaffold <stack> <dir>`: a service project around the workspace's released prompts
// (src/core/scaffold, docs/scaffold.md). Results go to stdout (the diffs of conflicting files too), the
// summary and next steps to stderr.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PromptyardError } from '../../core/errors';
import { findWorkspaceRoot } from '../../core/prompts/registry/workspace';
import { scaffold, ScaffoldConflictError } from '../../core/scaffold/generate';
import { listStacks } from '../../core/scaffold/manifest';
import { PROVIDERS } from '../../core/scaffold/options';
import type { Command } from '../context';
import { err, out } from '../output';

declare const PROMPTYARD_VERSION: string | undefined;

/** Tests and template authors: use templates from this folder instead of the installed ones. */
const TEMPLATES_ENV = 'PROMPTYARD_TEMPLATES_DIR';

export const scaffoldCommand: Command = {
  name: 'scaffold',
  summary: 'generate a production service (FastAPI, Express, ...) around released prompts',
  help: `Usage: promptyard scaffold <stack> <dir> [--name <name>] [--prompt id@label]... [--provider <p>]
                           [--redis] [--no-streaming] [--force [--overwrite]] [--json]

Generates a service project in <dir> from the stack's templates: HTTP endpoints to run and stream the
chosen prompts, feedback, health and metrics, with rate limits, budgets, a cache, guards against prompt
injection, its own tests, a Dockerfile, Kubernetes manifests and a CI workflow (docs/scaffold.md).
The prompts are copied through the registry: their released snapshots and a lock file holding them.

Arguments:
  <stack>               the template (run \`promptyard scaffold --help\` in an installed promptyard to see them)
  <dir>                 the new project's folder: new or empty (see --force)

Options:
  --name <name>         service name (default: the folder name): 3-50 of a-z, 0-9 and "-", a letter first
  --prompt <ref>        a released prompt to serve: id@label, id@1.2.0 or id (repeatable);
                        default: every released prompt at its production label (else its latest version)
  --provider <p>        ${PROVIDERS.join(' | ')} (default: the first prompt's model's provider)
  --redis               share cache, rate limits, budgets and idempotency keys through Redis (REDIS_URL)
  --no-streaming        leave out the streaming endpoint
  --force               write into a non-empty folder: add missing files, keep identical ones
  --overwrite           with --force, replace files that differ (otherwise their diffs are shown, exit 1)
  --json                print {"dir", "written", "unchanged", "overwritten", "context"} as JSON

Nothing is written when an argument is wrong (exit 2) or a file would change without --overwrite (exit 1).

Example:
  promptyard prompts release prompts/summarize.prompt.yml
  promptyard scaffold express services/summarizer --prompt summarize@production --redis`,
  options: {
    name: { type: 'string' },
    prompt: { type: 'string', multiple: true },
    provider: { type: 'string' },
    redis: { type: 'boolean' },
    'no-streaming': { type: 'boolean' },
    force: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    const templatesDir = findTemplatesDir();
    const [stack, dir, extra] = args.positionals;
    if (!stack || !dir || extra !== undefined) {
      const stacks = listStacks(templatesDir);
      throw new PromptyardError('usage', `'scaffold' needs a stack and a folder${extra !== undefined ? `, not '${extra}'` : ''}`, {
        hint: `Run \`promptyard scaffold <stack> <dir>\`; stacks: ${stacks.join(', ') || 'none installed'}.`,
        exitCode: 2,
      });
    }
    const v = args.values;
    if (v.overwrite && !v.force) {
      throw new PromptyardError('usage', '--overwrite only works together with --force', { hint: 'Add --force.', exitCode: 2 });
    }
    const config = await ctx.config();
    try {
      const result = await scaffold({
        templatesDir,
        stack,
        targetDir: path.resolve(ctx.cwd, dir),
        workspaceRoot: findWorkspaceRoot(ctx.cwd),
        ...(typeof v.name === 'string' ? { name: v.name } : {}),
        prompts: Array.isArray(v.prompt) ? v.prompt.map(String) : [],
        ...(typeof v.provider === 'string' ? { provider: v.provider } : {}),
        redis: v.redis === true,
        streaming: v['no-streaming'] !== true,
        force: v.force === true,
        overwrite: v.overwrite === true,
        promptyardVersion: promptyardVersion(templatesDir),
        priceOverrides: config.prices,
      });
      if (v.json) {
        out.json({ dir: result.targetDir, written: result.written, unchanged: result.unchanged, overwritten: result.overwritten, context: result.context });
        return 0;
      }
      const rel = path.relative(ctx.cwd, result.targetDir) || '.';
      const prompts = result.context.prompts.map((p) => `${p.id}@${p.label} (${p.version})`).join(', ');
      out.line(`Generated ${result.context.name} (${stack}) in ${rel}: ${result.written.length} files written, ${result.overwritten.length} replaced, ${result.unchanged.length} unchanged.`);
      out.line(`Prompts: ${prompts}. Provider: ${result.context.provider}.`);
      err.line(err.dim(`Next: cd ${rel} and follow README.md (install, test, run with LLM_API_KEY set).`));
      return 0;
    } catch (e) {
      if (!(e instanceof ScaffoldConflictError)) throw e;
      for (const c of e.conflicts) out.line(`${c.diff}\n`);
      err.line(`${err.red('error:')} ${e.format()}`);
      return 1;
    }
  },
};

/** templates/ of this promptyard: beside bin/ and dist/ in the package (the CLI runs from bin/promptyard.mjs). */
function findTemplatesDir(): string {
  const fromEnv = process.env[TEMPLATES_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  const starts = [process.argv[1], typeof __filename === 'string' ? __filename : undefined].filter((s): s is string => !!s);
  for (const start of starts) {
    let dir = path.dirname(safeRealpath(start));
    for (;;) {
      if (existsSync(path.join(dir, 'templates')) && existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'templates');
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new PromptyardError('templates-missing', 'cannot find the stack templates of this promptyard installation', {
    hint: `Reinstall promptyard, or set ${TEMPLATES_ENV} to a templates/ folder.`,
    exitCode: 1,
  });
}

function promptyardVersion(templatesDir: string): string {
  if (typeof PROMPTYARD_VERSION === 'string') return PROMPTYARD_VERSION;
  try {
    return String((JSON.parse(readFileSync(path.join(templatesDir, '..', 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

// `promptyard eval [files...]`: runs eval suites. Only the help and the option table live here; the
// runner, the suites and the reports load when the command runs, so `eval --help` stays instant.
import type { Command } from '../context';

const HELP = `Usage: promptyard eval [files...] [options]
       promptyard eval merge <run-id|dir>... [--output file]... [--baseline run-id] [--min-pass-rate r]
       promptyard eval --list [--json]

Runs eval suites: .prompt.yml files with testData or datasets, .prompty files with sample inputs, and
promptfoo configs (promptfooconfig.yaml). Without files, every suite under the working directory runs.
Each case is appended to .promptyard/runs/<run-id>/results.jsonl as it finishes, so an interrupted run
can be finished with --resume. Progress and the cost estimate go to stderr; the summary table to stdout.

Work:
  --model <id>            run on this model instead of the suites' own (repeatable, or a comma list)
  --versions <refs>       run the same cases on released versions of a prompt, compared in one report:
                          summarize@1.0.0,summarize@1.1.0, or summarize@all (repeatable); labels work
                          too (summarize@production). Without files, only those prompts' suites run.
  --grader <id>           model for model-graded assertions (llm-rubric, factuality, ...)
  --filter <pattern>      only matching work (repeatable). A pattern is a case-insensitive text, or
                          /regex/flags; it matches a case id or description, a prompt id or a model id.
                          Prefix case:, prompt: or model: to match one field only. Patterns on one field
                          are alternatives, patterns on different fields must all match:
                          --filter model:mini --filter 'case:/^refund/'
  --repeat <n>            run each case n times; the summary gives each case's stability (passes/n)
  --dataset <file>        append the cases of a JSONL, CSV, TSV or YAML dataset to every suite (repeatable)
  --strict                a dataset record that can't be read is an error (default: skipped, with a warning)
  --shard <i/n>           run the i-th of n parts (split by case, deterministically); join with merge

Speed and money:
  --concurrency <n>       calls in flight per provider (default 8); lowered on 429s and raised again
  --code-timeout <ms>     time limit of one javascript assertion or transform (default 5000)
  --no-cache              ask the models again instead of using cached responses
  --cache-ttl <days>      cached responses older than this are not used (default 14)
  --max-cost <usd>        stop before a call would take this invocation past the budget; the run
                          stays resumable (a resumed run starts a new budget)
  --resume <run-id>       finish an interrupted or stopped run: only what is missing runs, same run id

Reports:
  --output <file>         write a report: .json, .xml (JUnit) or .html (self-contained); repeatable
  --baseline <run-id>     mark each case fixed, broken or unchanged against an earlier run
  --min-pass-rate <r>     pass when at least this share passes (0.9 or 90%) instead of every case
  --json                  print the summary as JSON instead of the table
  --list                  list the runs of this workspace, newest first

Exit codes: 0 every case passed (or the pass rate was met), 1 a case failed or the run stopped early,
2 bad input, 130 interrupted (finish with the --resume command it prints).

Examples:
  promptyard eval
  promptyard eval prompts/summarize.prompt.yml --model openai/gpt-4o-mini,anthropic/claude-haiku-4-5
  promptyard eval --versions summarize@production,summarize@1.2.0 --output compare.html
  promptyard eval promptfooconfig.yaml --repeat 3 --max-cost 5 --output report.html
  promptyard eval --shard 2/4 && promptyard eval merge <run-1> <run-2> <run-3> <run-4> --output junit.xml`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'run eval suites (prompt files, .prompty, promptfoo configs) and report',
  help: HELP,
  options: {
    model: { type: 'string', multiple: true },
    versions: { type: 'string', multiple: true },
    grader: { type: 'string' },
    filter: { type: 'string', multiple: true },
    repeat: { type: 'string' },
    dataset: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    shard: { type: 'string' },
    concurrency: { type: 'string' },
    'code-timeout': { type: 'string' },
    'no-cache': { type: 'boolean' },
    'cache-ttl': { type: 'string' },
    'max-cost': { type: 'string' },
    resume: { type: 'string' },
    output: { type: 'string', multiple: true },
    baseline: { type: 'string' },
    'min-pass-rate': { type: 'string' },
    json: { type: 'boolean' },
    list: { type: 'boolean' },
  },
  async run(args, ctx) {
    const argv = process.argv.slice(3);
    if (args.values.list) return (await import('../evalRuns')).listCommand(ctx, args.values.json === true);
    const { parseEvalOptions } = await import('../evalOptions');
    if (args.positionals[0] === 'merge') {
      const options = parseEvalOptions({ values: args.values, positionals: [] }, ctx.cwd);
      return (await import('../evalRuns')).mergeCommand(args.positionals.slice(1), options, ctx, argv);
    }
    return (await import('../evalRun')).evalCommand(args, ctx, argv);
  },
};

// Help of `promptyard prompts` and of each of its subcommands.

const OVERVIEW = `Usage: promptyard prompts <subcommand> [options]

Versions and labels of the prompt files in this workspace. Releasing writes an immutable snapshot
prompts/.versions/<id>/<version>.prompt.yml and records it in prompts/prompts.lock.json; services
load id@label or id@version through the lock file (docs/prompt-registry.md).

Subcommands:
  release <file>                 snapshot a prompt file as its next version
  label <id> <label> <version>   point a label (production, staging, any name) at a version
  promote <id> --from <label> --to <label>
                                 point one label at the version of another
  rollback <id> [--label name]   move a label back to the version released before its current one
  list                           every prompt: latest version, labels, unreleased changes
  history <id>                   releases and label moves, oldest first
  show <id>@<version|label>      print a released version
  diff <id>@<a> <id>@<b>         what changed between two versions: model, parameters, messages, tools
  check [--strict]               fail (exit 1) when snapshots, lock file and prompt files disagree

Run \`promptyard prompts <subcommand> --help\` for its options.
The workspace root is the nearest folder up from here that holds prompts/ or promptyard.config.yaml,
else the root of the git work tree.
Exit codes: 0 success, 1 check problems or a conflicting writer, 2 bad input.`;

const SUBCOMMANDS: Record<string, string> = {
  release: `Usage: promptyard prompts release <file> [--bump major|minor|patch | --version V] [-m message] [--json]

Writes prompts/.versions/<id>/<version>.prompt.yml, records its sha256, time, message, author and git
commit in prompts/prompts.lock.json, and sets the file's version: key (the rest of the file is kept as is).
Releasing content that equals the latest release does nothing and says so.

Options:
  --bump <kind>      major, minor or patch (default patch); a first release takes the file's version:
                     or 1.0.0
  --version <V>      an explicit semantic version, greater than the latest one
  -m, --message <m>  what changed, recorded with the version
  --json             print the result as JSON

Example:
  promptyard prompts release prompts/summarize.prompt.yml --bump minor -m "shorter bullets"`,
  label: `Usage: promptyard prompts label <id> <label> <version> [--json]

Points <label> at a released version of <id> and records the move (who, when, from, to) in the label's
history. Label names start with a letter: production, staging, canary, …

Example:
  promptyard prompts label summarize staging 1.2.0`,
  promote: `Usage: promptyard prompts promote <id> --from <label> --to <label> [--json]

Points label --to at the version label --from points at, e.g. staging to production.

Example:
  promptyard prompts promote summarize --from staging --to production`,
  rollback: `Usage: promptyard prompts rollback <id> [--label <label>] [--json]

Moves the label (default production) to the version released before the one it points at.

Example:
  promptyard prompts rollback summarize --label production`,
  list: `Usage: promptyard prompts list [--json]

Every prompt of the workspace: its id, latest version, labels, and whether the file has changes not yet
released. Prompt files under prompts/ that were never released are listed too.`,
  history: `Usage: promptyard prompts history <id> [--json]

The releases of <id> (version, time, author, commit, message) and every label move, oldest first.`,
  show: `Usage: promptyard prompts show <id>@<version|label> [--json]

Prints the snapshot of a released version to stdout (its details go to stderr). <id> alone means its
production label, else its latest version; <id>@latest is the latest version.

Example:
  promptyard prompts show summarize@production`,
  diff: `Usage: promptyard prompts diff <id>@<a> <id>@<b> [--json]

What changed between two released versions: model and each model parameter, the response format, the
messages (added, removed, changed, with a line diff inside), tools, inputs, test data and evaluators.

Example:
  promptyard prompts diff summarize@production summarize@staging`,
  check: `Usage: promptyard prompts check [--strict] [--json]

For CI: exits 1 when a snapshot was edited or is missing, a snapshot has no record, a record names a
missing prompt file, a label points at a version that does not exist, two prompt files share an id, or
the lock file is not valid. Every problem names its file and how to repair it.

Options:
  --strict   also fail when a prompt file has changes not yet released
  --json     print the report as JSON`,
};

export const PROMPTS_SUBCOMMANDS = Object.keys(SUBCOMMANDS);

export function promptsHelp(subcommand?: string): string {
  return (subcommand !== undefined ? SUBCOMMANDS[subcommand] : undefined) ?? OVERVIEW;
}

/**
 * The CLI prints a command's help before its arguments are parsed; the subcommand is read from the
 * arguments after `prompts` so that `promptyard prompts release --help` shows the help of release.
 */
export function subcommandInArgs(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-') && PROMPTS_SUBCOMMANDS.includes(a));
}

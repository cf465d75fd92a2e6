import assert from 'node:assert/strict';
import { formatCheck } from '../../../../src/cli/promptsFormat';
import { PROMPTS_SUBCOMMANDS, promptsHelp, subcommandInArgs } from '../../../../src/cli/promptsHelp';

describe('prompts CLI help and check output', () => {
  it('finds the subcommand whose help to print', () => {
    assert.equal(subcommandInArgs(['release', '--help']), 'release');
    assert.equal(subcommandInArgs(['--json', 'check', '-h']), 'check');
    assert.equal(subcommandInArgs(['--help']), undefined);
    assert.equal(subcommandInArgs(['nope', '--help']), undefined);
  });

  it('every subcommand has its own usage line', () => {
    for (const name of PROMPTS_SUBCOMMANDS) assert.match(promptsHelp(name), new RegExp(`^Usage: promptyard prompts ${name}`));
    assert.match(promptsHelp(), /^Usage: promptyard prompts <subcommand>/);
  });

  it('check output: one located problem with its repair, then a summary', () => {
    const lines = formatCheck({
      ok: false,
      problems: [{ code: 'lock-invalid-json', file: 'prompts/prompts.lock.json', line: 3, column: 5, message: 'the lock file is not valid JSON: x', hint: 'Fix it.' }],
      notes: ['n'],
      stats: { prompts: 1, versions: 2, promptFiles: 1, ms: 12 },
    });
    assert.deepEqual(lines, ['prompts/prompts.lock.json:3:5: the lock file is not valid JSON: x.', '  Fix it.', 'note: n', 'check failed: 1 problem (1 prompt, 2 versions, 1 prompt file, 0.01 s)']);
  });
});

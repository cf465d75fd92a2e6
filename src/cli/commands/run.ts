import type { Command } from '../context';

export const runCommand: Command = {
  name: 'run',
  summary: '(coming)',
  help: '',
  options: {},
  async run() {
    return 2;
  },
};

import type { Command } from '../context';

export const renderCommand: Command = {
  name: 'render',
  summary: '(coming)',
  help: '',
  options: {},
  async run() {
    return 2;
  },
};

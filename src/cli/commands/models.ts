import type { Command } from '../context';

export const modelsCommand: Command = {
  name: 'models',
  summary: '(coming)',
  help: '',
  options: {},
  async run() {
    return 2;
  },
};

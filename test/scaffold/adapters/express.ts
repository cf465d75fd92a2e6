// templates/express: npm with a cache under .cache/scaffold-npm, node:test, tsc and eslint; runs the build.
import path from 'node:path';
import { CACHE, must } from '../support';
import type { StackAdapter } from './types';

const npmEnv = () => ({ ...process.env, npm_config_cache: path.join(CACHE, 'scaffold-npm'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

export const expressAdapter: StackAdapter = {
  stack: 'express',
  async install(dir) {
    await must('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, env: npmEnv(), timeoutMs: 600_000 });
  },
  async ownTests(dir) {
    await must('npm', ['test'], { cwd: dir, env: npmEnv(), timeoutMs: 300_000 });
  },
  async lint(dir) {
    await must('npx', ['tsc', '--noEmit'], { cwd: dir, env: npmEnv() });
    await must('npx', ['eslint', '.', '--max-warnings', '0'], { cwd: dir, env: npmEnv() });
  },
  async build(dir) {
    await must('npm', ['run', 'build'], { cwd: dir, env: npmEnv() });
  },
  startCommand: () => ({ command: process.execPath, args: ['dist/main.js'] }),
};

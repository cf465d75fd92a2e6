// templates/fastapi: a virtual environment inside the project (.cache/venv, python3 -m venv), pip with its
// download cache under .cache/pip of this repository, pytest, ruff and bandit; started as `python -m app`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CACHE, must } from '../support';
import type { StackAdapter } from './types';

const PYTHON = process.env.PROMPTYARD_PYTHON ?? 'python3';
const venvPython = (dir: string) => path.join(dir, '.cache', 'venv', 'bin', 'python');
const pyEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PIP_CACHE_DIR: path.join(CACHE, 'pip'),
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  PIP_NO_INPUT: '1',
  PYTHONDONTWRITEBYTECODE: '1',
});

export const fastapiAdapter: StackAdapter = {
  stack: 'fastapi',
  async unavailable() {
    const probe = spawnSync(PYTHON, ['-c', 'import sys, venv; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
    if (probe.status !== 0) return `${PYTHON} with the venv module is not installed`;
    return probe.stdout.trim() === 'True' ? undefined : `${PYTHON} is older than 3.11`;
  },
  async install(dir) {
    await must(PYTHON, ['-m', 'venv', path.join(dir, '.cache', 'venv')], { cwd: dir, env: pyEnv() });
    await must(venvPython(dir), ['-m', 'pip', 'install', '--quiet', '--prefer-binary', '-e', '.[dev]'], { cwd: dir, env: pyEnv(), timeoutMs: 900_000 });
  },
  async ownTests(dir) {
    // -p no:cacheprovider: nothing written into the project but the feedback and the venv
    await must(venvPython(dir), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: dir, env: pyEnv(), timeoutMs: 600_000 });
  },
  async lint(dir) {
    await must(venvPython(dir), ['-m', 'ruff', 'check', '--no-cache', '.'], { cwd: dir, env: pyEnv() });
    await must(venvPython(dir), ['-m', 'ruff', 'format', '--no-cache', '--check', '.'], { cwd: dir, env: pyEnv() });
    await must(venvPython(dir), ['-m', 'bandit', '-q', '-r', 'app'], { cwd: dir, env: pyEnv() });
  },
  startCommand: (dir) => ({ command: venvPython(dir), args: ['-m', 'app'] }),
};

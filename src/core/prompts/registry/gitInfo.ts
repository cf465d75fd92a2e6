// Who released and on which commit: `git rev-parse HEAD` inside a git work tree (omitted otherwise), the
// author from `git config user.name`, else the OS user.
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5_000, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}

/** The commit HEAD points at, or undefined outside a git work tree (or before the first commit). */
export async function gitCommit(root: string): Promise<string | undefined> {
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  return head && /^[0-9a-f]{7,64}$/.test(head) ? head : undefined;
}

export async function currentAuthor(root: string): Promise<string> {
  const name = await git(root, ['config', 'user.name']);
  if (name) return name;
  try {
    return userInfo().username || process.env.USER || process.env.USERNAME || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

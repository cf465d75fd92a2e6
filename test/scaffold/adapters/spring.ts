// templates/spring: Maven with the repository cache under .cache/m2 (CI reuses it), JUnit 5 through
// `mvn verify`, javac with -Xlint as the static check; starts the packaged jar.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from '../../support/cli';
import { CACHE, must } from '../support';
import type { StackAdapter } from './types';

const mvn = (dir: string, args: string[], timeoutMs = 900_000) =>
  must('mvn', ['-B', '-q', '-T1', `-Dmaven.repo.local=${path.join(CACHE, 'm2')}`, ...args], { cwd: dir, env: { ...process.env }, timeoutMs });

export const springAdapter: StackAdapter = {
  stack: 'spring',
  async unavailable() {
    for (const [command, args] of [['java', ['-version']], ['mvn', ['-v']]] as const) {
      const run = await runProcess(command, [...args], { cwd: process.cwd(), env: { ...process.env } }).catch(() => undefined);
      if (!run || run.code !== 0) return `${command} is not installed`;
    }
    return undefined;
  },
  async install(dir) {
    await mvn(dir, ['-DskipTests', 'dependency:resolve', 'dependency:resolve-plugins']);
  },
  async ownTests(dir) {
    await mvn(dir, ['verify']);
  },
  async lint(dir) {
    await mvn(dir, ['-DskipTests', '-Dmaven.compiler.showWarnings=true', '-Dmaven.compiler.failOnWarning=false', 'compile']);
  },
  async build(dir) {
    await mvn(dir, ['-DskipTests', 'package']);
  },
  startCommand(dir) {
    const jar = readdirSync(path.join(dir, 'target')).find((f) => f.endsWith('.jar') && !f.endsWith('-plain.jar'));
    if (!jar) throw new Error(`no jar in ${dir}/target: run the build first`);
    // A fixed, pre-touched heap (as in the Dockerfile) keeps the RSS flat under load; C1 only for a quick start.
    return { command: 'java', args: ['-Xms256m', '-Xmx256m', '-XX:+AlwaysPreTouch', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k', '-jar', path.join('target', jar)] };
  },
};

// CPU time (user + system) of every process in a process group, from /proc/<pid>/stat, in ms.
// The services are started detached (their own group led by the started pid), so wrappers and the
// runtime they start (e.g. a JVM behind a launcher script) are all counted.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name (which may contain spaces): state ppid pgrp ... utime(14) stime(15).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) !== pgid) continue;
    ticks += Number(rest[11]) + Number(rest[12]);
  }
  return (ticks * 1000) / TICKS_PER_S;
}

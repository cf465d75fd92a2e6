// Preloaded into a measured process (`node --import ./exitStats.mjs …`): at exit it prints the process's CPU
// time and peak RSS, read from process.resourceUsage(), as one `STATS {…}` line on stderr.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nSTATS ${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 })}\n`);
});

'use strict';
// Preloaded (node --require) by the bench's NB-6 row into `tipc-conformance run`, which it starts
// as a user does (node bin/tipc-conformance.js, no flags): at exit, writes the process's peak
// resident set and CPU time, loading included, to the file BENCH_RUSAGE_FILE names. It does
// nothing else, so the row measures the CLI as it is. The bench's own rows read their peak with
// peakRssKb() too.
const fs = require('node:fs');

/**
 * The largest resident set this process has had, in kB. On Linux, the kernel's VmHWM of the
 * process's own memory: getrusage's maxRSS (process.resourceUsage()) keeps the high-water mark of
 * the memory it had before exec, and a child's starts out as its parent's resident set at the fork
 * (a child of a 443 MB parent that used 41 MB said 386 MB), so a row could read no less than what
 * the bench's own process held (about 160 MB with the harness loaded). Elsewhere, maxRSS.
 */
function peakRssKb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc: not Linux
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.BENCH_RUSAGE_FILE;
delete process.env.BENCH_RUSAGE_FILE; // not for the processes the run starts
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    fs.writeFileSync(file, JSON.stringify({ maxRssKb: peakRssKb(), cpuMs: (cpu.user + cpu.system) / 1000 }));
  });
}

module.exports = { peakRssKb };

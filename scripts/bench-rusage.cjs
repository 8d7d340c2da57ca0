'use strict';
// Preloaded (node --require) by the bench's NB-6 row into `tipc-conformance run`, which it starts
// as a user does (node bin/tipc-conformance.js, no flags): at exit, writes the process's peak
// resident set and CPU time, loading included, to the file BENCH_RUSAGE_FILE names. It does
// nothing else, so the row measures the CLI as it is.
const fs = require('node:fs');

const file = process.env.BENCH_RUSAGE_FILE;
delete process.env.BENCH_RUSAGE_FILE; // not for the processes the run starts
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    fs.writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 }));
  });
}

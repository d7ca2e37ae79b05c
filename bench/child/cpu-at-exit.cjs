// Preloaded with `node -r` into a measured process: at exit, writes the CPU time it used
// (user + system, ms) to stderr as `cpu-ms=N`, so contention from other processes on the machine
// does not count against the command the way wall time does.
'use strict';
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`cpu-ms=${((user + system) / 1000).toFixed(1)}\n`);
});
